using System;

namespace MedDeviceAgent.Firmware.Core.Crypto
{
    /// <summary>Ed25519 signature verification (RFC 8032). SKELETON: implementation pending.</summary>
    public static class Ed25519Verifier
    {
        /// <summary>Public key length in bytes.</summary>
        public const int PublicKeySize = 32;

        /// <summary>Signature length in bytes.</summary>
        public const int SignatureSize = 64;

        /// <summary>Verifies <paramref name="signature"/> over the message; false on any failure.</summary>
        public static bool Verify(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset, byte[] message, int messageOffset, int messageLength)
        {
            throw new NotImplementedException();
        }
    }
}
