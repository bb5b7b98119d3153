using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// The one place where the domain-neutral verdicts of the lower layers (<see cref="CoseError"/>,
    /// <see cref="TrustVerdict"/>) become update results. Unknown values map to NotVerified: never
    /// to Accepted.
    /// </summary>
    public static class UpdateResultMapping
    {
        /// <summary>Maps a trust verdict onto UpdateResult 20-30 (Trusted onto Accepted).</summary>
        public static UpdateResult FromTrust(TrustVerdict verdict)
        {
            switch (verdict)
            {
                case TrustVerdict.Trusted:
                    return UpdateResult.Accepted;
                case TrustVerdict.InvalidRootChain:
                    return UpdateResult.InvalidRootChain;
                case TrustVerdict.MissingDelegation:
                    return UpdateResult.MissingDelegation;
                case TrustVerdict.InvalidDelegation:
                    return UpdateResult.InvalidDelegation;
                case TrustVerdict.WrongKeyRole:
                    return UpdateResult.WrongKeyRole;
                case TrustVerdict.DelegationNotYetValid:
                    return UpdateResult.DelegationNotYetValid;
                case TrustVerdict.DelegationExpired:
                    return UpdateResult.DelegationExpired;
                case TrustVerdict.KeyIdMismatch:
                    return UpdateResult.KeyIdMismatch;
                case TrustVerdict.InvalidRevocationList:
                    return UpdateResult.InvalidRevocationList;
                case TrustVerdict.RevocationListOutdated:
                    return UpdateResult.RevocationListOutdated;
                case TrustVerdict.KeyRevoked:
                    return UpdateResult.KeyRevoked;
                case TrustVerdict.BadSignature:
                    return UpdateResult.BadSignature;
                default:
                    return UpdateResult.NotVerified;
            }
        }

        /// <summary>
        /// Maps a COSE or map parsing error: None onto Accepted, MalformedCbor onto MalformedCbor,
        /// UnsupportedAlgorithm onto UnsupportedAlgorithm, InvalidStructure onto
        /// <paramref name="invalidStructure"/> (InvalidCose for the envelope, InvalidManifest for the manifest).
        /// </summary>
        public static UpdateResult FromCose(CoseError error, UpdateResult invalidStructure)
        {
            switch (error)
            {
                case CoseError.None:
                    return UpdateResult.Accepted;
                case CoseError.MalformedCbor:
                    return UpdateResult.MalformedCbor;
                case CoseError.InvalidStructure:
                    return invalidStructure;
                case CoseError.UnsupportedAlgorithm:
                    return UpdateResult.UnsupportedAlgorithm;
                default:
                    return UpdateResult.NotVerified;
            }
        }
    }
}
