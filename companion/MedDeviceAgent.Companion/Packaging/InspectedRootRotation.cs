namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>A carried root rotation as found (docs/package-format.md, "Root rotation"); each field null when absent or of the wrong type.</summary>
    public sealed class InspectedRootRotation : InspectedStatement
    {
        internal InspectedRootRotation(int size)
            : base(size)
        {
        }

        /// <summary>Key 1: the new root's sequence.</summary>
        public long? Sequence { get; internal set; }

        /// <summary>Key 2: the new root's key id.</summary>
        public byte[]? KeyId { get; internal set; }

        /// <summary>Key 3: the new root's COSE algorithm, as written.</summary>
        public long? KeyAlgorithm { get; internal set; }

        /// <summary>Key 4: the new root's raw public key.</summary>
        public byte[]? PublicKey { get; internal set; }

        /// <summary>Key 5: the previous root's key id (the signer).</summary>
        public byte[]? IssuerKeyId { get; internal set; }
    }
}
