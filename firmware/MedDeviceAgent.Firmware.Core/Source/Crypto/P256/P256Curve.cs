namespace MedDeviceAgent.Firmware.Core.Crypto.P256
{
    /// <summary>
    /// P-256 (y^2 = x^3 - 3x + b over the field of <see cref="P256Field"/>) point arithmetic in Jacobian
    /// coordinates: doubling (dbl-2001-b, 3M + 5S), general addition (12M + 4S), mixed addition with an
    /// affine point (8M + 3S), and the curve-equation check.
    /// </summary>
    /// <remarks>
    /// The addition handles every special case exactly: either input at infinity, equal inputs (it
    /// doubles) and opposite inputs (it yields infinity), so scalar multiplication never depends on a
    /// lucky intermediate value. RAM: six 8-limb temporaries plus the field's 64-byte product buffer
    /// (256 bytes of limbs); no allocation after construction. Not thread-safe.
    /// </remarks>
    internal sealed class P256Curve
    {
        /// <summary>The curve coefficient b.</summary>
        private static readonly uint[] B = new uint[]
        {
            0x27D2604B, 0x3BCE3C3E, 0xCC53B0F6, 0x651D06B0, 0x769886BC, 0xB3EBBD55, 0xAA3A93E7, 0x5AC635D8,
        };

        private readonly P256Field _field = new P256Field();
        private readonly uint[] _t1 = new uint[UInt256.Words];
        private readonly uint[] _t2 = new uint[UInt256.Words];
        private readonly uint[] _t3 = new uint[UInt256.Words];
        private readonly uint[] _t4 = new uint[UInt256.Words];
        private readonly uint[] _t5 = new uint[UInt256.Words];
        private readonly uint[] _t6 = new uint[UInt256.Words];

        /// <summary>True when the canonical field elements (x, y) satisfy y^2 = x^3 - 3x + b.</summary>
        internal bool IsOnCurve(uint[] x, uint[] y)
        {
            P256Field f = _field;
            uint[] lhs = _t1;
            uint[] rhs = _t2;
            f.Square(lhs, y);
            f.Square(rhs, x);
            UInt256.Set(_t3, 3);
            P256Field.Subtract(rhs, rhs, _t3);
            f.Multiply(rhs, rhs, x);
            P256Field.Add(rhs, rhs, B);
            return UInt256.Compare(lhs, rhs) == 0;
        }

        /// <summary>True when <paramref name="point"/> (not at infinity) has affine x equal to the canonical <paramref name="x"/>, i.e. X = x * Z^2.</summary>
        internal bool HasAffineX(JacobianPoint point, uint[] x)
        {
            _field.Square(_t1, point.Z);
            _field.Multiply(_t1, _t1, x);
            return UInt256.Compare(_t1, point.X) == 0;
        }

        /// <summary>point = 2 * point.</summary>
        internal void Double(JacobianPoint point)
        {
            if (point.IsInfinity)
            {
                return;
            }

            P256Field f = _field;
            uint[] x = point.X, y = point.Y, z = point.Z;
            uint[] delta = _t1, gamma = _t2, beta = _t3, alpha = _t4, t = _t5;

            f.Square(delta, z);
            f.Square(gamma, y);
            f.Multiply(beta, x, gamma);

            // alpha = 3 * (X - delta) * (X + delta)
            P256Field.Subtract(alpha, x, delta);
            P256Field.Add(t, x, delta);
            f.Multiply(alpha, alpha, t);
            P256Field.Add(t, alpha, alpha);
            P256Field.Add(alpha, t, alpha);

            // Z3 = (Y + Z)^2 - gamma - delta (uses the old Y and Z)
            P256Field.Add(z, y, z);
            f.Square(z, z);
            P256Field.Subtract(z, z, gamma);
            P256Field.Subtract(z, z, delta);

            // X3 = alpha^2 - 8 * beta; beta becomes 4 * beta
            P256Field.Add(beta, beta, beta);
            P256Field.Add(beta, beta, beta);
            f.Square(x, alpha);
            P256Field.Add(t, beta, beta);
            P256Field.Subtract(x, x, t);

            // Y3 = alpha * (4 * beta - X3) - 8 * gamma^2
            P256Field.Subtract(beta, beta, x);
            f.Multiply(y, alpha, beta);
            f.Square(gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Add(gamma, gamma, gamma);
            P256Field.Subtract(y, y, gamma);
        }

        /// <summary>point = point + other (or point - other when <paramref name="negate"/> is set). <paramref name="other"/> must be a different object.</summary>
        internal void Add(JacobianPoint point, JacobianPoint other, bool negate)
        {
            if (other.IsInfinity)
            {
                return;
            }

            if (point.IsInfinity)
            {
                point.SetPoint(other, negate);
                return;
            }

            P256Field f = _field;
            uint[] z1z1 = _t1, z2z2 = _t2, u1 = _t3, u2 = _t4, s1 = _t5, s2 = _t6;
            f.Square(z1z1, point.Z);
            f.Square(z2z2, other.Z);
            f.Multiply(u1, point.X, z2z2);
            f.Multiply(u2, other.X, z1z1);
            f.Multiply(s1, other.Z, z2z2);
            f.Multiply(s1, point.Y, s1);
            f.Multiply(s2, point.Z, z1z1);
            f.Multiply(s2, other.Y, s2);
            if (negate)
            {
                P256Field.Negate(s2, s2);
            }

            FinishAddition(point, other.Z);
        }

        /// <summary>point = point + (x, y) (or point - (x, y) when <paramref name="negate"/> is set) for an affine point on the curve.</summary>
        internal void AddAffine(JacobianPoint point, uint[] x, uint[] y, bool negate)
        {
            if (point.IsInfinity)
            {
                point.SetAffine(x, y, negate);
                return;
            }

            P256Field f = _field;
            uint[] z1z1 = _t1, u1 = _t3, u2 = _t4, s1 = _t5, s2 = _t6;
            f.Square(z1z1, point.Z);
            UInt256.Copy(point.X, u1);
            f.Multiply(u2, x, z1z1);
            UInt256.Copy(point.Y, s1);
            f.Multiply(s2, point.Z, z1z1);
            f.Multiply(s2, y, s2);
            if (negate)
            {
                P256Field.Negate(s2, s2);
            }

            FinishAddition(point, null);
        }

        /// <summary>
        /// Completes an addition from U1 (t3), U2 (t4), S1 (t5), S2 (t6): H = U2 - U1, R = S2 - S1,
        /// X3 = R^2 - H^3 - 2 U1 H^2, Y3 = R (U1 H^2 - X3) - S1 H^3, Z3 = Z1 Z2 H.
        /// </summary>
        private void FinishAddition(JacobianPoint point, uint[] otherZ)
        {
            P256Field f = _field;
            uint[] hh = _t1, hhh = _t2, v = _t3, h = _t4, s1 = _t5, r = _t6;
            P256Field.Subtract(h, h, v);
            P256Field.Subtract(r, r, s1);
            if (UInt256.IsZero(h))
            {
                // Same affine x: the inputs are equal (double) or opposite (infinity).
                if (UInt256.IsZero(r))
                {
                    Double(point);
                }
                else
                {
                    point.SetInfinity();
                }

                return;
            }

            f.Square(hh, h);
            f.Multiply(hhh, h, hh);
            f.Multiply(v, v, hh);

            f.Square(point.X, r);
            P256Field.Subtract(point.X, point.X, hhh);
            P256Field.Subtract(point.X, point.X, v);
            P256Field.Subtract(point.X, point.X, v);

            P256Field.Subtract(v, v, point.X);
            f.Multiply(v, r, v);
            f.Multiply(s1, s1, hhh);
            P256Field.Subtract(point.Y, v, s1);

            if (otherZ != null)
            {
                f.Multiply(point.Z, point.Z, otherZ);
            }

            f.Multiply(point.Z, point.Z, h);
        }
    }
}
