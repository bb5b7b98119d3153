using System;
using System.Collections.Generic;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// The outcome of verifying a package: the verdict (starting as <see cref="UpdateResult.NotVerified"/>),
    /// why, what was established before the first failure, and which device checks were not made.
    /// </summary>
    /// <remarks>
    /// For an .mdpkg package every field comes from the firmware core's verifier
    /// (<see cref="FirmwareCoreVerifier"/>); nothing is decoded a second way. A field is set only
    /// once the core has established it: <see cref="Manifest"/> only after the envelope signature
    /// verified, <see cref="Delegation"/> only after it verified against the current root.
    /// </remarks>
    public sealed class VerificationReport
    {
        /// <summary>The verdict; <see cref="UpdateResult.Accepted"/> only when every check made passed.</summary>
        public UpdateResult Result { get; internal set; } = UpdateResult.NotVerified;

        /// <summary>Why the package was rejected (empty when accepted).</summary>
        public string Reason { get; internal set; } = "verification did not complete";

        /// <summary>Package format: "mdpkg" or "mcuboot".</summary>
        public string Format { get; internal set; } = "mdpkg";

        /// <summary>The trusted time the checks used, Unix seconds.</summary>
        public long CheckedAt { get; internal set; }

        /// <summary>The root the package chained to (the trusted root, or the last rotated root), once the rotations were checked.</summary>
        public PublicKeyInfo? CurrentRoot { get; internal set; }

        /// <summary>Number of carried root rotations applied beyond the trusted root.</summary>
        public int RootRotationsApplied { get; internal set; }

        /// <summary>The signer's delegation, once it verified against the current root.</summary>
        public Delegation? Delegation { get; internal set; }

        /// <summary>Version of the revocation list in force (carried or held, whichever is newer; 0 for none), once checked; else null.</summary>
        public int? RevocationListVersion { get; internal set; }

        /// <summary>The manifest, once the envelope signature verified and it decoded.</summary>
        public Manifest? Manifest { get; internal set; }

        /// <summary>The signing key id (COSE kid), once the envelope decoded.</summary>
        public byte[]? SignerKeyId { get; internal set; }

        /// <summary>Security counter of an MCUboot image (its protected SEC_CNT TLV), or -1.</summary>
        public long SecurityCounter { get; internal set; } = -1;

        /// <summary>The checks that were made and passed, in order (set only when the package is accepted).</summary>
        public IReadOnlyList<string> Checked { get; internal set; } = Array.Empty<string>();

        /// <summary>
        /// The checks a device makes that this verification did not (names from
        /// <see cref="DeviceExpectations"/>, or what an MCUboot image lacks): an accepted package is
        /// accepted only as far as the checks that were made.
        /// </summary>
        public IReadOnlyList<string> NotChecked { get; internal set; } = Array.Empty<string>();

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
