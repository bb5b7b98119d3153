using System;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    /// <summary>A P-256 key pair made at test time by BouncyCastle, the independent reference.</summary>
    internal sealed class BouncyCastleP256
    {
        /// <summary>secp256r1 domain parameters.</summary>
        public static readonly ECDomainParameters Domain = new ECDomainParameters(ECNamedCurveTable.GetByName("secp256r1"));

        private BouncyCastleP256(AsymmetricCipherKeyPair pair)
        {
            Private = (ECPrivateKeyParameters)pair.Private;
            Public = (ECPublicKeyParameters)pair.Public;
            PublicKey = Public.Q.GetEncoded(false);
        }

        public ECPrivateKeyParameters Private { get; }

        public ECPublicKeyParameters Public { get; }

        /// <summary>Uncompressed point 0x04 ‖ X ‖ Y.</summary>
        public byte[] PublicKey { get; }

        /// <summary>A deterministic generator, so a failure reproduces.</summary>
        public static SecureRandom SeededRandom(int seed)
        {
            SecureRandom random = new SecureRandom(new DigestRandomGenerator(new Sha256Digest()));
            random.SetSeed(BitConverter.GetBytes(seed));
            return random;
        }

        public static BouncyCastleP256 Generate(SecureRandom random)
        {
            ECKeyPairGenerator generator = new ECKeyPairGenerator();
            generator.Init(new ECKeyGenerationParameters(Domain, random));
            return new BouncyCastleP256(generator.GenerateKeyPair());
        }

        /// <summary>Raw r ‖ s over a 32-byte digest (ECDsaSigner with RFC 6979 nonces).</summary>
        public byte[] SignHashRaw(byte[] hash)
        {
            ECDsaSigner signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
            signer.Init(true, Private);
            BcBigInteger[] rs = signer.GenerateSignature(hash);
            return ToRaw(rs[0], rs[1]);
        }

        /// <summary>DER SEQUENCE { r, s } over the message with SHA-256 (SignerUtilities "SHA-256withECDSA").</summary>
        public byte[] SignMessageDer(byte[] message, SecureRandom random)
        {
            ISigner signer = SignerUtilities.GetSigner("SHA-256withECDSA");
            signer.Init(true, new ParametersWithRandom(Private, random));
            signer.BlockUpdate(message, 0, message.Length);
            return signer.GenerateSignature();
        }

        /// <summary>r ‖ s as two 32-byte big-endian halves.</summary>
        public static byte[] ToRaw(BcBigInteger r, BcBigInteger s)
        {
            byte[] raw = new byte[64];
            BigIntegers.AsUnsignedByteArray(r, raw, 0, 32);
            BigIntegers.AsUnsignedByteArray(s, raw, 32, 32);
            return raw;
        }
    }
}
