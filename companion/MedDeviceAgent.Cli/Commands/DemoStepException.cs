using System;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>A demo step did not behave as expected; the message says how (printed, the demo goes on and fails at the end).</summary>
    internal sealed class DemoStepException : Exception
    {
        /// <summary>A step failure with its reason.</summary>
        public DemoStepException(string message)
            : base(message)
        {
        }
    }
}
