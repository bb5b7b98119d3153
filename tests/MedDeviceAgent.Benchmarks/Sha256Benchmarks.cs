using System;
using BenchmarkDotNet.Attributes;
using MedDeviceAgent.Firmware.Core.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace MedDeviceAgent.Benchmarks
{
    /// <summary>SHA-256 throughput: the firmware core's portable <see cref="Sha256"/> against BouncyCastle's <see cref="Sha256Digest"/>.</summary>
    [MemoryDiagnoser]
    public class Sha256Benchmarks
    {
        private readonly Sha256 _ours = new Sha256();
        private readonly Sha256Digest _bouncyCastle = new Sha256Digest();
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private byte[] _data = Array.Empty<byte>();

        /// <summary>Input size in bytes: 64 KiB and 1 MiB.</summary>
        [Params(64 * 1024, 1024 * 1024)]
        public int Size { get; set; }

        /// <summary>Fills the input with a fixed pattern.</summary>
        [GlobalSetup]
        public void Setup()
        {
            _data = new byte[Size];
            for (int i = 0; i < _data.Length; i++)
            {
                _data[i] = (byte)((i * 31) + 7);
            }
        }

        /// <summary>BouncyCastle Sha256Digest over the whole input.</summary>
        [Benchmark(Baseline = true)]
        public byte[] BouncyCastle()
        {
            _bouncyCastle.BlockUpdate(_data, 0, _data.Length);
            _bouncyCastle.DoFinal(_digest, 0);
            return _digest;
        }

        /// <summary>The firmware core's Sha256 over the whole input.</summary>
        [Benchmark]
        public byte[] Ours()
        {
            _ours.Update(_data, 0, _data.Length);
            _ours.Finish(_digest, 0);
            return _digest;
        }
    }
}
