using System;
using MedDeviceAgent.Firmware.Core.Crypto;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    /// <summary>The streaming surface Sha256 and Sha512 share, so one test body covers both.</summary>
    public interface IStreamingHash
    {
        string Name { get; }

        int HashSize { get; }

        int BlockSize { get; }

        void Update(byte[] data, int offset, int count);

        void Finish(byte[] output, int offset);

        void Reset();

        /// <summary>The static one-shot Hash of the class under test.</summary>
        byte[] OneShot(byte[] data, int offset, int count);

        /// <summary>An independent implementation (BouncyCastle).</summary>
        IDigest CreateReference();
    }

    public sealed class Sha256Hash : IStreamingHash
    {
        private readonly Sha256 _sha = new Sha256();

        public string Name => "SHA-256";

        public int HashSize => Sha256.HashSize;

        public int BlockSize => Sha256.BlockSize;

        public void Update(byte[] data, int offset, int count) => _sha.Update(data, offset, count);

        public void Finish(byte[] output, int offset) => _sha.Finish(output, offset);

        public void Reset() => _sha.Reset();

        public byte[] OneShot(byte[] data, int offset, int count) => Sha256.Hash(data, offset, count);

        public IDigest CreateReference() => new Sha256Digest();

        public override string ToString() => Name;
    }

    public sealed class Sha512Hash : IStreamingHash
    {
        private readonly Sha512 _sha = new Sha512();

        public string Name => "SHA-512";

        public int HashSize => Sha512.HashSize;

        public int BlockSize => Sha512.BlockSize;

        public void Update(byte[] data, int offset, int count) => _sha.Update(data, offset, count);

        public void Finish(byte[] output, int offset) => _sha.Finish(output, offset);

        public void Reset() => _sha.Reset();

        public byte[] OneShot(byte[] data, int offset, int count) => Sha512.Hash(data, offset, count);

        public IDigest CreateReference() => new Sha512Digest();

        public override string ToString() => Name;
    }

    /// <summary>Shared vectors and checks for the SHA tests.</summary>
    internal static class ShaVectors
    {
        /// <summary>The 896-bit message of the FIPS 180-2 examples.</summary>
        public const string Message896 =
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

        /// <summary>Digest of one million 'a', fed in 997-byte chunks so updates straddle block boundaries.</summary>
        public static byte[] MillionA(IStreamingHash hash)
        {
            byte[] chunk = new byte[997];
            Array.Fill(chunk, (byte)'a');
            int left = 1000000;
            while (left > 0)
            {
                int take = Math.Min(left, chunk.Length);
                hash.Update(chunk, 0, take);
                left -= take;
            }

            byte[] digest = new byte[hash.HashSize];
            hash.Finish(digest, 0);
            return digest;
        }

        /// <summary>The reference digest of a range.</summary>
        public static byte[] Reference(IStreamingHash hash, byte[] data, int offset, int count)
        {
            IDigest digest = hash.CreateReference();
            digest.BlockUpdate(data, offset, count);
            byte[] output = new byte[digest.GetDigestSize()];
            digest.DoFinal(output, 0);
            return output;
        }

        /// <summary>Null and out-of-range arguments throw, and a rejected call leaves the running hash intact.</summary>
        public static void AssertArgumentChecks(IStreamingHash hash)
        {
            byte[] data = new byte[10];
            Assert.Throws<ArgumentNullException>(() => hash.Update(null!, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Update(data, -1, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Update(data, 0, -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Update(data, 1, 10));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Update(data, 11, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Update(data, int.MaxValue, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Update(data, 1, int.MaxValue));
            Assert.Throws<ArgumentNullException>(() => hash.Finish(null!, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Finish(new byte[hash.HashSize - 1], 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Finish(new byte[hash.HashSize], 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Finish(new byte[hash.HashSize], -1));
            Assert.Throws<ArgumentNullException>(() => hash.OneShot(null!, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.OneShot(data, 5, 6));
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.OneShot(data, -1, 0));

            // Interleave rejected calls with real ones: the digest is still that of the accepted input.
            byte[] abc = { (byte)'a', (byte)'b', (byte)'c' };
            hash.Update(abc, 0, 1);
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Update(abc, 2, 2));
            hash.Update(abc, 1, 2);
            Assert.Throws<ArgumentOutOfRangeException>(() => hash.Finish(new byte[1], 0));
            byte[] output = new byte[hash.HashSize + 2];
            hash.Finish(output, 1);
            Assert.Equal(Reference(hash, abc, 0, 3), output[1..^1]);
            Assert.Equal(0, output[0]);
            Assert.Equal(0, output[^1]);
        }
    }
}
