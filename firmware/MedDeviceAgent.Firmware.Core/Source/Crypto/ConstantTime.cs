using System;

namespace MedDeviceAgent.Firmware.Core.Crypto
{
    /// <summary>Comparisons whose running time does not depend on the data compared.</summary>
    public static class ConstantTime
    {
        /// <summary>
        /// True when <paramref name="count"/> bytes of <paramref name="a"/> at <paramref name="aOffset"/>
        /// equal those of <paramref name="b"/> at <paramref name="bOffset"/>. Reads every byte whatever it finds.
        /// </summary>
        /// <remarks>Time depends only on <paramref name="count"/>. Allocates nothing.</remarks>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its array.</exception>
        public static bool AreEqual(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            Sha256.CheckRange(a, aOffset, count);
            Sha256.CheckRange(b, bOffset, count);
            int diff = 0;
            for (int i = 0; i < count; i++)
            {
                diff |= a[aOffset + i] ^ b[bOffset + i];
            }

            return diff == 0;
        }
    }
}
