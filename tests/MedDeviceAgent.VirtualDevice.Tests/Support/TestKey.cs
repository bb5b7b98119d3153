using System;
using System.Security.Cryptography;
using MedDeviceAgent.Protocol;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace MedDeviceAgent.VirtualDevice.Tests.Support
{
    /// <summary>A signing key made at test time (Ed25519 or P-256), with its raw public key and key id.</summary>
    public sealed class TestKey
    {
        private static readonly SecureRandom Random = new SecureRandom();
        private readonly AsymmetricKeyParameter _private;

        private TestKey(CoseAlgorithm algorithm, AsymmetricKeyParameter privateKey, byte[] raw)
        {
            Algorithm = algorithm;
            _private = privateKey;
            RawPublicKey = raw;
            KeyId = SHA256.HashData(raw).AsSpan(0, PackageFormat.KeyIdSize).ToArray();
        }

        public CoseAlgorithm Algorithm { get; }

        public byte[] RawPublicKey { get; }

        public byte[] KeyId { get; }

        public static TestKey Create(CoseAlgorithm algorithm)
        {
            if (algorithm == CoseAlgorithm.EdDSA)
            {
                Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(Random);
                return new TestKey(algorithm, key, key.GeneratePublicKey().GetEncoded());
            }

            X9ECParameters curve = ECNamedCurveTable.GetByName("P-256");
            ECDomainParameters domain = new ECDomainParameters(curve);
            ECKeyPairGenerator generator = new ECKeyPairGenerator();
            generator.Init(new ECKeyGenerationParameters(domain, Random));
            AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
            byte[] raw = ((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false);
            return new TestKey(algorithm, pair.Private, raw);
        }

        public byte[] Sign(byte[] message)
        {
            if (Algorithm == CoseAlgorithm.EdDSA)
            {
                Ed25519Signer signer = new Ed25519Signer();
                signer.Init(true, _private);
                signer.BlockUpdate(message, 0, message.Length);
                return signer.GenerateSignature();
            }

            ECDsaSigner ecdsa = new ECDsaSigner();
            ecdsa.Init(true, new ParametersWithRandom(_private, Random));
            BigInteger[] rs = ecdsa.GenerateSignature(SHA256.HashData(message));
            byte[] signature = new byte[64];
            rs[0].ToByteArrayUnsigned().CopyTo(signature, 32 - rs[0].ToByteArrayUnsigned().Length);
            rs[1].ToByteArrayUnsigned().CopyTo(signature, 64 - rs[1].ToByteArrayUnsigned().Length);
            return signature;
        }
    }
}
