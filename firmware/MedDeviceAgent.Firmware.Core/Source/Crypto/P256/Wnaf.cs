namespace MedDeviceAgent.Firmware.Core.Crypto.P256
{
    /// <summary>
    /// Width-w non-adjacent form of a 256-bit scalar: digits d[i] that are zero or odd with
    /// |d[i]| &lt; 2^(w-1), such that k = sum d[i] * 2^i and any w consecutive digits hold at most one
    /// non-zero digit.
    /// </summary>
    /// <remarks>Allocates nothing; the caller supplies the digit array of <see cref="Length"/> entries.</remarks>
    internal static class Wnaf
    {
        /// <summary>Digits needed for a 256-bit scalar (one more than its bit length: the last carry).</summary>
        internal const int Length = (UInt256.Words * 32) + 1;

        /// <summary>Writes the width-<paramref name="width"/> NAF of <paramref name="k"/> to <paramref name="digits"/> (2 &lt;= width &lt;= 7).</summary>
        internal static void Recode(uint[] k, int width, sbyte[] digits)
        {
            for (int i = 0; i < Length; i++)
            {
                digits[i] = 0;
            }

            int carry = 0;
            int bit = 0;
            while (bit < Length)
            {
                // With the pending carry added, a bit equal to the carry leaves a zero digit here.
                if (UInt256.Bit(k, bit) == carry)
                {
                    bit++;
                    continue;
                }

                // The window value plus the carry is odd here; map it into (-2^(w-1), 2^(w-1)).
                int word = carry;
                for (int b = 0; b < width; b++)
                {
                    word += UInt256.Bit(k, bit + b) << b;
                }

                carry = (word >> (width - 1)) & 1;
                word -= carry << width;
                digits[bit] = (sbyte)word;
                bit += width;
            }
        }
    }
}
