namespace MedDeviceAgent.Firmware.Core.Crypto.P256
{
    /// <summary>
    /// Arithmetic modulo the P-256 field prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1 on eight 32-bit limbs
    /// (least significant first). Products use 64-bit intermediates and the Solinas (NIST) fast reduction.
    /// </summary>
    /// <remarks>
    /// Every result is fully reduced (in [0, p)), so equality and zero tests on limbs are exact.
    /// Inputs must be below p. Results may alias inputs. RAM: one 16-limb (64-byte) product buffer per
    /// instance; no allocation after construction. Not thread-safe. Variable time: the verifier only
    /// handles public values.
    /// </remarks>
    internal sealed class P256Field
    {
        /// <summary>The field prime p.</summary>
        internal static readonly uint[] Prime = new uint[]
        {
            0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF,
        };

        private readonly uint[] _wide = new uint[2 * UInt256.Words];

        /// <summary>True when <paramref name="a"/> is a canonical field element (below p).</summary>
        internal static bool IsCanonical(uint[] a)
        {
            return UInt256.Compare(a, Prime) < 0;
        }

        /// <summary>result = a + b mod p.</summary>
        internal static void Add(uint[] result, uint[] a, uint[] b)
        {
            uint carry = UInt256.Add(result, a, b);
            if (carry != 0 || UInt256.Compare(result, Prime) >= 0)
            {
                UInt256.Subtract(result, result, Prime);
            }
        }

        /// <summary>result = a - b mod p.</summary>
        internal static void Subtract(uint[] result, uint[] a, uint[] b)
        {
            if (UInt256.Subtract(result, a, b) != 0)
            {
                UInt256.Add(result, result, Prime);
            }
        }

        /// <summary>result = -a mod p.</summary>
        internal static void Negate(uint[] result, uint[] a)
        {
            if (UInt256.IsZero(a))
            {
                UInt256.Set(result, 0);
                return;
            }

            UInt256.Subtract(result, Prime, a);
        }

        /// <summary>result = a * b mod p.</summary>
        internal void Multiply(uint[] result, uint[] a, uint[] b)
        {
            uint[] w = _wide;
            ulong carry = 0;
            uint ai = a[0];
            for (int j = 0; j < UInt256.Words; j++)
            {
                carry += (ulong)ai * b[j];
                w[j] = (uint)carry;
                carry >>= 32;
            }

            w[UInt256.Words] = (uint)carry;
            for (int i = 1; i < UInt256.Words; i++)
            {
                carry = 0;
                ai = a[i];
                for (int j = 0; j < UInt256.Words; j++)
                {
                    // (2^32-1)^2 + 2 * (2^32-1) = 2^64 - 1: no overflow.
                    carry += ((ulong)ai * b[j]) + w[i + j];
                    w[i + j] = (uint)carry;
                    carry >>= 32;
                }

                w[i + UInt256.Words] = (uint)carry;
            }

            Reduce(result, w);
        }

        /// <summary>result = a * a mod p (cross products computed once and doubled).</summary>
        internal void Square(uint[] result, uint[] a)
        {
            uint[] w = _wide;
            ulong carry;

            // Cross products a[i] * a[j], i < j. Row 0 initialises w[1..8], row i sets w[i + 8].
            w[0] = 0;
            w[15] = 0;
            for (int i = 0; i < UInt256.Words - 1; i++)
            {
                carry = 0;
                uint ai = a[i];
                for (int j = i + 1; j < UInt256.Words; j++)
                {
                    carry += (ulong)ai * a[j];
                    if (i > 0)
                    {
                        carry += w[i + j];
                    }

                    w[i + j] = (uint)carry;
                    carry >>= 32;
                }

                w[i + UInt256.Words] = (uint)carry;
            }

            // Double the cross products (they are below 2^511, so no bit is lost).
            uint top = 0;
            for (int k = 0; k < 2 * UInt256.Words; k++)
            {
                uint v = w[k];
                w[k] = (v << 1) | top;
                top = v >> 31;
            }

            // Add the squares a[i]^2 at limb 2i.
            carry = 0;
            for (int i = 0; i < UInt256.Words; i++)
            {
                uint ai = a[i];
                carry += ((ulong)ai * ai) + w[2 * i];
                w[2 * i] = (uint)carry;
                carry >>= 32;
                carry += w[(2 * i) + 1];
                w[(2 * i) + 1] = (uint)carry;
                carry >>= 32;
            }

            Reduce(result, w);
        }

        /// <summary>
        /// Reduces the 512-bit value <paramref name="c"/> modulo p (FIPS 186-4 D.2.3):
        /// s1 + 2 s2 + 2 s3 + s4 + s5 - d1 - d2 - d3 - d4, then folds the signed carry with
        /// 2^256 = 2^224 - 2^192 - 2^96 + 1 (mod p) and subtracts p once if needed.
        /// </summary>
        private static void Reduce(uint[] result, uint[] c)
        {
            long c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11];
            long c12 = c[12], c13 = c[13], c14 = c[14], c15 = c[15];

            long acc = (long)c[0] + c8 + c9 - c11 - c12 - c13 - c14;
            uint r0 = (uint)acc;
            acc >>= 32;
            acc += (long)c[1] + c9 + c10 - c12 - c13 - c14 - c15;
            uint r1 = (uint)acc;
            acc >>= 32;
            acc += (long)c[2] + c10 + c11 - c13 - c14 - c15;
            uint r2 = (uint)acc;
            acc >>= 32;
            acc += (long)c[3] + (2 * (c11 + c12)) + c13 - c15 - c8 - c9;
            uint r3 = (uint)acc;
            acc >>= 32;
            acc += (long)c[4] + (2 * (c12 + c13)) + c14 - c9 - c10;
            uint r4 = (uint)acc;
            acc >>= 32;
            acc += (long)c[5] + (2 * (c13 + c14)) + c15 - c10 - c11;
            uint r5 = (uint)acc;
            acc >>= 32;
            acc += (long)c[6] + (3 * c14) + (2 * c15) + c13 - c8 - c9;
            uint r6 = (uint)acc;
            acc >>= 32;
            acc += (long)c[7] + (3 * c15) + c8 - c10 - c11 - c12 - c13;
            uint r7 = (uint)acc;
            long top = acc >> 32;

            // top is a small signed multiple of 2^256; at most three folds bring it to zero.
            while (top != 0)
            {
                acc = (long)r0 + top;
                r0 = (uint)acc;
                acc >>= 32;
                acc += r1;
                r1 = (uint)acc;
                acc >>= 32;
                acc += r2;
                r2 = (uint)acc;
                acc >>= 32;
                acc += (long)r3 - top;
                r3 = (uint)acc;
                acc >>= 32;
                acc += r4;
                r4 = (uint)acc;
                acc >>= 32;
                acc += r5;
                r5 = (uint)acc;
                acc >>= 32;
                acc += (long)r6 - top;
                r6 = (uint)acc;
                acc >>= 32;
                acc += (long)r7 + top;
                r7 = (uint)acc;
                top = acc >> 32;
            }

            result[0] = r0;
            result[1] = r1;
            result[2] = r2;
            result[3] = r3;
            result[4] = r4;
            result[5] = r5;
            result[6] = r6;
            result[7] = r7;

            // Now below 2^256 < 2p: one conditional subtraction makes it canonical.
            if (UInt256.Compare(result, Prime) >= 0)
            {
                UInt256.Subtract(result, result, Prime);
            }
        }
    }
}
