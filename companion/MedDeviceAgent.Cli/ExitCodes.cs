namespace MedDeviceAgent.Cli
{
    /// <summary>
    /// mda exit codes (documented in the README). 0 is success; 1-9 are tool errors; 10-49 are the
    /// device verdicts of <see cref="MedDeviceAgent.Protocol.UpdateResult"/>, used as-is.
    /// </summary>
    public static class ExitCodes
    {
        /// <summary>Accepted or done.</summary>
        public const int Ok = 0;

        /// <summary>An unexpected failure (a bug): the message says what.</summary>
        public const int Failure = 1;

        /// <summary>The command line is wrong (unknown command, missing or bad option).</summary>
        public const int Usage = 2;

        /// <summary>An input file is missing, unreadable or malformed.</summary>
        public const int InputError = 3;

        /// <summary>The passphrase is wrong or missing.</summary>
        public const int WrongPassphrase = 4;

        /// <summary>The PKI directory is incomplete, inconsistent, or the operation is not allowed on it.</summary>
        public const int PkiError = 5;

        /// <summary>An output file could not be written (nothing was left half-written).</summary>
        public const int OutputError = 6;

        /// <summary>A raw signature check (sim crypto-verify) failed.</summary>
        public const int SignatureInvalid = 7;

        /// <summary>'mda sim run --count N': the run ended (--duration, Ctrl-C) before N messages were acknowledged.</summary>
        public const int NotCompleted = 8;
    }
}
