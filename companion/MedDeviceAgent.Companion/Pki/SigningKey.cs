using System;
using System.Security.Cryptography;
using MedDeviceAgent.Protocol;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// A private signing key (Ed25519 or ECDSA P-256) held in memory. Produces signatures in the
    /// forms the package format and MCUboot need. It is never written unencrypted: see
    /// <see cref="EncryptedPrivateKeyFile"/>.
    /// </summary>
    public sealed class SigningKey
    {
        // SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }
        private static readonly byte[] Ed25519Pkcs8Prefix = Convert.FromHexString("302e020100300506032b657004220420");

        private readonly AsymmetricKeyParameter privateKey;

        private SigningKey(CoseAlgorithm algorithm, AsymmetricKeyParameter privateKey, PublicKeyInfo publicKey)
        {
            Algorithm = algorithm;
            this.privateKey = privateKey;
            PublicKey = publicKey;
        }

        /// <summary>The BouncyCastle private key (for X.509 certificate and CRL signing in <see cref="Tls"/>).</summary>
        internal AsymmetricKeyParameter PrivateKeyParameter => privateKey;

        /// <summary>The key's COSE algorithm.</summary>
        public CoseAlgorithm Algorithm { get; }

        /// <summary>The matching public key (with its key id).</summary>
        public PublicKeyInfo PublicKey { get; }

        /// <summary>Generates a fresh key from the operating system's random source.</summary>
        public static SigningKey Generate(CoseAlgorithm algorithm)
        {
            SecureRandom random = new SecureRandom();
            switch (algorithm)
            {
                case CoseAlgorithm.EdDSA:
                    return FromEd25519(new Ed25519PrivateKeyParameters(random));
                case CoseAlgorithm.ES256:
                    ECKeyPairGenerator generator = new ECKeyPairGenerator();
                    generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
                    AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
                    return FromEc((ECPrivateKeyParameters)pair.Private);
                default:
                    throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unsupported algorithm");
            }
        }

        /// <summary>
        /// Signs <paramref name="message"/> the way COSE_Sign1 needs: Ed25519 signs the bytes (pure
        /// EdDSA); ES256 signs their SHA-256 and returns 64-byte r ‖ s (deterministic, RFC 6979).
        /// </summary>
        public byte[] Sign(byte[] message)
        {
            ArgumentNullException.ThrowIfNull(message);
            if (Algorithm == CoseAlgorithm.EdDSA)
            {
                byte[] signature = new byte[Ed25519.SignatureSize];
                ((Ed25519PrivateKeyParameters)privateKey).Sign(Ed25519.Algorithm.Ed25519, null, message, 0, message.Length, signature, 0);
                return signature;
            }

            return SignP256Digest(SHA256.HashData(message));
        }

        /// <summary>
        /// Signs a SHA-256 digest the way MCUboot's imgtool does by default: Ed25519 signs the 32
        /// digest bytes as its message; ECDSA P-256 signs the digest and returns DER.
        /// </summary>
        public byte[] SignMcuBootDigest(byte[] digest)
        {
            ArgumentNullException.ThrowIfNull(digest);
            if (digest.Length != 32)
            {
                throw new ArgumentException("a SHA-256 digest is 32 bytes", nameof(digest));
            }

            return Algorithm == CoseAlgorithm.EdDSA ? Sign(digest) : EcdsaSignatureFormat.RawToDer(SignP256Digest(digest));
        }

        /// <summary>Decodes an unencrypted PKCS#8 PrivateKeyInfo (Ed25519 or P-256).</summary>
        /// <exception cref="CompanionException">Kind InputError when it is malformed or of another algorithm.</exception>
        internal static SigningKey FromPrivateKeyInfo(byte[] der)
        {
            AsymmetricKeyParameter key;
            try
            {
                key = PrivateKeyFactory.CreateKey(der);
            }
            catch (Exception e) when (e is ArgumentException || e is System.IO.IOException || e is InvalidCastException || e is SecurityUtilityException || e is InvalidOperationException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "malformed private key", e);
            }

            if (key is Ed25519PrivateKeyParameters ed)
            {
                return FromEd25519(ed);
            }

            if (key is ECPrivateKeyParameters ec && ec.Parameters.Curve.Equals(PublicKeyInfo.P256.Curve) && ec.Parameters.G.Equals(PublicKeyInfo.P256.G))
            {
                return FromEc(ec);
            }

            throw new CompanionException(CompanionErrorKind.InputError, "unsupported private key type (expected Ed25519 or EC P-256)");
        }

        /// <summary>The unencrypted PKCS#8 PrivateKeyInfo DER. The caller must zero it after use.</summary>
        /// <remarks>Ed25519 keys use the RFC 8410 version-1 form (seed only, no public key), which every
        /// OpenSSL 3 release reads; P-256 keys use RFC 5915 ECPrivateKey with the named curve.</remarks>
        internal byte[] ExportPrivateKeyInfo()
        {
            if (privateKey is Ed25519PrivateKeyParameters ed)
            {
                byte[] der = new byte[Ed25519Pkcs8Prefix.Length + Ed25519PrivateKeyParameters.KeySize];
                Ed25519Pkcs8Prefix.CopyTo(der, 0);
                ed.Encode(der, Ed25519Pkcs8Prefix.Length);
                return der;
            }

            return PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();
        }

        private byte[] SignP256Digest(byte[] digest)
        {
            ECDsaSigner signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
            signer.Init(true, privateKey);
            BigInteger[] rs = signer.GenerateSignature(digest);
            byte[] signature = new byte[2 * EcdsaSignatureFormat.ScalarSize];
            BigIntegers.AsUnsignedByteArray(rs[0], signature, 0, EcdsaSignatureFormat.ScalarSize);
            BigIntegers.AsUnsignedByteArray(rs[1], signature, EcdsaSignatureFormat.ScalarSize, EcdsaSignatureFormat.ScalarSize);
            return signature;
        }

        private static SigningKey FromEd25519(Ed25519PrivateKeyParameters key)
        {
            return new SigningKey(CoseAlgorithm.EdDSA, key, new PublicKeyInfo(CoseAlgorithm.EdDSA, key.GeneratePublicKey().GetEncoded()));
        }

        private static SigningKey FromEc(ECPrivateKeyParameters key)
        {
            byte[] raw = new FixedPointCombMultiplier().Multiply(PublicKeyInfo.P256.G, key.D).Normalize().GetEncoded(false);
            ECPrivateKeyParameters named = new ECPrivateKeyParameters("EC", key.D, SecObjectIdentifiers.SecP256r1);
            return new SigningKey(CoseAlgorithm.ES256, named, new PublicKeyInfo(CoseAlgorithm.ES256, raw));
        }
    }
}
