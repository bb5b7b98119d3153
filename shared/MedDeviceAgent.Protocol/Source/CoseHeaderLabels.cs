namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// COSE header labels used in our envelopes. The protected header carries only
    /// <see cref="Algorithm"/> and <see cref="KeyId"/>; the unprotected header may carry only the
    /// private-use labels below (an allow-list: any other unprotected label is rejected).
    /// </summary>
    public static class CoseHeaderLabels
    {
        /// <summary>RFC 9052 'alg'.</summary>
        public const int Algorithm = 1;

        /// <summary>RFC 9052 'kid'.</summary>
        public const int KeyId = 4;

        /// <summary>Private use: the signer's delegation, a root-signed COSE_Sign1 (bstr).</summary>
        public const int Delegation = -65537;

        /// <summary>Private use: the current revocation list, a root-signed COSE_Sign1 (bstr).</summary>
        public const int RevocationList = -65538;

        /// <summary>Private use: array of root rotation statements (each a COSE_Sign1 bstr), oldest first.</summary>
        public const int RootRotations = -65539;
    }
}
