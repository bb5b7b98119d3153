using System;

namespace MedDeviceAgent.Firmware.Core.Crypto.Ed25519
{
    /// <summary>
    /// Scalars modulo the prime group order L = 2^252 + 27742317777372353535851937790883648493,
    /// held as 32-byte little-endian strings: the range check of S, the reduction of the 64-byte
    /// SHA-512 output and the signed-window (wNAF) recoding used by the double scalar multiplication.
    /// </summary>
    /// <remarks>
    /// No big-integer type exists on nanoFramework, so reduction works on 24 limbs of 21 bits in a
    /// caller-supplied <c>long[24]</c>, folding 2^252 = -(L - 2^252) mod L. Variable time is fine:
    /// every input here is public (signature and hash of public data). Allocates nothing.
    /// </remarks>
    internal static class Scalar25519
    {
        /// <summary>Length of an encoded scalar.</summary>
        internal const int Size = 32;

        /// <summary>Limbs used by <see cref="Reduce"/>; the scratch array must hold this many.</summary>
        internal const int ReduceLimbs = 24;

        /// <summary>Positions in a recoded scalar.</summary>
        internal const int WnafLength = 256;

        private const int LimbBits = 21;
        private const long LimbMask = (1L << LimbBits) - 1;

        // L, little-endian.
        private static readonly byte[] Order = new byte[]
        {
            0xED, 0xD3, 0xF5, 0x5C, 0x1A, 0x63, 0x12, 0x58, 0xD6, 0x9C, 0xF7, 0xA2, 0xDE, 0xF9, 0xDE, 0x14,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
        };

        // -(L - 2^252) in signed radix-2^21 digits: adding limb * Fold[j] at limb (i - 12 + j) and
        // clearing limb i (i >= 12) keeps the value modulo L.
        private static readonly long[] Fold = new long[] { 666643, 470296, 654183, -997805, 136657, -683901 };

        /// <summary>True when the 32 little-endian bytes at <paramref name="offset"/> encode a value below L.</summary>
        internal static bool IsCanonical(byte[] scalar, int offset)
        {
            for (int i = Size - 1; i >= 0; i--)
            {
                int a = scalar[offset + i];
                int l = Order[i];
                if (a != l)
                {
                    return a < l;
                }
            }

            return false;
        }

        /// <summary>
        /// Writes the 64-byte little-endian value at <paramref name="inputOffset"/> reduced modulo L
        /// (fully, into [0, L)) as 32 bytes at <paramref name="outputOffset"/>.
        /// </summary>
        /// <param name="input">Holds the 64-byte value (a SHA-512 output).</param>
        /// <param name="inputOffset">Where the value starts.</param>
        /// <param name="output">Receives the 32-byte result; may be <paramref name="input"/> if the ranges do not overlap.</param>
        /// <param name="outputOffset">Where the result starts.</param>
        /// <param name="s">Scratch of <see cref="ReduceLimbs"/> longs.</param>
        internal static void Reduce(byte[] input, int inputOffset, byte[] output, int outputOffset, long[] s)
        {
            for (int i = 0; i < ReduceLimbs - 1; i++)
            {
                s[i] = ReadBits(input, inputOffset, i * LimbBits) & LimbMask;
            }

            s[ReduceLimbs - 1] = ReadBits(input, inputOffset, (ReduceLimbs - 1) * LimbBits); // the top 29 bits

            // Limbs 23..18 hold at most 29 bits: folding them cannot overflow, and none of them is
            // touched by a fold of a higher limb (those reach limb 16 at most).
            for (int i = 23; i >= 18; i--)
            {
                FoldLimb(s, i);
            }

            CarryCentered(s, 6, 16);
            for (int i = 17; i >= 12; i--)
            {
                FoldLimb(s, i);
            }

            CarryCentered(s, 0, 11);
            FoldLimb(s, 12);
            CarryFloor(s, 0, 11);
            FoldLimb(s, 12);
            CarryFloor(s, 0, 10);

            // Limbs 0..10 now hold 21 bits each and limb 11 the rest: the value is in [0, L).
            long acc = 0;
            int accBits = 0;
            int at = outputOffset;
            for (int i = 0; i < 12; i++)
            {
                acc |= s[i] << accBits;
                accBits += LimbBits;
                while (accBits >= 8)
                {
                    output[at++] = (byte)acc;
                    acc >>= 8;
                    accBits -= 8;
                }
            }

            while (at < outputOffset + Size)
            {
                output[at++] = (byte)acc;
                acc >>= 8;
            }
        }

