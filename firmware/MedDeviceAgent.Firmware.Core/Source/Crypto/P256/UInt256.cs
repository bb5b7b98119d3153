using System;

namespace MedDeviceAgent.Firmware.Core.Crypto.P256
{
    /// <summary>
    /// Plain 256-bit unsigned integers as eight 32-bit limbs, least significant limb first.
    /// No modular reduction here: <see cref="P256Field"/> and <see cref="P256Scalar"/> build on these.
    /// </summary>
    /// <remarks>Allocates nothing. Variable time (all values handled by the verifier are public).</remarks>
    internal static class UInt256
    {
        /// <summary>Limb count.</summary>
        internal const int Words = 8;

        /// <summary>Byte length of the big-endian encoding.</summary>
        internal const int Bytes = 32;

        /// <summary>Reads 32 big-endian bytes at <paramref name="offset"/> into <paramref name="result"/>.</summary>
        internal static void FromBigEndian(byte[] source, int offset, uint[] result)
        {
            for (int i = 0; i < Words; i++)
            {
                int p = offset + Bytes - 4 - (4 * i);
                result[i] = ((uint)source[p] << 24) | ((uint)source[p + 1] << 16) | ((uint)source[p + 2] << 8) | source[p + 3];
            }
        }

        /// <summary>-1, 0 or 1 as <paramref name="a"/> is below, equal to or above <paramref name="b"/>.</summary>
        internal static int Compare(uint[] a, uint[] b)
        {
            for (int i = Words - 1; i >= 0; i--)
            {
                if (a[i] != b[i])
                {
                    return a[i] < b[i] ? -1 : 1;
                }
            }

            return 0;
        }

        /// <summary>True when every limb is zero.</summary>
        internal static bool IsZero(uint[] a)
        {
            uint acc = 0;
            for (int i = 0; i < Words; i++)
            {
                acc |= a[i];
            }

            return acc == 0;
        }

        /// <summary>result = a + b mod 2^256; returns the carry out (0 or 1). Any argument may alias another.</summary>
        internal static uint Add(uint[] result, uint[] a, uint[] b)
        {
            ulong carry = 0;
            for (int i = 0; i < Words; i++)
            {
                carry += (ulong)a[i] + b[i];
                result[i] = (uint)carry;
                carry >>= 32;
            }

            return (uint)carry;
        }

        /// <summary>result = a - b mod 2^256; returns the borrow out (0 or 1). Any argument may alias another.</summary>
        internal static uint Subtract(uint[] result, uint[] a, uint[] b)
        {
            long borrow = 0;
            for (int i = 0; i < Words; i++)
            {
                borrow += (long)a[i] - b[i];
                result[i] = (uint)borrow;
                borrow >>= 32;
            }

            return (uint)(borrow & 1);
        }

        /// <summary>Copies all limbs of <paramref name="source"/> to <paramref name="destination"/>.</summary>
        internal static void Copy(uint[] source, uint[] destination)
        {
            Array.Copy(source, 0, destination, 0, Words);
        }

        /// <summary>Sets <paramref name="result"/> to the small value <paramref name="value"/>.</summary>
        internal static void Set(uint[] result, uint value)
        {
            Array.Clear(result, 1, Words - 1);
            result[0] = value;
        }

        /// <summary>Bit <paramref name="index"/> (0 = least significant); 0 for indices at or above 256.</summary>
        internal static int Bit(uint[] a, int index)
        {
            if (index >= Words * 32)
            {
                return 0;
            }

            return (int)((a[index >> 5] >> (index & 31)) & 1);
        }
    }
}
