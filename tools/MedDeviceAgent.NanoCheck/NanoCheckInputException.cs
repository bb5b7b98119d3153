using System;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>An input the check cannot work with (missing file, unknown package, unreadable project): exit code 2.</summary>
    public sealed class NanoCheckInputException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public NanoCheckInputException()
        {
        }

        /// <summary>Creates the exception with a message for the user.</summary>
        public NanoCheckInputException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with a message and its cause.</summary>
        public NanoCheckInputException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
