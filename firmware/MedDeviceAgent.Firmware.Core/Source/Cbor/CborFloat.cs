namespace MedDeviceAgent.Firmware.Core.Cbor
{
    /// <summary>
    /// Exact conversions between IEEE 754 half, single and double precision bit patterns, done with integer
    /// operations only (no float casts), for the CBOR reader and writer.
    /// </summary>
    /// <remarks>
    /// The deterministic rule shared by <see cref="CborReader"/> and <see cref="CborWriter"/>: a float goes in the
    /// shortest of half, single and double that holds exactly the same value (subnormals included), and every
    /// NaN is the half 0x7E00 (RFC 8949 §4.2.1, §4.2.2). Allocates nothing.
    /// </remarks>
    internal static class CborFloat
    {
        /// <summary>The one NaN encoding deterministic CBOR accepts: half precision 0x7E00.</summary>
        internal const int CanonicalHalfNaN = 0x7E00;

        /// <summary>Half precision: 5 exponent bits, 10 fraction bits.</summary>
        internal const int HalfExponentBits = 5;

        /// <summary>Half precision fraction bits.</summary>
        internal const int HalfFractionBits = 10;

        /// <summary>Single precision: 8 exponent bits.</summary>
        internal const int SingleExponentBits = 8;

        /// <summary>Single precision fraction bits.</summary>
        internal const int SingleFractionBits = 23;

        private const int DoubleFractionBits = 52;
        private const int DoubleBias = 1023;
        private const long DoubleExponentMask = 0x7FF;
        private const long DoubleFractionMask = 0xFFFFFFFFFFFFF;

        /// <summary>True when the double bit pattern is a NaN.</summary>
        internal static bool IsNaN(long doubleBits)
        {
            return ((doubleBits >> DoubleFractionBits) & DoubleExponentMask) == DoubleExponentMask
                && (doubleBits & DoubleFractionMask) != 0;
        }

        /// <summary>
        /// Widens a narrow float (half: 5/10, single: 8/23 exponent/fraction bits) to the double bit pattern of
        /// the same value. Exact for every input, NaN payloads shifted into the top fraction bits.
        /// </summary>
        internal static long WidenToDouble(ulong bits, int exponentBits, int fractionBits)
        {
            int exponentMax = (1 << exponentBits) - 1;
            int bias = (1 << (exponentBits - 1)) - 1;
            long sign = (long)((bits >> (exponentBits + fractionBits)) & 1) << 63;
            int exponent = (int)((bits >> fractionBits) & (ulong)exponentMax);
            long fraction = (long)(bits & ((1UL << fractionBits) - 1));
            int shift = DoubleFractionBits - fractionBits;
            if (exponent == exponentMax)
            {
                return sign | (DoubleExponentMask << DoubleFractionBits) | (fraction << shift);
            }

            if (exponent == 0)
            {
                if (fraction == 0)
                {
                    return sign;
                }

                // Subnormal: normalise so the leading 1 becomes the implicit bit.
                int unbiased = 1 - bias;
                while ((fraction & (1L << fractionBits)) == 0)
                {
                    fraction <<= 1;
                    unbiased--;
                }

                fraction &= (1L << fractionBits) - 1;
                return sign | ((long)(unbiased + DoubleBias) << DoubleFractionBits) | (fraction << shift);
            }

            return sign | ((long)(exponent - bias + DoubleBias) << DoubleFractionBits) | (fraction << shift);
        }

        /// <summary>
        /// Narrows a double bit pattern to a float with the given exponent/fraction widths if, and only if, that
        /// float holds exactly the same value. NaN is never narrowed here (the caller canonicalises it).
        /// </summary>
        /// <returns>True with the narrow bit pattern in <paramref name="narrow"/>; false when not exact.</returns>
        internal static bool TryNarrow(long doubleBits, int exponentBits, int fractionBits, out ulong narrow)
        {
            narrow = 0;
            ulong sign = (ulong)((doubleBits >> 63) & 1) << (exponentBits + fractionBits);
            int exponent = (int)((doubleBits >> DoubleFractionBits) & DoubleExponentMask);
            long fraction = doubleBits & DoubleFractionMask;
            int exponentMax = (1 << exponentBits) - 1;
            if (exponent == (int)DoubleExponentMask)
            {
                if (fraction != 0)
                {
                    return false;
                }

                narrow = sign | ((ulong)exponentMax << fractionBits);
                return true;
            }

            if (exponent == 0)
            {
                // Zero narrows; a double subnormal is far below every narrow format's range.
                if (fraction != 0)
                {
                    return false;
                }

                narrow = sign;
                return true;
            }

            int bias = (1 << (exponentBits - 1)) - 1;
            int unbiased = exponent - DoubleBias;
            int minNormal = 1 - bias;
            if (unbiased > bias)
            {
                return false;
            }

            if (unbiased >= minNormal)
            {
                int drop = DoubleFractionBits - fractionBits;
                if ((fraction & ((1L << drop) - 1)) != 0)
                {
                    return false;
                }

                narrow = sign | ((ulong)(unbiased + bias) << fractionBits) | (ulong)(fraction >> drop);
                return true;
            }

            // Narrow subnormal: value = significand * 2^(minNormal - fractionBits).
            int minSubnormal = minNormal - fractionBits;
            if (unbiased < minSubnormal)
            {
                return false;
            }

            long significand = fraction | (1L << DoubleFractionBits);
            int subnormalDrop = DoubleFractionBits - (unbiased - minSubnormal);
            if ((significand & ((1L << subnormalDrop) - 1)) != 0)
            {
                return false;
            }

            narrow = sign | (ulong)(significand >> subnormalDrop);
            return true;
        }
    }
}
