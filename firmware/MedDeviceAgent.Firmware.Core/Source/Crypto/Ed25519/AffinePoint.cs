using System;

namespace MedDeviceAgent.Firmware.Core.Crypto.Ed25519
{
    /// <summary>
    /// An affine point prepared as the second operand of an addition: (y + x, y - x, 2dxy), with an
    /// implied Z of 1, which saves one multiplication per addition. The base-point table holds these.
    /// </summary>
    /// <remarks>RAM: three field elements, 120 bytes of limbs; one table entry is 30 ints.</remarks>
    internal sealed class AffinePoint
    {
        /// <summary>Ints per entry in a flat table.</summary>
        internal const int Stride = 3 * Field25519.Limbs;

        /// <summary>y + x.</summary>
        internal readonly int[] YPlusX = Field25519.Create();

        /// <summary>y - x.</summary>
        internal readonly int[] YMinusX = Field25519.Create();

        /// <summary>2dxy.</summary>
        internal readonly int[] XY2d = Field25519.Create();

        /// <summary>Copies entry <paramref name="index"/> of a flat table into this point.</summary>
        internal void Load(int[] table, int index)
        {
            int at = index * Stride;
            Array.Copy(table, at, YPlusX, 0, Field25519.Limbs);
            Array.Copy(table, at + Field25519.Limbs, YMinusX, 0, Field25519.Limbs);
            Array.Copy(table, at + (2 * Field25519.Limbs), XY2d, 0, Field25519.Limbs);
        }

        /// <summary>Copies this point into entry <paramref name="index"/> of a flat table.</summary>
        internal void Store(int[] table, int index)
        {
            int at = index * Stride;
            Array.Copy(YPlusX, 0, table, at, Field25519.Limbs);
            Array.Copy(YMinusX, 0, table, at + Field25519.Limbs, Field25519.Limbs);
            Array.Copy(XY2d, 0, table, at + (2 * Field25519.Limbs), Field25519.Limbs);
        }
    }
}
