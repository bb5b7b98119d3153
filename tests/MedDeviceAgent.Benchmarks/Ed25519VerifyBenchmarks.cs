using System;
using BenchmarkDotNet.Attributes;
using MedDeviceAgent.Firmware.Core.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace MedDeviceAgent.Benchmarks
{
    /// <summary>
    /// Ed25519 verification of one signature: the firmware core's portable verifier against
    /// BouncyCastle's <see cref="Ed25519Signer"/>, same key, message and signature.
    /// </summary>
    [MemoryDiagnoser]
    public class Ed25519VerifyBenchmarks
    {
        private Ed25519PublicKeyParameters _publicKey = null!;
        private byte[] _publicKeyBytes = Array.Empty<byte>();
        private byte[] _message = Array.Empty<byte>();
        private byte[] _signature = Array.Empty<byte>();

        /// <summary>Message length in bytes (a package signature input is a few hundred bytes).</summary>
        [Params(256)]
        public int MessageLength { get; set; }

        /// <summary>Generates a key pair and signs a random message.</summary>
        [GlobalSetup]
        public void Setup()
        {
            SecureRandom random = new SecureRandom();
            Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(random);
            _publicKey = privateKey.GeneratePublicKey();
            _publicKeyBytes = _publicKey.GetEncoded();
            _message = new byte[MessageLength];
            random.NextBytes(_message);
            Ed25519Signer signer = new Ed25519Signer();
            signer.Init(true, privateKey);
            signer.BlockUpdate(_message, 0, _message.Length);
            _signature = signer.GenerateSignature();
            if (!Ours() || !BouncyCastle())
            {
                throw new InvalidOperationException("The benchmark signature does not verify.");
            }
        }

        /// <summary>BouncyCastle Ed25519Signer: init, update, verify.</summary>
        [Benchmark(Baseline = true)]
        public bool BouncyCastle()
        {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.Init(false, _publicKey);
            verifier.BlockUpdate(_message, 0, _message.Length);
            return verifier.VerifySignature(_signature);
        }

        /// <summary>The firmware core's <see cref="Ed25519Verifier"/>.</summary>
        [Benchmark]
        public bool Ours()
        {
            return Ed25519Verifier.Verify(_publicKeyBytes, 0, _signature, 0, _message, 0, _message.Length);
        }
    }
}
