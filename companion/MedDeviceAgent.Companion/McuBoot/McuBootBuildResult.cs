namespace MedDeviceAgent.Companion.McuBoot
{
    /// <summary>What an MCUboot image build produced.</summary>
    public sealed class McuBootBuildResult
    {
        internal McuBootBuildResult(long imageSize, long fileLength, byte[] imageDigest, byte[] keyHash)
        {
            ImageSize = imageSize;
            FileLength = fileLength;
            ImageDigest = imageDigest;
            KeyHash = keyHash;
        }

        /// <summary>ih_img_size: the payload size.</summary>
        public long ImageSize { get; }

        /// <summary>Size of the written file.</summary>
        public long FileLength { get; }

        /// <summary>The SHA256 TLV value (over header, payload and protected TLVs).</summary>
        public byte[] ImageDigest { get; }

        /// <summary>The KEYHASH TLV value (SHA-256 of the signer's SubjectPublicKeyInfo DER).</summary>
        public byte[] KeyHash { get; }
    }
}
