namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// Outcome of verifying or installing an update package. Values are fixed: the device reports
    /// them over MQTT and the companion CLI uses them as its exit codes (see the README).
    /// Every verification starts as <see cref="NotVerified"/> and only the last check sets
    /// <see cref="Accepted"/>.
    /// </summary>
    public enum UpdateResult
    {
        /// <summary>The package was verified (and, for an install, installed and confirmed).</summary>
        Accepted = 0,

        /// <summary>Initial verdict: verification did not complete. Never a success.</summary>
        NotVerified = 9,

        /// <summary>The file is shorter than the header, the envelope or the declared payload.</summary>
        Truncated = 10,

        /// <summary>The header magic is not "MDPK".</summary>
        BadMagic = 11,

        /// <summary>The header names a format version this device does not read, or a reserved byte is set.</summary>
        UnsupportedFormat = 12,

        /// <summary>The envelope length exceeds <see cref="PackageFormat.MaxEnvelopeSize"/>.</summary>
        ManifestTooLarge = 13,

        /// <summary>The envelope or manifest is not well-formed deterministic CBOR.</summary>
        MalformedCbor = 14,

        /// <summary>The envelope is not a valid COSE_Sign1 structure, or carries a header outside the allow-list.</summary>
        InvalidCose = 15,

        /// <summary>The signature algorithm is not one the device verifies.</summary>
        UnsupportedAlgorithm = 16,

        /// <summary>A manifest field is missing, of the wrong type or out of range.</summary>
        InvalidManifest = 17,

        /// <summary>A root rotation statement does not chain from the device's trust anchor.</summary>
        InvalidRootChain = 20,

        /// <summary>The package carries no delegation for its signer key.</summary>
        MissingDelegation = 21,

        /// <summary>The delegation is not signed by the current root.</summary>
        InvalidDelegation = 22,

        /// <summary>The delegated key does not hold the update-signer role.</summary>
        WrongKeyRole = 23,

        /// <summary>The delegation is not valid yet.</summary>
        DelegationNotYetValid = 24,

        /// <summary>The delegation has expired.</summary>
        DelegationExpired = 25,

        /// <summary>The manifest's signer key id, the COSE kid and the delegation disagree.</summary>
        KeyIdMismatch = 26,

        /// <summary>The carried revocation list is not signed by the current root or is malformed.</summary>
        InvalidRevocationList = 27,

        /// <summary>The device has no revocation list as recent as the manifest requires.</summary>
        RevocationListOutdated = 28,

        /// <summary>The signer key is revoked.</summary>
        KeyRevoked = 29,

        /// <summary>The manifest signature does not verify.</summary>
        BadSignature = 30,

        /// <summary>The manifest is for another vendor.</summary>
        WrongVendor = 31,

        /// <summary>The manifest is for another device class.</summary>
        WrongDeviceClass = 32,

        /// <summary>The security counter is below the device's confirmed floor (rollback).</summary>
        Rollback = 33,

        /// <summary>The package has expired according to the device's trusted clock.</summary>
        Expired = 34,

        /// <summary>The payload is larger than the staging slot or the device's limit.</summary>
        PayloadTooLarge = 35,

        /// <summary>The payload's SHA-256 does not match the manifest.</summary>
        DigestMismatch = 36,

        /// <summary>Bytes follow the declared payload.</summary>
        TrailingData = 37,

        /// <summary>Storage failed while staging or recording state.</summary>
        StorageFailure = 40,

        /// <summary>The new image failed its health check and the device reverted to the previous image.</summary>
        HealthCheckFailed = 41,

        /// <summary>An update is already pending confirmation.</summary>
        UpdatePending = 42,

        /// <summary>
        /// The package source stopped delivering (dropped connection, timeout): not a verdict on the
        /// package. Staging progress is kept; installing the same package again resumes it.
        /// </summary>
        SourceUnavailable = 43,
    }
}
