using System;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Crypto
{
    /// <summary>
    /// SHA-512 (FIPS 180-4), streaming; Ed25519 verification needs it and nanoFramework has none.
    /// </summary>
    /// <remarks>
    /// RAM: 128 + 640 + 64 bytes of working state, nothing allocated after construction.
    /// Not thread-safe. <see cref="Finish"/> resets the instance for reuse.
    /// </remarks>
    public sealed class Sha512
    {
        /// <summary>Digest length in bytes.</summary>
        public const int HashSize = 64;

        /// <summary>Block length in bytes.</summary>
        public const int BlockSize = 128;

        /// <summary>Blocks compressed by one <see cref="Update"/> call between two <see cref="WorkYield.Point"/> calls (a power of two).</summary>
        internal const int BlocksPerYield = 16;

        private static readonly ulong[] K = new ulong[]
        {
            0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
            0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
            0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
            0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
            0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
            0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
            0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
            0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
            0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
            0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
            0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
            0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
            0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
            0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
            0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
            0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
        };

        private readonly ulong[] _state = new ulong[8];
        private readonly ulong[] _w = new ulong[80];
        private readonly byte[] _buffer = new byte[BlockSize];
        private int _bufferLength;
        private long _totalLength;

        /// <summary>Creates an instance ready to hash.</summary>
        public Sha512()
        {
            Reset();
        }

        /// <summary>Forgets all input and starts a new hash.</summary>
        public void Reset()
        {
            _state[0] = 0x6a09e667f3bcc908;
            _state[1] = 0xbb67ae8584caa73b;
            _state[2] = 0x3c6ef372fe94f82b;
            _state[3] = 0xa54ff53a5f1d36f1;
            _state[4] = 0x510e527fade682d1;
            _state[5] = 0x9b05688c2b3e6c1f;
            _state[6] = 0x1f83d9abfb41bd6b;
            _state[7] = 0x5be0cd19137e2179;
            _bufferLength = 0;
            _totalLength = 0;
            Array.Clear(_buffer, 0, BlockSize);
        }

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="data"/>.</exception>
        public void Update(byte[] data, int offset, int count)
        {
            Sha256.CheckRange(data, offset, count);
            _totalLength += count;
            if (_bufferLength > 0)
            {
                int take = BlockSize - _bufferLength;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(data, offset, _buffer, _bufferLength, take);
                _bufferLength += take;
                offset += take;
                count -= take;
                if (_bufferLength < BlockSize)
                {
                    return;
                }

                Compress(_buffer, 0);
                _bufferLength = 0;
            }

            int blocks = 0;
            while (count >= BlockSize)
            {
                Compress(data, offset);
                offset += BlockSize;
                count -= BlockSize;
                if ((++blocks & (BlocksPerYield - 1)) == 0)
                {
                    WorkYield.Point();
                }
            }

            if (count > 0)
            {
                Array.Copy(data, offset, _buffer, 0, count);
                _bufferLength = count;
            }
        }

        /// <summary>Writes the 64-byte digest to <paramref name="output"/> at <paramref name="offset"/> and resets.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than 64 bytes fit at <paramref name="offset"/>.</exception>
        public void Finish(byte[] output, int offset)
        {
            Sha256.CheckRange(output, offset, HashSize);
            long bitLength = _totalLength * 8;
            _buffer[_bufferLength++] = 0x80;
            if (_bufferLength > BlockSize - 16)
            {
                Array.Clear(_buffer, _bufferLength, BlockSize - _bufferLength);
                Compress(_buffer, 0);
                _bufferLength = 0;
            }

            // The 128-bit length field: the high 64 bits stay zero (messages under 2^61 bytes).
            Array.Clear(_buffer, _bufferLength, BlockSize - 8 - _bufferLength);
            for (int i = 0; i < 8; i++)
            {
                _buffer[BlockSize - 1 - i] = (byte)(bitLength >> (8 * i));
            }

            Compress(_buffer, 0);
            for (int i = 0; i < 8; i++)
            {
                ulong v = _state[i];
                for (int j = 0; j < 8; j++)
                {
                    output[offset + (8 * i) + j] = (byte)(v >> (56 - (8 * j)));
                }
            }

            Reset();
        }

        /// <summary>Hashes a whole range in one call.</summary>
        /// <remarks>Allocates the instance and the 64-byte result; prefer a reused instance on hot paths.</remarks>
        public static byte[] Hash(byte[] data, int offset, int count)
        {
            Sha512 sha = new Sha512();
            sha.Update(data, offset, count);
            byte[] digest = new byte[HashSize];
            sha.Finish(digest, 0);
            return digest;
        }

        private void Compress(byte[] block, int offset)
        {
            ulong[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                int p = offset + (8 * t);
                ulong hi = ((uint)block[p] << 24) | ((uint)block[p + 1] << 16) | ((uint)block[p + 2] << 8) | block[p + 3];
                ulong lo = ((uint)block[p + 4] << 24) | ((uint)block[p + 5] << 16) | ((uint)block[p + 6] << 8) | block[p + 7];
                w[t] = (hi << 32) | lo;
            }

            for (int t = 16; t < 80; t++)
            {
                ulong x = w[t - 2];
                ulong y = w[t - 15];
                ulong s1 = ((x >> 19) | (x << 45)) ^ ((x >> 61) | (x << 3)) ^ (x >> 6);
                ulong s0 = ((y >> 1) | (y << 63)) ^ ((y >> 8) | (y << 56)) ^ (y >> 7);
                w[t] = unchecked(s1 + w[t - 7] + s0 + w[t - 16]);
            }

            ulong a = _state[0], b = _state[1], c = _state[2], d = _state[3];
            ulong e = _state[4], f = _state[5], g = _state[6], h = _state[7];
            ulong[] k = K;
            for (int t = 0; t < 80; t++)
            {
                ulong bigS1 = ((e >> 14) | (e << 50)) ^ ((e >> 18) | (e << 46)) ^ ((e >> 41) | (e << 23));
                ulong ch = (e & f) ^ (~e & g);
                ulong t1 = unchecked(h + bigS1 + ch + k[t] + w[t]);
                ulong bigS0 = ((a >> 28) | (a << 36)) ^ ((a >> 34) | (a << 30)) ^ ((a >> 39) | (a << 25));
                ulong maj = (a & b) ^ (a & c) ^ (b & c);
                ulong t2 = unchecked(bigS0 + maj);
                h = g;
                g = f;
                f = e;
                e = unchecked(d + t1);
                d = c;
                c = b;
                b = a;
                a = unchecked(t1 + t2);
            }

            _state[0] = unchecked(_state[0] + a);
            _state[1] = unchecked(_state[1] + b);
            _state[2] = unchecked(_state[2] + c);
            _state[3] = unchecked(_state[3] + d);
            _state[4] = unchecked(_state[4] + e);
            _state[5] = unchecked(_state[5] + f);
            _state[6] = unchecked(_state[6] + g);
            _state[7] = unchecked(_state[7] + h);
        }
    }
}
