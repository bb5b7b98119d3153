namespace MedDeviceAgent.Protocol
{
    /// <summary>Integer keys of a root-signed revocation list (a COSE_Sign1 payload).</summary>
    public static class RevocationListKeys
    {
        /// <summary>uint: monotonic version; a device never accepts a lower one than it has stored.</summary>
        public const int Version = 1;

        /// <summary>array of bstr (16): revoked key ids.</summary>
        public const int RevokedKeyIds = 2;

        /// <summary>uint: issue time, Unix seconds.</summary>
        public const int Issued = 3;

        /// <summary>bstr (16): key id of the root key that signed this list.</summary>
        public const int IssuerKeyId = 4;
    }
}
