using System;

namespace MedDeviceAgent.Firmware.Core.Crypto
{
    /// <summary>
    /// SHA-256 (FIPS 180-4), streaming. nanoFramework has no SHA-256 class, so the core carries its own.
    /// </summary>
    /// <remarks>
    /// RAM: one instance holds 64 + 256 + 32 bytes of working state and allocates nothing after
    /// construction. Not thread-safe. <see cref="Finish"/> resets the instance for reuse.
    /// </remarks>
    public sealed class Sha256
    {
        /// <summary>Digest length in bytes.</summary>
        public const int HashSize = 32;

        /// <summary>Block length in bytes.</summary>
        public const int BlockSize = 64;

        private static readonly uint[] K = new uint[]
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly uint[] _state = new uint[8];
        private readonly uint[] _w = new uint[64];
        private readonly byte[] _buffer = new byte[BlockSize];
        private int _bufferLength;
        private long _totalLength;

        /// <summary>Creates an instance ready to hash.</summary>
        public Sha256()
        {
            Reset();
        }

        /// <summary>Forgets all input and starts a new hash.</summary>
        public void Reset()
        {
            _state[0] = 0x6a09e667;
            _state[1] = 0xbb67ae85;
            _state[2] = 0x3c6ef372;
            _state[3] = 0xa54ff53a;
            _state[4] = 0x510e527f;
            _state[5] = 0x9b05688c;
            _state[6] = 0x1f83d9ab;
            _state[7] = 0x5be0cd19;
            _bufferLength = 0;
            _totalLength = 0;
            Array.Clear(_buffer, 0, BlockSize);
        }

        /// <summary>Adds <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="data"/>.</exception>
        public void Update(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count);
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

            while (count >= BlockSize)
            {
                Compress(data, offset);
                offset += BlockSize;
                count -= BlockSize;
            }

            if (count > 0)
            {
                Array.Copy(data, offset, _buffer, 0, count);
                _bufferLength = count;
            }
        }

        /// <summary>Writes the 32-byte digest to <paramref name="output"/> at <paramref name="offset"/> and resets.</summary>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than 32 bytes fit at <paramref name="offset"/>.</exception>
        public void Finish(byte[] output, int offset)
        {
            CheckRange(output, offset, HashSize);
            long bitLength = _totalLength * 8;
            _buffer[_bufferLength++] = 0x80;
            if (_bufferLength > BlockSize - 8)
            {
                Array.Clear(_buffer, _bufferLength, BlockSize - _bufferLength);
                Compress(_buffer, 0);
                _bufferLength = 0;
            }

            Array.Clear(_buffer, _bufferLength, BlockSize - 8 - _bufferLength);
            for (int i = 0; i < 8; i++)
            {
                _buffer[BlockSize - 1 - i] = (byte)(bitLength >> (8 * i));
            }

            Compress(_buffer, 0);
            for (int i = 0; i < 8; i++)
            {
                uint v = _state[i];
                output[offset + (4 * i)] = (byte)(v >> 24);
                output[offset + (4 * i) + 1] = (byte)(v >> 16);
                output[offset + (4 * i) + 2] = (byte)(v >> 8);
                output[offset + (4 * i) + 3] = (byte)v;
            }

            Reset();
        }

        /// <summary>Hashes a whole range in one call.</summary>
        /// <remarks>Allocates the instance and the 32-byte result; prefer a reused instance on hot paths.</remarks>
        public static byte[] Hash(byte[] data, int offset, int count)
        {
            Sha256 sha = new Sha256();
            sha.Update(data, offset, count);
            byte[] digest = new byte[HashSize];
            sha.Finish(digest, 0);
            return digest;
        }

        internal static void CheckRange(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }
        }

        private void Compress(byte[] block, int offset)
        {
            uint[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                int p = offset + (4 * t);
                w[t] = ((uint)block[p] << 24) | ((uint)block[p + 1] << 16) | ((uint)block[p + 2] << 8) | block[p + 3];
            }

            for (int t = 16; t < 64; t++)
            {
                uint x = w[t - 2];
                uint y = w[t - 15];
                uint s1 = ((x >> 17) | (x << 15)) ^ ((x >> 19) | (x << 13)) ^ (x >> 10);
                uint s0 = ((y >> 7) | (y << 25)) ^ ((y >> 18) | (y << 14)) ^ (y >> 3);
                w[t] = unchecked(s1 + w[t - 7] + s0 + w[t - 16]);
            }

            uint a = _state[0], b = _state[1], c = _state[2], d = _state[3];
            uint e = _state[4], f = _state[5], g = _state[6], h = _state[7];
            uint[] k = K;
            for (int t = 0; t < 64; t++)
            {
                uint bigS1 = ((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7));
                uint ch = (e & f) ^ (~e & g);
                uint t1 = unchecked(h + bigS1 + ch + k[t] + w[t]);
                uint bigS0 = ((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10));
                uint maj = (a & b) ^ (a & c) ^ (b & c);
                uint t2 = unchecked(bigS0 + maj);
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
