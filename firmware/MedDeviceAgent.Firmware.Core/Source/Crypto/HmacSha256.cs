using System;

namespace MedDeviceAgent.Firmware.Core.Crypto
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104, FIPS 198-1) over the core's portable <see cref="Sha256"/>, streaming. Agrees
    /// with nanoFramework's native <c>HMACSHA256</c> and .NET's on the RFC 4231 vectors.
    /// </summary>
    /// <remarks>
    /// RAM: two SHA-256 instances (inner, outer) and two 64-byte padded keys, about 900 bytes, all allocated
    /// in the constructor; <see cref="Update"/> and <see cref="Finish"/> allocate nothing. A key longer than
    /// 64 bytes is hashed first (RFC 2104). <see cref="Finish"/> restarts the instance with the same key, so
    /// one instance serves many messages. <see cref="Clear"/> wipes the key material. Time: two extra
    /// SHA-256 blocks per message besides the data. Not thread-safe.
    /// </remarks>
    public sealed class HmacSha256
    {
        /// <summary>Tag length in bytes.</summary>
        public const int TagSize = Sha256.HashSize;

        private readonly Sha256 _inner = new Sha256();
        private readonly Sha256 _outer = new Sha256();
        private readonly byte[] _innerPad = new byte[Sha256.BlockSize];
        private readonly byte[] _outerPad = new byte[Sha256.BlockSize];
        private readonly byte[] _innerDigest = new byte[Sha256.HashSize];

        /// <summary>Creates an instance keyed with <paramref name="count"/> bytes of <paramref name="key"/> from <paramref name="offset"/>.</summary>
        /// <remarks>The key bytes are copied (padded); the caller may wipe its array afterwards.</remarks>
        /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="key"/>.</exception>
        public HmacSha256(byte[] key, int offset, int count)
        {
            Sha256.CheckRange(key, offset, count);
            if (count > Sha256.BlockSize)
            {
                _inner.Update(key, offset, count);
                _inner.Finish(_innerPad, 0);
            }
            else
            {
                Array.Copy(key, offset, _innerPad, 0, count);
            }

            for (int i = 0; i < Sha256.BlockSize; i++)
            {
                byte k = _innerPad[i];
                _innerPad[i] = (byte)(k ^ 0x36);
                _outerPad[i] = (byte)(k ^ 0x5C);
            }

            Restart();
        }

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="data"/>.</exception>
        public void Update(byte[] data, int offset, int count)
        {
            _inner.Update(data, offset, count);
        }

        /// <summary>Writes the 32-byte tag to <paramref name="output"/> at <paramref name="offset"/> and restarts with the same key.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than 32 bytes fit at <paramref name="offset"/>.</exception>
        public void Finish(byte[] output, int offset)
        {
            Sha256.CheckRange(output, offset, TagSize);
            _inner.Finish(_innerDigest, 0);
            _outer.Reset();
            _outer.Update(_outerPad, 0, Sha256.BlockSize);
            _outer.Update(_innerDigest, 0, Sha256.HashSize);
            _outer.Finish(output, offset);
            Array.Clear(_innerDigest, 0, Sha256.HashSize);
            Restart();
        }

        /// <summary>Forgets the data added since the last <see cref="Finish"/>, keeping the key.</summary>
        public void Restart()
        {
            _inner.Reset();
            _inner.Update(_innerPad, 0, Sha256.BlockSize);
        }

        /// <summary>Wipes the key material; the instance must not be used afterwards.</summary>
        public void Clear()
        {
            Array.Clear(_innerPad, 0, Sha256.BlockSize);
            Array.Clear(_outerPad, 0, Sha256.BlockSize);
            _inner.Reset();
            _outer.Reset();
        }

        /// <summary>Computes the tag of one range in one call.</summary>
        /// <remarks>Allocates an instance (about 900 bytes) and the 32-byte result; prefer a reused instance on hot paths.</remarks>
        public static byte[] Compute(byte[] key, byte[] data, int offset, int count)
        {
            if (key == null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            HmacSha256 hmac = new HmacSha256(key, 0, key.Length);
            hmac.Update(data, offset, count);
            byte[] tag = new byte[TagSize];
            hmac.Finish(tag, 0);
            hmac.Clear();
            return tag;
        }
    }
}
