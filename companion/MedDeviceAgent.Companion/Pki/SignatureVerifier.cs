using System;
using MedDeviceAgent.Protocol;
using CoreEcdsaDer = MedDeviceAgent.Firmware.Core.Crypto.EcdsaDerSignature;
using CoreEcdsaP256 = MedDeviceAgent.Firmware.Core.Crypto.EcdsaP256Verifier;
using CoreEd25519 = MedDeviceAgent.Firmware.Core.Crypto.Ed25519Verifier;
using CoreSignatures = MedDeviceAgent.Firmware.Core.Trust.SignatureVerifier;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// Signature checks of the companion, done by the firmware core's verifiers (its host build), so
    /// a signature the companion accepts is exactly one a device accepts. Every method returns false
    /// (never throws) on a malformed key or signature; only null arguments throw.
    /// </summary>
    /// <remarks>
    /// BouncyCastle stays for key generation and signing (<see cref="SigningKey"/>); nothing here
    /// uses it. Timing: the core's portable Ed25519 and P-256 code, about 0.65-0.8x BouncyCastle's
    /// speed on the host (README, "Performance").
    /// </remarks>
    public static class SignatureVerifier
    {
        /// <summary>
        /// Verifies a COSE-form signature over <paramref name="message"/>: Ed25519 pure over the
        /// bytes; ES256 as 64-byte r ‖ s over SHA-256 of the bytes.
        /// </summary>
        public static bool Verify(PublicKeyInfo key, byte[] message, byte[] signature)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(message);
            ArgumentNullException.ThrowIfNull(signature);
            byte[] raw = key.RawKey;
            return CoreSignatures.Verify(key.Algorithm, raw, 0, raw.Length, signature, 0, signature.Length, message, 0, message.Length);
        }

        /// <summary>Verifies a DER ECDSA P-256 signature over SHA-256 of <paramref name="message"/> (as 'openssl dgst -sha256 -sign' makes).</summary>
        public static bool VerifyEcdsaDer(PublicKeyInfo key, byte[] message, byte[] derSignature)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(message);
            ArgumentNullException.ThrowIfNull(derSignature);
            byte[] raw = new byte[2 * EcdsaSignatureFormat.ScalarSize];
            return key.Algorithm == CoseAlgorithm.ES256 && CoreEcdsaDer.TryDecode(derSignature, 0, derSignature.Length, raw, 0) && Verify(key, message, raw);
        }

        /// <summary>Verifies an MCUboot image signature over the image's SHA-256 digest (Ed25519 over the digest bytes; ECDSA DER over the digest as the hash).</summary>
        public static bool VerifyMcuBootDigest(PublicKeyInfo key, byte[] digest, byte[] signature)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(digest);
            ArgumentNullException.ThrowIfNull(signature);
            byte[] publicKey = key.RawKey;
            if (key.Algorithm == CoseAlgorithm.EdDSA)
            {
                return signature.Length == CoreEd25519.SignatureSize && CoreEd25519.Verify(publicKey, 0, signature, 0, digest, 0, digest.Length);
            }

            byte[] raw = new byte[2 * EcdsaSignatureFormat.ScalarSize];
            return key.Algorithm == CoseAlgorithm.ES256
                && digest.Length == CoreEcdsaP256.HashSize
                && CoreEcdsaDer.TryDecode(signature, 0, signature.Length, raw, 0)
                && CoreEcdsaP256.VerifyHash(publicKey, 0, raw, 0, digest, 0);
        }
    }
}
