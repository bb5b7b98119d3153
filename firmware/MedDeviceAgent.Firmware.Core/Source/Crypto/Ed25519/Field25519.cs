using System;

namespace MedDeviceAgent.Firmware.Core.Crypto.Ed25519
{
    /// <summary>
    /// Arithmetic modulo p = 2^255 - 19 on elements held as ten signed limbs in an <c>int[10]</c>,
    /// radix 2^25.5: limb i weighs 2^ceil(25.5 i), so even limbs carry 26 bits and odd limbs 25.
    /// </summary>
    /// <remarks>
    /// Representation is redundant: a value has many limb vectors; <see cref="Normalize"/> gives the
    /// unique one. Bounds: <see cref="Mul"/>, <see cref="Square"/> and <see cref="Square2"/> accept
    /// limbs up to about 2^28 in magnitude (a sum or difference of up to four carried elements) and
    /// return carried limbs (|limb| below about 2^26 for even limbs, 2^25 for odd ones, non-negative
    /// except for a possible -1 in limb 1 or 5). <see cref="Add"/> and <see cref="Sub"/> do not carry: callers keep at most a few terms
    /// between multiplications. All products are 32x32 to 64-bit (<c>long</c>), portable to nanoFramework.
    /// Every method may be called with the result array equal to an input array. Variable time only
    /// where documented (encoding checks work on public data). Allocates nothing.
    /// </remarks>
    internal static class Field25519
    {
        /// <summary>Limbs per element.</summary>
        internal const int Limbs = 10;

        private const int Mask26 = (1 << 26) - 1;
        private const int Mask25 = (1 << 25) - 1;

        /// <summary>A new element equal to zero.</summary>
        internal static int[] Create()
        {
            return new int[Limbs];
        }

        /// <summary>r = 0.</summary>
        internal static void SetZero(int[] r)
        {
            Array.Clear(r, 0, Limbs);
        }

        /// <summary>r = 1.</summary>
        internal static void SetOne(int[] r)
        {
            Array.Clear(r, 0, Limbs);
            r[0] = 1;
        }

        /// <summary>r = a small non-negative integer (below 2^26).</summary>
        internal static void SetSmall(int[] r, int value)
        {
            Array.Clear(r, 0, Limbs);
            r[0] = value;
        }

        /// <summary>r = a.</summary>
        internal static void Copy(int[] r, int[] a)
        {
            Array.Copy(a, 0, r, 0, Limbs);
        }

        /// <summary>r = a + b, limb by limb (no carry).</summary>
        internal static void Add(int[] r, int[] a, int[] b)
        {
            r[9] = a[9] + b[9];
            r[0] = a[0] + b[0];
            r[1] = a[1] + b[1];
            r[2] = a[2] + b[2];
            r[3] = a[3] + b[3];
            r[4] = a[4] + b[4];
            r[5] = a[5] + b[5];
            r[6] = a[6] + b[6];
            r[7] = a[7] + b[7];
            r[8] = a[8] + b[8];
        }

        /// <summary>r = a - b, limb by limb (no carry; limbs may go negative).</summary>
        internal static void Sub(int[] r, int[] a, int[] b)
        {
            r[9] = a[9] - b[9];
            r[0] = a[0] - b[0];
            r[1] = a[1] - b[1];
            r[2] = a[2] - b[2];
            r[3] = a[3] - b[3];
            r[4] = a[4] - b[4];
            r[5] = a[5] - b[5];
            r[6] = a[6] - b[6];
            r[7] = a[7] - b[7];
            r[8] = a[8] - b[8];
        }

        /// <summary>r = -a, limb by limb.</summary>
        internal static void Negate(int[] r, int[] a)
        {
            for (int i = 0; i < Limbs; i++)
            {
                r[i] = -a[i];
            }
        }

