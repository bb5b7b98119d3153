namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>A carried delegation as found (docs/package-format.md, "Delegation"); each field null when absent or of the wrong type.</summary>
    public sealed class InspectedDelegation : InspectedStatement
    {
        internal InspectedDelegation(int size)
            : base(size)
        {
        }

        /// <summary>Key 1: the delegated key's id.</summary>
        public byte[]? KeyId { get; internal set; }

        /// <summary>Key 2: the delegated key's COSE algorithm, as written.</summary>
        public long? KeyAlgorithm { get; internal set; }

        /// <summary>Key 3: the delegated raw public key.</summary>
        public byte[]? PublicKey { get; internal set; }

        /// <summary>Key 4: the role, as written (1 update-signer, 2 command-signer).</summary>
        public long? Role { get; internal set; }

        /// <summary>Key 5: start of validity, Unix seconds.</summary>
        public long? NotBefore { get; internal set; }

        /// <summary>Key 6: end of validity, Unix seconds.</summary>
        public long? NotAfter { get; internal set; }

        /// <summary>Key 7: the issuing root's key id.</summary>
        public byte[]? IssuerKeyId { get; internal set; }
    }
}
