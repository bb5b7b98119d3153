namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// Integer keys of a delegation statement: the COSE_Sign1 payload by which a root key grants an
    /// online key one role for a validity window.
    /// </summary>
    public static class DelegationKeys
    {
        /// <summary>bstr (16): key id of the delegated key.</summary>
        public const int KeyId = 1;

        /// <summary>int: COSE algorithm of the delegated key (<see cref="CoseAlgorithm"/>).</summary>
        public const int Algorithm = 2;

        /// <summary>bstr: raw public key (32 bytes Ed25519, 65 bytes uncompressed P-256).</summary>
        public const int PublicKey = 3;

        /// <summary>uint: the role granted (<see cref="KeyRole"/>).</summary>
        public const int Role = 4;

        /// <summary>uint: start of validity, Unix seconds.</summary>
        public const int NotBefore = 5;

        /// <summary>uint: end of validity, Unix seconds.</summary>
        public const int NotAfter = 6;

        /// <summary>bstr (16): key id of the root key that signed this statement.</summary>
        public const int IssuerKeyId = 7;
    }
}
