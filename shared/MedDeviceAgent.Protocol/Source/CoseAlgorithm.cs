namespace MedDeviceAgent.Protocol
{
    /// <summary>COSE algorithm identifiers (IANA COSE Algorithms registry) the device verifies.</summary>
    public enum CoseAlgorithm
    {
        /// <summary>No algorithm; never accepted.</summary>
        None = 0,

        /// <summary>ECDSA P-256 with SHA-256, signature as 64-byte r‖s.</summary>
        ES256 = -7,

        /// <summary>EdDSA (Ed25519, pure).</summary>
        EdDSA = -8,
    }
}
