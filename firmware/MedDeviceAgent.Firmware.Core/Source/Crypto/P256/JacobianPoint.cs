namespace MedDeviceAgent.Firmware.Core.Crypto.P256
{
    /// <summary>
    /// A P-256 point in Jacobian coordinates (X, Y, Z) standing for the affine point (X/Z^2, Y/Z^3).
    /// Z = 0 is the point at infinity.
    /// </summary>
    /// <remarks>RAM: three 8-limb arrays (96 bytes of limbs).</remarks>
    internal sealed class JacobianPoint
    {
        /// <summary>X coordinate (canonical field element).</summary>
        internal readonly uint[] X = new uint[UInt256.Words];

        /// <summary>Y coordinate (canonical field element).</summary>
        internal readonly uint[] Y = new uint[UInt256.Words];

        /// <summary>Z coordinate (canonical field element); zero for the point at infinity.</summary>
        internal readonly uint[] Z = new uint[UInt256.Words];

        /// <summary>True for the point at infinity.</summary>
        internal bool IsInfinity
        {
            get { return UInt256.IsZero(Z); }
        }

        /// <summary>Makes this the point at infinity (1, 1, 0).</summary>
        internal void SetInfinity()
        {
            UInt256.Set(X, 1);
            UInt256.Set(Y, 1);
            UInt256.Set(Z, 0);
        }

        /// <summary>Makes this the affine point (x, y), or (x, -y) when <paramref name="negate"/> is set.</summary>
        internal void SetAffine(uint[] x, uint[] y, bool negate)
        {
            UInt256.Copy(x, X);
            if (negate)
            {
                P256Field.Negate(Y, y);
            }
            else
            {
                UInt256.Copy(y, Y);
            }

            UInt256.Set(Z, 1);
        }

        /// <summary>Makes this a copy of <paramref name="other"/>, or of its negation when <paramref name="negate"/> is set.</summary>
        internal void SetPoint(JacobianPoint other, bool negate)
        {
            UInt256.Copy(other.X, X);
            if (negate)
            {
                P256Field.Negate(Y, other.Y);
            }
            else
            {
                UInt256.Copy(other.Y, Y);
            }

            UInt256.Copy(other.Z, Z);
        }
    }
}
