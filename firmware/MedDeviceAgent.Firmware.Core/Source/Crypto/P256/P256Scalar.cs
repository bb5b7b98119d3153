namespace MedDeviceAgent.Firmware.Core.Crypto.P256
{
    /// <summary>
    /// Arithmetic modulo the P-256 group order n, in Montgomery form with R = 2^256 (CIOS multiplication
    /// on eight 32-bit limbs). Used for s^-1, u1 = e * s^-1 and u2 = r * s^-1.
    /// </summary>
    /// <remarks>
    /// Inputs must be below n (except where stated). RAM: one 10-limb (40-byte) accumulator per instance
    /// and one 8-limb (32-byte) temporary for the inversion; no allocation after construction.
    /// Not thread-safe. Inversion is Fermat's a^(n-2): 255 squarings and 168 multiplications, i.e. 423
    /// Montgomery products. Variable time: the verifier only handles public values.
    /// </remarks>
    internal sealed class P256Scalar
    {
        /// <summary>The group order n.</summary>
        internal static readonly uint[] Order = new uint[]
        {
            0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF,
        };

        /// <summary>R^2 mod n with R = 2^256 (converts into the Montgomery domain).</summary>
        private static readonly uint[] MontgomeryR2 = new uint[]
        {
            0xBE79EEA2, 0x83244C95, 0x49BD6FA6, 0x4699799C, 0x2B6BEC59, 0x2845B239, 0xF3D95620, 0x66E12D94,
        };

        /// <summary>-n^-1 mod 2^32.</summary>
        private const uint NegativeInverseLow = 0xEE00BC4F;

        private readonly uint[] _t = new uint[UInt256.Words + 2];
        private readonly uint[] _base = new uint[UInt256.Words];

        /// <summary>True when 0 &lt; <paramref name="a"/> &lt; n.</summary>
        internal static bool IsInRange(uint[] a)
        {
            return !UInt256.IsZero(a) && UInt256.Compare(a, Order) < 0;
        }

        /// <summary>Reduces any 256-bit value modulo n in place (2^256 &lt; 2n, so one subtraction).</summary>
        internal static void ReduceOnce(uint[] a)
        {
            if (UInt256.Compare(a, Order) >= 0)
            {
                UInt256.Subtract(a, a, Order);
            }
        }

        /// <summary>result = a * b * R^-1 mod n (Montgomery product). Results may alias inputs.</summary>
        internal void MontgomeryMultiply(uint[] result, uint[] a, uint[] b)
        {
            uint[] t = _t;
            uint[] n = Order;
            for (int k = 0; k < t.Length; k++)
            {
                t[k] = 0;
            }

            for (int i = 0; i < UInt256.Words; i++)
            {
                // t += a[i] * b
                ulong carry = 0;
                uint ai = a[i];
                for (int j = 0; j < UInt256.Words; j++)
                {
                    carry += ((ulong)ai * b[j]) + t[j];
                    t[j] = (uint)carry;
                    carry >>= 32;
                }

                carry += t[UInt256.Words];
                t[UInt256.Words] = (uint)carry;
                t[UInt256.Words + 1] = (uint)(carry >> 32);

                // t = (t + m * n) / 2^32, with m chosen so that the low limb cancels.
                uint m = unchecked(t[0] * NegativeInverseLow);
                carry = ((ulong)m * n[0]) + t[0];
                carry >>= 32;
                for (int j = 1; j < UInt256.Words; j++)
                {
                    carry += ((ulong)m * n[j]) + t[j];
                    t[j - 1] = (uint)carry;
                    carry >>= 32;
                }

                carry += t[UInt256.Words];
                t[UInt256.Words - 1] = (uint)carry;
                t[UInt256.Words] = unchecked(t[UInt256.Words + 1] + (uint)(carry >> 32));
            }

            // t < 2n: subtract n once if needed.
            bool over = t[UInt256.Words] != 0;
            for (int k = 0; k < UInt256.Words; k++)
            {
                result[k] = t[k];
            }

            if (over || UInt256.Compare(result, n) >= 0)
            {
                UInt256.Subtract(result, result, n);
            }
        }

        /// <summary>result = a * R mod n (into the Montgomery domain).</summary>
        internal void ToMontgomery(uint[] result, uint[] a)
        {
            MontgomeryMultiply(result, a, MontgomeryR2);
        }

        /// <summary>
        /// result = a^-1 * R mod n, given aMont = a * R mod n with a != 0. Multiplying the result by a plain
        /// value x with <see cref="MontgomeryMultiply"/> yields x * a^-1 mod n in the plain domain.
        /// </summary>
        internal void InvertMontgomery(uint[] result, uint[] aMont)
        {
            uint[] b = _base;
            UInt256.Copy(aMont, b);
            UInt256.Copy(aMont, result);

            // Exponent n - 2: bit 255 is set and consumed by the copy above. n - 2 differs from n only
            // in the low limb (0xFC632551 - 2), so the bits come from Order with that limb adjusted.
            for (int bit = 254; bit >= 0; bit--)
            {
                MontgomeryMultiply(result, result, result);
                uint limb = bit < 32 ? Order[0] - 2 : Order[bit >> 5];
                if (((limb >> (bit & 31)) & 1) != 0)
                {
                    MontgomeryMultiply(result, result, b);
                }
            }
        }
    }
}
