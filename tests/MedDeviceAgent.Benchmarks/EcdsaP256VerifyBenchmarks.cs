using System;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using MedDeviceAgent.Firmware.Core.Crypto;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Prng;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace MedDeviceAgent.Benchmarks
{
    /// <summary>
    /// ECDSA P-256 / SHA-256 verification: the firmware's portable verifier against BouncyCastle's
    /// ECDsaSigner on the same key, digest and signature, with BouncyCastle's specialised secp256r1
    /// field arithmetic (CustomNamedCurves).
    /// </summary>
    /// <remarks>
    /// BouncyCastle keeps precomputed multiples on the key's point object after its first use, so
    /// <see cref="BouncyCastleVerifyHash"/> is its warm, cached case; <see cref="BouncyCastleVerifyHashFreshKey"/>
    /// decodes the key on every call, like a device that verifies once per key.
    /// </remarks>
    [MemoryDiagnoser]
    public class EcdsaP256VerifyBenchmarks
    {
        private readonly byte[] _message = new byte[256];
        private byte[] _publicKey = Array.Empty<byte>();
        private byte[] _signature = Array.Empty<byte>();
        private byte[] _hash = Array.Empty<byte>();
        private ECDomainParameters _domain = null!;
        private ECPublicKeyParameters _bcPublicKey = null!;
        private BcBigInteger _r = BcBigInteger.Zero;
        private BcBigInteger _s = BcBigInteger.Zero;

        /// <summary>Makes one key pair and signature (seeded, so every run measures the same values).</summary>
        [GlobalSetup]
        public void Setup()
        {
            SecureRandom random = new SecureRandom(new DigestRandomGenerator(new Sha256Digest()));
            random.SetSeed(new byte[] { 0x50, 0x32, 0x35, 0x36 });
            _domain = new ECDomainParameters(CustomNamedCurves.GetByName("secp256r1"));
            ECKeyPairGenerator generator = new ECKeyPairGenerator();
            generator.Init(new ECKeyGenerationParameters(_domain, random));
            AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
            _bcPublicKey = (ECPublicKeyParameters)pair.Public;
            _publicKey = _bcPublicKey.Q.GetEncoded(false);

            random.NextBytes(_message);
            _hash = SHA256.HashData(_message);
            ECDsaSigner signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
            signer.Init(true, pair.Private);
            BcBigInteger[] rs = signer.GenerateSignature(_hash);
            _r = rs[0];
            _s = rs[1];
            _signature = new byte[EcdsaP256Verifier.SignatureSize];
            Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(_r, _signature, 0, 32);
            Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(_s, _signature, 32, 32);

            if (!FirmwareVerifyHash() || !BouncyCastleVerifyHash() || !BouncyCastleVerifyHashFreshKey() || !FirmwareVerifyMessage())
            {
                throw new InvalidOperationException("benchmark signature does not verify");
            }
        }

        /// <summary>Firmware verifier on a precomputed digest.</summary>
        [Benchmark]
        public bool FirmwareVerifyHash() => EcdsaP256Verifier.VerifyHash(_publicKey, 0, _signature, 0, _hash, 0);

        /// <summary>Firmware verifier including SHA-256 of a 256-byte message.</summary>
        [Benchmark]
        public bool FirmwareVerifyMessage() => EcdsaP256Verifier.Verify(_publicKey, 0, _signature, 0, _message, 0, _message.Length);

        /// <summary>BouncyCastle ECDsaSigner on the same digest, key point reused (precomputation cached).</summary>
        [Benchmark(Baseline = true)]
        public bool BouncyCastleVerifyHash()
        {
            ECDsaSigner verifier = new ECDsaSigner();
            verifier.Init(false, _bcPublicKey);
            return verifier.VerifySignature(_hash, _r, _s);
        }

        /// <summary>BouncyCastle ECDsaSigner with the key decoded from its 65 bytes on every call.</summary>
        [Benchmark]
        public bool BouncyCastleVerifyHashFreshKey()
        {
            ECPublicKeyParameters key = new ECPublicKeyParameters(_domain.Curve.DecodePoint(_publicKey), _domain);
            ECDsaSigner verifier = new ECDsaSigner();
            verifier.Init(false, key);
            return verifier.VerifySignature(_hash, _r, _s);
        }
    }
}
