namespace MedDeviceAgent.Firmware.Core.Cose
{
    /// <summary>
    /// Why a COSE_Mac0 was refused. Values are fixed. Domain-neutral, like <see cref="CoseError"/>: each
    /// caller maps it onto its own verdict (telemetry onto <c>TelemetryResult</c>).
    /// </summary>
    public enum CoseMac0Error
    {
        /// <summary>No error: parsed (and, after <see cref="CoseMac0.Verify"/>, authentic).</summary>
        None = 0,

        /// <summary>Not well-formed deterministic CBOR.</summary>
        MalformedCbor = 1,

        /// <summary>
        /// Well-formed CBOR of the wrong shape: not a tag-17 four-element array, a protected header that is not
        /// exactly {1: alg, 4: kid}, a non-empty unprotected header, a tag that is not 32 bytes.
        /// </summary>
        InvalidStructure = 2,

        /// <summary>The protected header names another algorithm than HMAC 256/256 (5).</summary>
        UnsupportedAlgorithm = 3,

        /// <summary>Empty, or longer than the configured maximum message size.</summary>
        TooLarge = 4,

        /// <summary>The tag does not match the MAC computed with the key: forged or altered.</summary>
        BadTag = 5,

        /// <summary><see cref="CoseMac0.Verify"/> was called without a successful <see cref="CoseMac0.Parse"/>.</summary>
        NotParsed = 6,
    }
}
