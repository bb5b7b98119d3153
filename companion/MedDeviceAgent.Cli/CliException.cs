using System;

namespace MedDeviceAgent.Cli
{
    /// <summary>A user-facing failure of a command: its message is printed and its exit code returned.</summary>
    public sealed class CliException : Exception
    {
        /// <summary>Creates the failure.</summary>
        public CliException(int exitCode, string message)
            : base(message)
        {
            ExitCode = exitCode;
        }

        /// <summary>The exit code (<see cref="ExitCodes"/>).</summary>
        public int ExitCode { get; }
    }
}
