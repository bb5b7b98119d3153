namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// What verifying a package found: the verdict, the parsed manifest, and which time-based
    /// checks were skipped because the device had no trusted time.
    /// </summary>
    public sealed class VerificationReport
    {
        /// <summary>Creates a report whose verdict is NotVerified.</summary>
        public VerificationReport()
        {
            Manifest = new Manifest();
            NewRoot = new TrustAnchor();
            Revocation = new RevocationList();
            Delegation = new Delegation();
            Reset();
        }

        /// <summary>The verdict. Starts as NotVerified; only a completed verification sets Accepted.</summary>
        public MedDeviceAgent.Protocol.UpdateResult Result { get; set; }

        /// <summary>The manifest (meaningful once the signature verified).</summary>
        public Manifest Manifest { get; private set; }

        /// <summary>The signer's delegation.</summary>
        public Delegation Delegation { get; private set; }

        /// <summary>The root after applying carried rotations.</summary>
        public TrustAnchor NewRoot { get; private set; }

        /// <summary>The carried revocation list when it is newer than the device's.</summary>
        public RevocationList Revocation { get; private set; }

        /// <summary>True when the carried revocation list is newer than the stored one and should be adopted.</summary>
        public bool HasNewerRevocation { get; set; }

        /// <summary>True when delegation validity and package expiry were not checked for lack of trusted time.</summary>
        public bool TimeChecksSkipped { get; set; }

        /// <summary>Length of the envelope in bytes.</summary>
        public int EnvelopeLength { get; set; }

        /// <summary>Offset of the payload within the package.</summary>
        public long PayloadOffset
        {
            get { return MedDeviceAgent.Protocol.PackageFormat.HeaderSize + EnvelopeLength; }
        }

        /// <summary>Clears the verdict and flags.</summary>
        public void Reset()
        {
            Result = MedDeviceAgent.Protocol.UpdateResult.NotVerified;
            HasNewerRevocation = false;
            TimeChecksSkipped = false;
            EnvelopeLength = 0;
        }
    }
}
