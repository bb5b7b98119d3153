using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// The outcome of verifying a package: the verdict (starting as <see cref="UpdateResult.NotVerified"/>),
    /// the reason, and whatever was established before the first failure.
    /// </summary>
    public sealed class VerificationReport
    {
        /// <summary>The verdict; <see cref="UpdateResult.Accepted"/> only when every check passed.</summary>
        public UpdateResult Result { get; internal set; } = UpdateResult.NotVerified;

        /// <summary>Why the package was rejected (empty when accepted).</summary>
        public string Reason { get; internal set; } = "verification did not complete";

        /// <summary>Package format: "mdpkg" or "mcuboot".</summary>
        public string Format { get; internal set; } = "mdpkg";

        /// <summary>The trusted root the package chained to (the anchor, or the last rotated root).</summary>
        public PublicKeyInfo? CurrentRoot { get; internal set; }

        /// <summary>Number of root rotations walked from the trust anchor.</summary>
        public int RootRotationsApplied { get; internal set; }

        /// <summary>The signer's delegation, once decoded.</summary>
        public Delegation? Delegation { get; internal set; }

        /// <summary>The revocation list in force (carried or stored, whichever is newer), once checked.</summary>
        public RevocationList? RevocationList { get; internal set; }

        /// <summary>The manifest, once decoded (before the signature check it is not yet authenticated).</summary>
        public Manifest? Manifest { get; internal set; }

        /// <summary>The signing key id (COSE kid), once known.</summary>
        public byte[]? SignerKeyId { get; internal set; }

        /// <summary>Security counter (MCUboot images: from the protected TLV).</summary>
        public long SecurityCounter { get; internal set; } = -1;

        /// <summary>True when accepted.</summary>
        public bool Accepted => Result == UpdateResult.Accepted;

        internal VerificationReport Fail(UpdateResult result, string reason)
        {
            Result = result;
            Reason = reason;
            return this;
        }

        internal VerificationReport Accept()
        {
            Result = UpdateResult.Accepted;
            Reason = string.Empty;
            return this;
        }
    }
}
