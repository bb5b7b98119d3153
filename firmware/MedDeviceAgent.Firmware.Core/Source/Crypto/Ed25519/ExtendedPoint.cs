namespace MedDeviceAgent.Firmware.Core.Crypto.Ed25519
{
    /// <summary>
    /// A point of edwards25519 in extended coordinates (X : Y : Z : T): x = X/Z, y = Y/Z, x*y = T/Z.
    /// Also used as a projective point (X : Y : Z) where T is not kept up to date.
    /// </summary>
    /// <remarks>RAM: four field elements, 160 bytes of limbs.</remarks>
    internal sealed class ExtendedPoint
    {
        /// <summary>X coordinate.</summary>
        internal readonly int[] X = Field25519.Create();

        /// <summary>Y coordinate.</summary>
        internal readonly int[] Y = Field25519.Create();

        /// <summary>Z coordinate.</summary>
        internal readonly int[] Z = Field25519.Create();

        /// <summary>T = X*Y/Z (stale when the point is used as a projective point).</summary>
        internal readonly int[] T = Field25519.Create();

        /// <summary>Sets the neutral element (0, 1).</summary>
        internal void SetIdentity()
        {
            Field25519.SetZero(X);
            Field25519.SetOne(Y);
            Field25519.SetOne(Z);
            Field25519.SetZero(T);
        }

        /// <summary>Copies <paramref name="p"/>.</summary>
        internal void CopyFrom(ExtendedPoint p)
        {
            Field25519.Copy(X, p.X);
            Field25519.Copy(Y, p.Y);
            Field25519.Copy(Z, p.Z);
            Field25519.Copy(T, p.T);
        }
    }
}
