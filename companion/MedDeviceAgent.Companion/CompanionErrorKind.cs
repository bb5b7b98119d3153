namespace MedDeviceAgent.Companion
{
    /// <summary>What kind of problem a <see cref="CompanionException"/> reports; the CLI maps each to one exit code.</summary>
    public enum CompanionErrorKind
    {
        /// <summary>An input file is missing, unreadable or malformed.</summary>
        InputError = 1,

        /// <summary>The passphrase does not decrypt the key (or none was given).</summary>
        WrongPassphrase = 2,

        /// <summary>The PKI directory is missing, incomplete or inconsistent, or the operation is not allowed on it.</summary>
        PkiError = 3,

        /// <summary>An output file could not be written; nothing was left half-written.</summary>
        OutputError = 4,

        /// <summary>A caller-supplied value is out of range or malformed (a version string, a window, a name).</summary>
        InvalidArgument = 5,
    }
}