        /// <summary>r = a * b mod p, carried.</summary>
        internal static void Mul(int[] r, int[] a, int[] b)
        {
            long f9 = a[9], f0 = a[0], f1 = a[1], f2 = a[2], f3 = a[3], f4 = a[4], f5 = a[5], f6 = a[6], f7 = a[7], f8 = a[8];
            long g9 = b[9], g0 = b[0], g1 = b[1], g2 = b[2], g3 = b[3], g4 = b[4], g5 = b[5], g6 = b[6], g7 = b[7], g8 = b[8];
            long f1x2 = 2 * f1, f3x2 = 2 * f3, f5x2 = 2 * f5, f7x2 = 2 * f7, f9x2 = 2 * f9;
            long g1x19 = 19 * g1, g2x19 = 19 * g2, g3x19 = 19 * g3, g4x19 = 19 * g4, g5x19 = 19 * g5;
            long g6x19 = 19 * g6, g7x19 = 19 * g7, g8x19 = 19 * g8, g9x19 = 19 * g9;

            // Limb i times limb j lands on limb (i + j) mod 10; twice when i and j are both odd
            // (the half bits add up), times 19 when it wraps past 2^255.
            long h0 = (f0 * g0) + (f1x2 * g9x19) + (f2 * g8x19) + (f3x2 * g7x19) + (f4 * g6x19) + (f5x2 * g5x19) + (f6 * g4x19) + (f7x2 * g3x19) + (f8 * g2x19) + (f9x2 * g1x19);
            long h1 = (f0 * g1) + (f1 * g0) + (f2 * g9x19) + (f3 * g8x19) + (f4 * g7x19) + (f5 * g6x19) + (f6 * g5x19) + (f7 * g4x19) + (f8 * g3x19) + (f9 * g2x19);
            long h2 = (f0 * g2) + (f1x2 * g1) + (f2 * g0) + (f3x2 * g9x19) + (f4 * g8x19) + (f5x2 * g7x19) + (f6 * g6x19) + (f7x2 * g5x19) + (f8 * g4x19) + (f9x2 * g3x19);
            long h3 = (f0 * g3) + (f1 * g2) + (f2 * g1) + (f3 * g0) + (f4 * g9x19) + (f5 * g8x19) + (f6 * g7x19) + (f7 * g6x19) + (f8 * g5x19) + (f9 * g4x19);
            long h4 = (f0 * g4) + (f1x2 * g3) + (f2 * g2) + (f3x2 * g1) + (f4 * g0) + (f5x2 * g9x19) + (f6 * g8x19) + (f7x2 * g7x19) + (f8 * g6x19) + (f9x2 * g5x19);
            long h5 = (f0 * g5) + (f1 * g4) + (f2 * g3) + (f3 * g2) + (f4 * g1) + (f5 * g0) + (f6 * g9x19) + (f7 * g8x19) + (f8 * g7x19) + (f9 * g6x19);
            long h6 = (f0 * g6) + (f1x2 * g5) + (f2 * g4) + (f3x2 * g3) + (f4 * g2) + (f5x2 * g1) + (f6 * g0) + (f7x2 * g9x19) + (f8 * g8x19) + (f9x2 * g7x19);
            long h7 = (f0 * g7) + (f1 * g6) + (f2 * g5) + (f3 * g4) + (f4 * g3) + (f5 * g2) + (f6 * g1) + (f7 * g0) + (f8 * g9x19) + (f9 * g8x19);
            long h8 = (f0 * g8) + (f1x2 * g7) + (f2 * g6) + (f3x2 * g5) + (f4 * g4) + (f5x2 * g3) + (f6 * g2) + (f7x2 * g1) + (f8 * g0) + (f9x2 * g9x19);
            long h9 = (f0 * g9) + (f1 * g8) + (f2 * g7) + (f3 * g6) + (f4 * g5) + (f5 * g4) + (f6 * g3) + (f7 * g2) + (f8 * g1) + (f9 * g0);
            Carry(r, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
        }

        /// <summary>r = a^2 mod p, carried.</summary>
        internal static void Square(int[] r, int[] a)
        {
            long h0, h1, h2, h3, h4, h5, h6, h7, h8, h9;
            SquareSums(a, out h0, out h1, out h2, out h3, out h4, out h5, out h6, out h7, out h8, out h9);
            Carry(r, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
        }

        /// <summary>r = 2 a^2 mod p, carried.</summary>
        internal static void Square2(int[] r, int[] a)
        {
            long h0, h1, h2, h3, h4, h5, h6, h7, h8, h9;
            SquareSums(a, out h0, out h1, out h2, out h3, out h4, out h5, out h6, out h7, out h8, out h9);
            Carry(r, 2 * h0, 2 * h1, 2 * h2, 2 * h3, 2 * h4, 2 * h5, 2 * h6, 2 * h7, 2 * h8, 2 * h9);
        }

        /// <summary>r = a^(2^n) mod p for n at least 1.</summary>
        internal static void SquareTimes(int[] r, int[] a, int n)
        {
            Square(r, a);
            for (int i = 1; i < n; i++)
            {
                Square(r, r);
            }
        }

        /// <summary>r = 1 / a mod p (a^(p-2)); zero maps to zero.</summary>
        /// <param name="r">Result.</param>
        /// <param name="a">Input.</param>
        /// <param name="t0">Scratch element.</param>
        /// <param name="t1">Scratch element.</param>
        /// <param name="t2">Scratch element.</param>
        internal static void Invert(int[] r, int[] a, int[] t0, int[] t1, int[] t2)
        {
            // t1 = a^(2^250 - 1), t0 = a^11; then a^(2^255 - 32) * a^11 = a^(2^255 - 21) = a^(p - 2).
            Pow2To250Minus1(t1, t0, a, t2, r);
            SquareTimes(t1, t1, 5);
            Mul(r, t1, t0);
        }

        /// <summary>r = a^((p-5)/8) = a^(2^252 - 3) mod p, the core of the square root.</summary>
        /// <param name="r">Result (must not be <paramref name="a"/>).</param>
        /// <param name="a">Input.</param>
        /// <param name="t0">Scratch element.</param>
        /// <param name="t1">Scratch element.</param>
        /// <param name="t2">Scratch element.</param>
        internal static void PowP58(int[] r, int[] a, int[] t0, int[] t1, int[] t2)
        {
            Pow2To250Minus1(t1, t0, a, t2, r);
            SquareTimes(t1, t1, 2);
            Mul(r, t1, a);
        }

        /// <summary>Fully reduces a carried or lightly loaded element: limbs in range, value in [0, p).</summary>
        internal static void Normalize(int[] r, int[] a)
        {
            long h0 = a[0], h1 = a[1], h2 = a[2], h3 = a[3], h4 = a[4], h5 = a[5], h6 = a[6], h7 = a[7], h8 = a[8], h9 = a[9];

            // Three floor-carry passes leave every limb in range and the value in [0, 2^255).
            for (int pass = 0; pass < 3; pass++)
            {
                h1 += h0 >> 26; h0 &= Mask26;
                h2 += h1 >> 25; h1 &= Mask25;
                h3 += h2 >> 26; h2 &= Mask26;
                h4 += h3 >> 25; h3 &= Mask25;
                h5 += h4 >> 26; h4 &= Mask26;
                h6 += h5 >> 25; h5 &= Mask25;
                h7 += h6 >> 26; h6 &= Mask26;
                h8 += h7 >> 25; h7 &= Mask25;
                h9 += h8 >> 26; h8 &= Mask26;
                h0 += 19 * (h9 >> 25); h9 &= Mask25;
            }

            // The value v is below 2^255; v >= p exactly when v + 19 reaches 2^255.
            long q = (h0 + 19) >> 26;
            q = (h1 + q) >> 25;
            q = (h2 + q) >> 26;
            q = (h3 + q) >> 25;
            q = (h4 + q) >> 26;
            q = (h5 + q) >> 25;
            q = (h6 + q) >> 26;
            q = (h7 + q) >> 25;
            q = (h8 + q) >> 26;
            q = (h9 + q) >> 25;
            h0 += 19 * q;
            h1 += h0 >> 26; h0 &= Mask26;
            h2 += h1 >> 25; h1 &= Mask25;
            h3 += h2 >> 26; h2 &= Mask26;
            h4 += h3 >> 25; h3 &= Mask25;
            h5 += h4 >> 26; h4 &= Mask26;
            h6 += h5 >> 25; h5 &= Mask25;
            h7 += h6 >> 26; h6 &= Mask26;
            h8 += h7 >> 25; h7 &= Mask25;
            h9 += h8 >> 26; h8 &= Mask26;
            h9 &= Mask25;
            r[0] = (int)h0;
            r[1] = (int)h1;
            r[2] = (int)h2;
            r[3] = (int)h3;
            r[4] = (int)h4;
            r[5] = (int)h5;
            r[6] = (int)h6;
            r[7] = (int)h7;
            r[8] = (int)h8;
            r[9] = (int)h9;
        }

        /// <summary>True when a is zero mod p. <paramref name="scratch"/> receives the normalized value.</summary>
        internal static bool IsZero(int[] a, int[] scratch)
        {
            Normalize(scratch, a);
            int any = 0;
            for (int i = 0; i < Limbs; i++)
            {
                any |= scratch[i];
            }

            return any == 0;
        }

        /// <summary>True when the canonical value of a is odd (RFC 8032 "negative" x). <paramref name="scratch"/> receives the normalized value.</summary>
        internal static bool IsOdd(int[] a, int[] scratch)
        {
            Normalize(scratch, a);
            return (scratch[0] & 1) != 0;
        }

        /// <summary>
        /// Reads the low 255 bits of 32 little-endian bytes at <paramref name="offset"/> (bit 255 is ignored).
        /// The value may be in [p, 2^255); use <see cref="IsCanonical"/> to refuse that.
        /// </summary>
        internal static void Decode(int[] r, byte[] input, int offset)
        {
            r[0] = (int)(Load32(input, offset) & Mask26);
            r[1] = (int)((Load32(input, offset + 3) >> 2) & Mask25);
            r[2] = (int)((Load32(input, offset + 6) >> 3) & Mask26);
            r[3] = (int)((Load32(input, offset + 9) >> 5) & Mask25);
            r[4] = (int)((Load32(input, offset + 12) >> 6) & Mask26);
            r[5] = (int)(Load32(input, offset + 16) & Mask25);
            r[6] = (int)((Load32(input, offset + 19) >> 1) & Mask26);
            r[7] = (int)((Load32(input, offset + 22) >> 3) & Mask25);
            r[8] = (int)((Load32(input, offset + 25) >> 4) & Mask26);
            r[9] = (int)((Load32(input, offset + 28) >> 6) & Mask25);
        }

        /// <summary>Writes the canonical 32-byte little-endian encoding of a (bit 255 clear).</summary>
        /// <param name="output">Destination.</param>
        /// <param name="offset">Where the 32 bytes start.</param>
        /// <param name="a">Element.</param>
        /// <param name="scratch">Receives the normalized value.</param>
        internal static void Encode(byte[] output, int offset, int[] a, int[] scratch)
        {
            Normalize(scratch, a);
            Array.Clear(output, offset, 32);
            int bit = 0;
            for (int i = 0; i < Limbs; i++)
            {
                int width = (i & 1) == 0 ? 26 : 25;
                long v = (long)scratch[i] << (bit & 7);
                int at = offset + (bit >> 3);
                int end = offset + 32;
                while (v != 0 && at < end)
                {
                    output[at] |= (byte)v;
                    v >>= 8;
                    at++;
                }

                bit += width;
            }
        }

        /// <summary>
        /// True when the low 255 bits of the 32 bytes at <paramref name="offset"/> are below p (bit 255 is ignored).
        /// Public data only: the time depends on the input.
        /// </summary>
        internal static bool IsCanonical(byte[] input, int offset)
        {
            // p = 2^255 - 19 is 0xED, 30 x 0xFF, 0x7F (little-endian); values at or above it are
            // exactly those with the top 250 bits all set and a low byte of at least 0xED.
            if ((input[offset + 31] & 0x7F) != 0x7F)
            {
                return true;
            }

            for (int i = 30; i >= 1; i--)
            {
                if (input[offset + i] != 0xFF)
                {
                    return true;
                }
            }

            return input[offset] < 0xED;
        }

        private static long Load32(byte[] b, int offset)
        {
            return (long)(b[offset] | (b[offset + 1] << 8) | (b[offset + 2] << 16)) | ((long)b[offset + 3] << 24);
        }

        private static void SquareSums(int[] a, out long h0, out long h1, out long h2, out long h3, out long h4, out long h5, out long h6, out long h7, out long h8, out long h9)
        {
            long f9 = a[9], f0 = a[0], f1 = a[1], f2 = a[2], f3 = a[3], f4 = a[4], f5 = a[5], f6 = a[6], f7 = a[7], f8 = a[8];
            long f0x2 = 2 * f0, f1x2 = 2 * f1, f2x2 = 2 * f2, f3x2 = 2 * f3, f4x2 = 2 * f4, f5x2 = 2 * f5, f6x2 = 2 * f6;
            long f7x2 = 2 * f7, f8x2 = 2 * f8, f9x2 = 2 * f9;
            long f1x4 = 4 * f1, f3x4 = 4 * f3, f5x4 = 4 * f5, f7x4 = 4 * f7;
            long f5x19 = 19 * f5, f6x19 = 19 * f6, f7x19 = 19 * f7, f8x19 = 19 * f8, f9x19 = 19 * f9;

            // The products of Mul with f = g, equal cross terms counted once and doubled.
            h0 = (f0 * f0) + (f1x4 * f9x19) + (f2x2 * f8x19) + (f3x4 * f7x19) + (f4x2 * f6x19) + (f5x2 * f5x19);
            h1 = (f0x2 * f1) + (f2x2 * f9x19) + (f3x2 * f8x19) + (f4x2 * f7x19) + (f5x2 * f6x19);
            h2 = (f0x2 * f2) + (f1x2 * f1) + (f3x4 * f9x19) + (f4x2 * f8x19) + (f5x4 * f7x19) + (f6 * f6x19);
            h3 = (f0x2 * f3) + (f1x2 * f2) + (f4x2 * f9x19) + (f5x2 * f8x19) + (f6x2 * f7x19);
            h4 = (f0x2 * f4) + (f1x4 * f3) + (f2 * f2) + (f5x4 * f9x19) + (f6x2 * f8x19) + (f7x2 * f7x19);
            h5 = (f0x2 * f5) + (f1x2 * f4) + (f2x2 * f3) + (f6x2 * f9x19) + (f7x2 * f8x19);
            h6 = (f0x2 * f6) + (f1x4 * f5) + (f2x2 * f4) + (f3x2 * f3) + (f7x4 * f9x19) + (f8 * f8x19);
            h7 = (f0x2 * f7) + (f1x2 * f6) + (f2x2 * f5) + (f3x2 * f4) + (f8x2 * f9x19);
            h8 = (f0x2 * f8) + (f1x4 * f7) + (f2x2 * f6) + (f3x4 * f5) + (f4 * f4) + (f9x2 * f9x19);
            h9 = (f0x2 * f9) + (f1x2 * f8) + (f2x2 * f7) + (f3x2 * f6) + (f4x2 * f5);
        }

        /// <summary>Carries 64-bit limb sums down to the 26/25-bit radix and stores them.</summary>
        private static void Carry(int[] r, long h0, long h1, long h2, long h3, long h4, long h5, long h6, long h7, long h8, long h9)
        {
            // Two interleaved chains (0..4 and 4..9), the wrap-around of limb 9 times 19, then limb 0 once more.
            long c;
            c = h0 >> 26; h1 += c; h0 -= c << 26;
            c = h4 >> 26; h5 += c; h4 -= c << 26;
            c = h1 >> 25; h2 += c; h1 -= c << 25;
            c = h5 >> 25; h6 += c; h5 -= c << 25;
            c = h2 >> 26; h3 += c; h2 -= c << 26;
            c = h6 >> 26; h7 += c; h6 -= c << 26;
            c = h3 >> 25; h4 += c; h3 -= c << 25;
            c = h7 >> 25; h8 += c; h7 -= c << 25;
            c = h4 >> 26; h5 += c; h4 -= c << 26;
            c = h8 >> 26; h9 += c; h8 -= c << 26;
            c = h9 >> 25; h0 += 19 * c; h9 -= c << 25;
            c = h0 >> 26; h1 += c; h0 -= c << 26;
            r[9] = (int)h9;
            r[0] = (int)h0;
            r[1] = (int)h1;
            r[2] = (int)h2;
            r[3] = (int)h3;
            r[4] = (int)h4;
            r[5] = (int)h5;
            r[6] = (int)h6;
            r[7] = (int)h7;
            r[8] = (int)h8;
        }

        /// <summary>t1 = a^(2^250 - 1) and t0 = a^11; t2 and t3 are scratch.</summary>
        private static void Pow2To250Minus1(int[] t1, int[] t0, int[] a, int[] t2, int[] t3)
        {
            Square(t0, a);                 // a^2
            SquareTimes(t1, t0, 2);        // a^8
            Mul(t1, a, t1);                // a^9
            Mul(t0, t0, t1);               // a^11
            Square(t2, t0);                // a^22
            Mul(t1, t1, t2);               // a^31 = a^(2^5 - 1)
            SquareTimes(t2, t1, 5);
            Mul(t1, t2, t1);               // 2^10 - 1
            SquareTimes(t2, t1, 10);
            Mul(t2, t2, t1);               // 2^20 - 1
            SquareTimes(t3, t2, 20);
            Mul(t2, t3, t2);               // 2^40 - 1
            SquareTimes(t2, t2, 10);
            Mul(t1, t2, t1);               // 2^50 - 1
            SquareTimes(t2, t1, 50);
            Mul(t2, t2, t1);               // 2^100 - 1
            SquareTimes(t3, t2, 100);
            Mul(t2, t3, t2);               // 2^200 - 1
            SquareTimes(t2, t2, 50);
            Mul(t1, t2, t1);               // 2^250 - 1
        }
    }
}
