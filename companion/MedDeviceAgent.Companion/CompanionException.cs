using System;

namespace MedDeviceAgent.Companion
{
    /// <summary>
    /// The one exception type the companion library throws for expected failures (bad input, wrong
    /// passphrase, PKI misuse, unwritable output). <see cref="Kind"/> says which; the message names
    /// what is wrong and never contains key material or a passphrase.
    /// </summary>
    public sealed class CompanionException : Exception
    {
        /// <summary>Creates an exception of the given kind.</summary>
        public CompanionException(CompanionErrorKind kind, string message)
            : base(message)
        {
            Kind = kind;
        }

        /// <summary>Creates an exception of the given kind wrapping its cause.</summary>
        public CompanionException(CompanionErrorKind kind, string message, Exception innerException)
            : base(message, innerException)
        {
            Kind = kind;
        }

        /// <summary>What kind of failure this is.</summary>
        public CompanionErrorKind Kind { get; }
    }
}
