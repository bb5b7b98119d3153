using System;

namespace MedDeviceAgent.Firmware.Core.Crypto
{
    /// <summary>ECDSA P-256 / SHA-256 verification. SKELETON: implementation pending.</summary>
    public static class EcdsaP256Verifier
    {
        /// <summary>Uncompressed public key length (0x04 ‖ X ‖ Y).</summary>
        public const int PublicKeySize = 65;

        /// <summary>Raw signature length (r ‖ s).</summary>
        public const int SignatureSize = 64;

        /// <summary>Verifies a raw r‖s signature over the SHA-256 of the message; false on any failure.</summary>
        public static bool Verify(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset, byte[] message, int messageOffset, int messageLength)
        {
            throw new NotImplementedException();
        }
    }
}
