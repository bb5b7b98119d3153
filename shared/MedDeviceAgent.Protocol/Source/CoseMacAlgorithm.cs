namespace MedDeviceAgent.Protocol
{
    /// <summary>COSE MAC algorithm identifiers (IANA COSE Algorithms registry) the agent computes and verifies.</summary>
    /// <remarks>Kept apart from <see cref="CoseAlgorithm"/> (signature algorithms) so that no signature path can accept a MAC algorithm.</remarks>
    public static class CoseMacAlgorithm
    {
        /// <summary>HMAC with SHA-256, full 256-bit tag ("HMAC 256/256", value 5).</summary>
        public const int Hmac256 = 5;

        /// <summary>Tag length of <see cref="Hmac256"/> in bytes.</summary>
        public const int Hmac256TagSize = 32;
    }
}