        /// <summary>
        /// Recodes a scalar below 2^253 into width-<paramref name="width"/> non-adjacent form: odd digits
        /// in (-2^(width-1), 2^(width-1)), any two non-zero digits at least <paramref name="width"/> apart,
        /// and the sum of digit[i] * 2^i equal to the scalar.
        /// </summary>
        /// <param name="digits">Receives <see cref="WnafLength"/> digits, least significant first.</param>
        /// <param name="scalar">Holds the 32-byte little-endian scalar.</param>
        /// <param name="offset">Where the scalar starts.</param>
        /// <param name="width">Window width, 2 to 8.</param>
        internal static void ToWnaf(sbyte[] digits, byte[] scalar, int offset, int width)
        {
            Array.Clear(digits, 0, WnafLength);
            int full = 1 << width;
            int half = full >> 1;
            int mask = full - 1;
            int carry = 0;
            int pos = 0;
            while (pos < WnafLength)
            {
                int window = carry + (Window(scalar, offset, pos) & mask);
                if ((window & 1) == 0)
                {
                    // Even: this bit contributes nothing of its own; a pending carry moves up with it.
                    pos++;
                    continue;
                }

                if (window < half)
                {
                    carry = 0;
                    digits[pos] = (sbyte)window;
                }
                else
                {
                    carry = 1;
                    digits[pos] = (sbyte)(window - full);
                }

                pos += width;
            }
        }

        private static void FoldLimb(long[] s, int i)
        {
            long v = s[i];
            int at = i - 12;
            s[at] += v * Fold[0];
            s[at + 1] += v * Fold[1];
            s[at + 2] += v * Fold[2];
            s[at + 3] += v * Fold[3];
            s[at + 4] += v * Fold[4];
            s[at + 5] += v * Fold[5];
            s[i] = 0;
        }

        private static void CarryCentered(long[] s, int from, int to)
        {
            for (int i = from; i <= to; i++)
            {
                long c = (s[i] + (1L << (LimbBits - 1))) >> LimbBits;
                s[i + 1] += c;
                s[i] -= c << LimbBits;
            }
        }

        private static void CarryFloor(long[] s, int from, int to)
        {
            for (int i = from; i <= to; i++)
            {
                long c = s[i] >> LimbBits;
                s[i + 1] += c;
                s[i] -= c << LimbBits;
            }
        }

        /// <summary>Up to 32 bits of the 64-byte value starting at bit <paramref name="bit"/> (bits past the end read as zero).</summary>
        private static long ReadBits(byte[] b, int offset, int bit)
        {
            int first = bit >> 3;
            long v = 0;
            for (int i = 0; i < 5 && first + i < 64; i++)
            {
                v |= (long)b[offset + first + i] << (8 * i);
            }

            return v >> (bit & 7);
        }

        /// <summary>At least 9 bits of the 32-byte scalar starting at bit <paramref name="bit"/> (zero past the end).</summary>
        private static int Window(byte[] b, int offset, int bit)
        {
            int first = bit >> 3;
            int v = 0;
            for (int i = 0; i < 3 && first + i < Size; i++)
            {
                v |= b[offset + first + i] << (8 * i);
            }

            return v >> (bit & 7);
        }
    }
}
