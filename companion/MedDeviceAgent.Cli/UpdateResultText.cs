using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Cli
{
    /// <summary>One-line explanations of <see cref="UpdateResult"/> verdicts (the CLI's exit codes 10-49).</summary>
    public static class UpdateResultText
    {
        /// <summary>Explains <paramref name="result"/>.</summary>
        public static string Describe(UpdateResult result)
        {
            switch (result)
            {
                case UpdateResult.Accepted: return "the package is authentic, meant for this device, and not a rollback";
                case UpdateResult.NotVerified: return "verification did not complete";
                case UpdateResult.Truncated: return "the file is shorter than its header, manifest or declared payload";
                case UpdateResult.BadMagic: return "not an MDPK package (bad magic)";
                case UpdateResult.UnsupportedFormat: return "unsupported package format version or reserved byte set";
                case UpdateResult.ManifestTooLarge: return "the manifest envelope exceeds the device limit (8192 bytes)";
                case UpdateResult.MalformedCbor: return "the manifest is not well-formed deterministic CBOR";
                case UpdateResult.InvalidCose: return "the envelope is not a valid COSE_Sign1 or carries a header outside the allow-list";
                case UpdateResult.UnsupportedAlgorithm: return "the signature algorithm is not supported";
                case UpdateResult.InvalidManifest: return "a manifest field is missing, unknown, or of the wrong type";
                case UpdateResult.InvalidRootChain: return "a root rotation does not chain from the device's trust anchor";
                case UpdateResult.MissingDelegation: return "the package carries no delegation for its signer";
                case UpdateResult.InvalidDelegation: return "the signer's delegation is not signed by the device's root";
                case UpdateResult.WrongKeyRole: return "the signing key is not delegated as update-signer";
                case UpdateResult.DelegationNotYetValid: return "the signing key's delegation is not valid yet";
                case UpdateResult.DelegationExpired: return "the signing key's delegation has expired";
                case UpdateResult.KeyIdMismatch: return "the manifest, envelope and delegation name different keys";
                case UpdateResult.InvalidRevocationList: return "the carried revocation list is not signed by the root or is malformed";
                case UpdateResult.RevocationListOutdated: return "the device lacks the revocation list version the package requires";
                case UpdateResult.KeyRevoked: return "the signing key has been revoked";
                case UpdateResult.BadSignature: return "the manifest signature does not verify (tampered or wrong key)";
                case UpdateResult.WrongVendor: return "the package is for another vendor";
                case UpdateResult.WrongDeviceClass: return "the package is for another device class";
                case UpdateResult.Rollback: return "the security counter is below the device's floor (rollback refused)";
                case UpdateResult.Expired: return "the package has expired";
                case UpdateResult.PayloadTooLarge: return "the payload is larger than the device's slot";
                case UpdateResult.DigestMismatch: return "the payload does not match the signed digest (tampered or mixed)";
                case UpdateResult.TrailingData: return "bytes follow the declared payload";
                case UpdateResult.StorageFailure: return "storage failed while staging";
                case UpdateResult.HealthCheckFailed: return "the new image failed its health check; the device reverted to the previous image";
                case UpdateResult.UpdatePending: return "another update is pending confirmation";
                case UpdateResult.SourceUnavailable: return "the package could not be read to the end (transfer interrupted); staging progress is kept and installing the same package again resumes it";
                default: return "unknown result";
            }
        }
    }
}
