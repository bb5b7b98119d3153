using System;
using System.Security.Cryptography;
using MedDeviceAgent.Protocol;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using Org.BouncyCastle.Math.EC.Rfc8032;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// Signature checks. Every method returns false (never throws) on a malformed key or signature;
    /// only null arguments throw.
    /// </summary>
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
            switch (key.Algorithm)
            {
                case CoseAlgorithm.EdDSA:
                    return VerifyEd25519(key.RawKey, message, signature);
                case CoseAlgorithm.ES256:
                    return VerifyP256Digest(key.RawKey, SHA256.HashData(message), signature);
                default:
                    return false;
            }
        }

        /// <summary>Verifies a DER ECDSA P-256 signature over SHA-256 of <paramref name="message"/> (as 'openssl dgst -sha256 -sign' makes).</summary>
        public static bool VerifyEcdsaDer(PublicKeyInfo key, byte[] message, byte[] derSignature)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(message);
            ArgumentNullException.ThrowIfNull(derSignature);
            byte[]? raw = EcdsaSignatureFormat.DerToRaw(derSignature);
            return key.Algorithm == CoseAlgorithm.ES256 && raw != null && VerifyP256Digest(key.RawKey, SHA256.HashData(message), raw);
        }

        /// <summary>Verifies an MCUboot image signature over the image's SHA-256 digest (Ed25519 over the digest bytes; ECDSA DER).</summary>
        public static bool VerifyMcuBootDigest(PublicKeyInfo key, byte[] digest, byte[] signature)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(digest);
            ArgumentNullException.ThrowIfNull(signature);
            if (key.Algorithm == CoseAlgorithm.EdDSA)
            {
                return VerifyEd25519(key.RawKey, digest, signature);
            }

            byte[]? raw = EcdsaSignatureFormat.DerToRaw(signature);
            return key.Algorithm == CoseAlgorithm.ES256 && raw != null && VerifyP256Digest(key.RawKey, digest, raw);
        }

        private static bool VerifyEd25519(byte[] rawKey, byte[] message, byte[] signature)
        {
            if (rawKey.Length != Ed25519.PublicKeySize || signature.Length != Ed25519.SignatureSize)
            {
                return false;
            }

            try
            {
                Ed25519PublicKeyParameters publicKey = new Ed25519PublicKeyParameters(rawKey);
                return publicKey.Verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.Length, signature, 0);
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        private static bool VerifyP256Digest(byte[] rawKey, byte[] digest, byte[] signature)
        {
            ECPoint? point = PublicKeyInfo.DecodeP256Point(rawKey);
            if (point == null || signature.Length != 2 * EcdsaSignatureFormat.ScalarSize)
            {
                return false;
            }

            BigInteger r = new BigInteger(1, signature, 0, EcdsaSignatureFormat.ScalarSize);
            BigInteger s = new BigInteger(1, signature, EcdsaSignatureFormat.ScalarSize, EcdsaSignatureFormat.ScalarSize);
            ECDsaSigner verifier = new ECDsaSigner();
            verifier.Init(false, new ECPublicKeyParameters(point, new ECDomainParameters(PublicKeyInfo.P256)));
            return verifier.VerifySignature(digest, r, s);
        }
    }
}
