using System;

namespace MedDeviceAgent.Firmware.Core.Crypto.Ed25519
{
    /// <summary>
    /// A point prepared as the second operand of an addition: (Y + X, Y - X, 2Z, 2dT). Loaded from a
    /// flat table with <see cref="Load"/> and stored with <see cref="Store"/>.
    /// </summary>
    /// <remarks>RAM: four field elements, 160 bytes of limbs; one table entry is 40 ints.</remarks>
    internal sealed class CachedPoint
    {
        /// <summary>Ints per entry in a flat table.</summary>
        internal const int Stride = 4 * Field25519.Limbs;

        /// <summary>Y + X.</summary>
        internal readonly int[] YPlusX = Field25519.Create();

        /// <summary>Y - X.</summary>
        internal readonly int[] YMinusX = Field25519.Create();

        /// <summary>2Z.</summary>
        internal readonly int[] Z2 = Field25519.Create();

        /// <summary>2dT.</summary>
        internal readonly int[] T2d = Field25519.Create();

        /// <summary>Copies entry <paramref name="index"/> of a flat table into this point.</summary>
        internal void Load(int[] table, int index)
        {
            int at = index * Stride;
            Array.Copy(table, at, YPlusX, 0, Field25519.Limbs);
            Array.Copy(table, at + Field25519.Limbs, YMinusX, 0, Field25519.Limbs);
            Array.Copy(table, at + (2 * Field25519.Limbs), Z2, 0, Field25519.Limbs);
            Array.Copy(table, at + (3 * Field25519.Limbs), T2d, 0, Field25519.Limbs);
        }

        /// <summary>Copies this point into entry <paramref name="index"/> of a flat table.</summary>
        internal void Store(int[] table, int index)
        {
            int at = index * Stride;
            Array.Copy(YPlusX, 0, table, at, Field25519.Limbs);
            Array.Copy(YMinusX, 0, table, at + Field25519.Limbs, Field25519.Limbs);
            Array.Copy(Z2, 0, table, at + (2 * Field25519.Limbs), Field25519.Limbs);
            Array.Copy(T2d, 0, table, at + (3 * Field25519.Limbs), Field25519.Limbs);
        }
    }
}
