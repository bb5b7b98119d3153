namespace MedDeviceAgent.Companion.Cose
{
    /// <summary>Why a COSE_Sign1 could not be decoded. Callers map these to their own verdicts.</summary>
    public enum CoseDecodeError
    {
        /// <summary>Decoded.</summary>
        None = 0,

        /// <summary>The bytes (or the protected header inside) are not one deterministic CBOR item.</summary>
        MalformedCbor = 1,

        /// <summary>Well-formed CBOR, but not a COSE_Sign1 of the allowed shape (tag, headers, lengths).</summary>
        InvalidStructure = 2,

        /// <summary>The protected header names an algorithm other than EdDSA (-8) or ES256 (-7).</summary>
        UnsupportedAlgorithm = 3,
    }
}
