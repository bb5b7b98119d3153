namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>Public facts about one key of a PKI directory.</summary>
    public sealed class PkiKeySummary
    {
        internal PkiKeySummary(PkiKeyRole role, PublicKeyInfo publicKey, long sequence, long notBefore, long notAfter, bool revoked)
        {
            Role = role;
            PublicKey = publicKey;
            Sequence = sequence;
            NotBefore = notBefore;
            NotAfter = notAfter;
            Revoked = revoked;
        }

        /// <summary>The key's role.</summary>
        public PkiKeyRole Role { get; }

        /// <summary>The public key and key id.</summary>
        public PublicKeyInfo PublicKey { get; }

        /// <summary>Root sequence number (roots only; 0 for delegated keys).</summary>
        public long Sequence { get; }

        /// <summary>Delegation start, Unix seconds (delegated keys only).</summary>
        public long NotBefore { get; }

        /// <summary>Delegation end, Unix seconds (delegated keys only).</summary>
        public long NotAfter { get; }

        /// <summary>True when the key is on the current revocation list.</summary>
        public bool Revoked { get; }
    }
}
