namespace MedDeviceAgent.Firmware.Core.Crypto.P256
{
    /// <summary>
    /// Arithmetic modulo the P-256 group order n: inversion (binary extended Euclid) and products in
    /// Montgomery form with R = 2^256 (CIOS on eight 32-bit limbs). Used for w = s^-1, u1 = e * w and
    /// u2 = r * w.
    /// </summary>
    /// <remarks>
    /// Inputs must be below n. RAM: a 10-limb (40-byte) product accumulator and four 8-limb (32-byte)
    /// inversion registers per instance; no allocation after construction. Not thread-safe.
    /// The inversion needs no multiplication: at most about 512 halvings and 512 subtractions of 8-limb
    /// values (a Fermat exponentiation would take 423 Montgomery products). Variable time: the verifier
    /// only handles public values.
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
        private readonly uint[] _u = new uint[UInt256.Words];
        private readonly uint[] _v = new uint[UInt256.Words];
        private readonly uint[] _x1 = new uint[UInt256.Words];
        private readonly uint[] _x2 = new uint[UInt256.Words];

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
        /// result = a^-1 mod n for 0 &lt; a &lt; n (0 for a = 0), by the binary extended Euclidean algorithm. Keeps
        /// x1 * a = u and x2 * a = v (mod n) while u and v shrink to gcd(a, n) = 1. Result may alias a.
        /// </summary>
        internal void Invert(uint[] result, uint[] a)
        {
            if (UInt256.IsZero(a))
            {
                // No inverse; returning 0 (instead of looping forever) keeps a caller's mistake harmless.
                UInt256.Set(result, 0);
                return;
            }

            uint[] u = _u, v = _v, x1 = _x1, x2 = _x2;
            UInt256.Copy(a, u);
            UInt256.Copy(Order, v);
            UInt256.Set(x1, 1);
            UInt256.Set(x2, 0);

            // u and v stay positive and at least one of them is odd; every pass removes at least one bit.
            while (!IsOne(u) && !IsOne(v))
            {
                while ((u[0] & 1) == 0)
                {
                    ShiftRightOne(u, 0);
                    HalveModOrder(x1);
                }

                while ((v[0] & 1) == 0)
                {
                    ShiftRightOne(v, 0);
                    HalveModOrder(x2);
                }

                if (UInt256.Compare(u, v) >= 0)
                {
                    UInt256.Subtract(u, u, v);
                    SubtractModOrder(x1, x2);
                }
                else
                {
                    UInt256.Subtract(v, v, u);
                    SubtractModOrder(x2, x1);
                }
            }

            UInt256.Copy(IsOne(u) ? x1 : x2, result);
        }

        private static bool IsOne(uint[] a)
        {
            uint acc = a[0] ^ 1;
            for (int i = 1; i < UInt256.Words; i++)
            {
                acc |= a[i];
            }

            return acc == 0;
        }

        /// <summary>a = a / 2 mod n for a &lt; n: (a + n) / 2 when a is odd (n is odd).</summary>
        private static void HalveModOrder(uint[] a)
        {
            uint carry = 0;
            if ((a[0] & 1) != 0)
            {
                carry = UInt256.Add(a, a, Order);
            }

            ShiftRightOne(a, carry);
        }

        /// <summary>a = a - b mod n for a, b &lt; n.</summary>
        private static void SubtractModOrder(uint[] a, uint[] b)
        {
            if (UInt256.Subtract(a, a, b) != 0)
            {
                UInt256.Add(a, a, Order);
            }
        }

        /// <summary>a = (topBit * 2^256 + a) / 2.</summary>
        private static void ShiftRightOne(uint[] a, uint topBit)
        {
            for (int i = 0; i < UInt256.Words - 1; i++)
            {
                a[i] = (a[i] >> 1) | (a[i + 1] << 31);
            }

            a[UInt256.Words - 1] = (a[UInt256.Words - 1] >> 1) | (topBit << 31);
        }
    }
}
