namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// Integer keys of a root rotation statement: root N signs the public key of root N+1
    /// (a COSE_Sign1 payload). A device walks these from its stored anchor to the current root.
    /// </summary>
    public static class RootRotationKeys
    {
        /// <summary>uint: sequence number of the new root (the first root is 1).</summary>
        public const int Sequence = 1;

        /// <summary>bstr (16): key id of the new root.</summary>
        public const int KeyId = 2;

        /// <summary>int: COSE algorithm of the new root.</summary>
        public const int Algorithm = 3;

        /// <summary>bstr: raw public key of the new root.</summary>
        public const int PublicKey = 4;

        /// <summary>bstr (16): key id of the previous root that signed this statement.</summary>
        public const int IssuerKeyId = 5;
    }
}
