using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// What verifying a package found: the verdict, the trust chain's findings, the parsed
    /// manifest, and which time-based checks were skipped because the device had no trusted time.
    /// </summary>
    /// <remarks>
    /// RAM: the trust chain (an anchor, a delegation, a revocation list index) and a manifest, all
    /// allocated at construction; reuse one report to verify again without allocating them.
    /// </remarks>
    public sealed class VerificationReport
    {
        /// <summary>Creates a report whose verdict is NotVerified.</summary>
        public VerificationReport()
        {
            Manifest = new Manifest();
            Chain = new TrustChain();
            Reset();
        }

        /// <summary>The verdict. Starts as NotVerified; only a completed verification sets Accepted.</summary>
        public UpdateResult Result { get; set; }

        /// <summary>The manifest (meaningful once the signature verified).</summary>
        public Manifest Manifest { get; private set; }

        /// <summary>The trust chain's verdict and findings (root after rotations, delegation, revocation list).</summary>
        public TrustChain Chain { get; private set; }

        /// <summary>The signer's delegation.</summary>
        public Delegation Delegation
        {
            get { return Chain.Delegation; }
        }

        /// <summary>The root after applying carried rotations.</summary>
        public TrustAnchor NewRoot
        {
            get { return Chain.Root; }
        }

        /// <summary>The carried revocation list (meaningful when <see cref="HasNewerRevocation"/>).</summary>
        public RevocationList Revocation
        {
            get { return Chain.Revocation; }
        }

        /// <summary>True when the carried revocation list is newer than the stored one and should be adopted.</summary>
        public bool HasNewerRevocation
        {
            get { return Chain.HasNewerRevocation; }
        }

        /// <summary>True when delegation validity and package expiry were not checked for lack of trusted time.</summary>
        public bool TimeChecksSkipped { get; set; }

        /// <summary>Length of the envelope in bytes.</summary>
        public int EnvelopeLength { get; set; }

        /// <summary>Offset of the payload within the package.</summary>
        public long PayloadOffset
        {
            get { return PackageFormat.HeaderSize + EnvelopeLength; }
        }

        /// <summary>Clears the verdict and flags.</summary>
        public void Reset()
        {
            Result = UpdateResult.NotVerified;
            Chain.Reset();
            TimeChecksSkipped = false;
            EnvelopeLength = 0;
        }
    }
}
