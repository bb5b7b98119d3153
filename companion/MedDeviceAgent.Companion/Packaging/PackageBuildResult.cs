namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>What a package build produced.</summary>
    public sealed class PackageBuildResult
    {
        internal PackageBuildResult(Manifest manifest, int envelopeLength, long fileLength)
        {
            Manifest = manifest;
            EnvelopeLength = envelopeLength;
            FileLength = fileLength;
        }

        /// <summary>The signed manifest.</summary>
        public Manifest Manifest { get; }

        /// <summary>Envelope size in bytes (0 for MCUboot images, which have none).</summary>
        public int EnvelopeLength { get; }

        /// <summary>Size of the written file.</summary>
        public long FileLength { get; }
    }
}
