using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Crypto.Ed25519
{
    /// <summary>
    /// The twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19) (RFC 8032 section 5.1):
    /// constants, point decoding and encoding, and the group law in extended coordinates
    /// (Hisil-Wong-Carter-Dawson formulas for a = -1).
    /// </summary>
    /// <remarks>
    /// Type initialisation computes d, 2d, sqrt(-1) and the base-point table (see
    /// <see cref="BasePointTable"/>) once; afterwards every static field is read-only, so concurrent
    /// callers are safe as long as each uses its own <see cref="Ed25519Workspace"/>. Variable time:
    /// only public values (keys, signatures, hashes) are processed.
    /// </remarks>
    internal static class Edwards25519
    {
        /// <summary>The curve constant d = -121665/121666.</summary>
        internal static readonly int[] D;

        /// <summary>2d.</summary>
        internal static readonly int[] D2;

        /// <summary>A square root of -1: 2^((p-1)/4).</summary>
        internal static readonly int[] SqrtMinusOne;

        /// <summary>Odd multiples B, 3B, ..., 63B of the base point in affine form (see <see cref="BasePointTable"/>).</summary>
        internal static readonly int[] BaseTable;

        /// <summary>The encoding of the base point B (y = 4/5, x even).</summary>
        private static readonly byte[] BaseEncoding = new byte[]
        {
            0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
            0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
        };

        static Edwards25519()
        {
            // One static constructor sets everything in order (nanoFramework runs type initialisers
            // without cross-type dependency tracking, so no other type's statics are relied on here).
            Ed25519Workspace ws = new Ed25519Workspace();
            int[] d = Field25519.Create();
            Field25519.SetSmall(ws.T3, 121666);
            Field25519.Invert(d, ws.T3, ws.T0, ws.T1, ws.T2);
            Field25519.SetSmall(ws.T3, 121665);
            Field25519.Mul(d, d, ws.T3);
            Field25519.Negate(d, d);
            Field25519.Normalize(d, d);
            D = d;

            int[] d2 = Field25519.Create();
            Field25519.Add(d2, d, d);
            Field25519.Normalize(d2, d2);
            D2 = d2;

            // 2^((p-1)/4) = (2^((p-5)/8))^2 * 2.
            int[] root = Field25519.Create();
            Field25519.SetSmall(ws.T3, 2);
            Field25519.PowP58(ws.T4, ws.T3, ws.T0, ws.T1, ws.T2);
            Field25519.Square(root, ws.T4);
            Field25519.Mul(root, root, ws.T3);
            Field25519.Normalize(root, root);
            SqrtMinusOne = root;

            ExtendedPoint b = new ExtendedPoint();
            Decode(b, BaseEncoding, 0, ws);
            BaseTable = BasePointTable.Build(b, ws);
        }

        /// <summary>
        /// Decodes a 32-byte point encoding (RFC 8032 section 5.1.3) strictly: refuses y at or
        /// above p, y with no matching x on the curve, and x = 0 with the sign bit set.
        /// </summary>
        /// <returns>True with <paramref name="r"/> set (Z = 1) when the encoding is a valid point; false otherwise.</returns>
        internal static bool Decode(ExtendedPoint r, byte[] encoding, int offset, Ed25519Workspace ws)
        {
            if (!Field25519.IsCanonical(encoding, offset))
            {
                return false;
            }

            int[] y = r.Y;
            int[] x = r.X;
            int[] u = ws.T3;
            int[] v = ws.T4;
            int[] t = r.T;
            Field25519.Decode(y, encoding, offset);
            Field25519.SetOne(r.Z);

            // u = y^2 - 1, v = d y^2 + 1; x = u v^3 (u v^7)^((p-5)/8) is a root of x^2 = u/v when one exists.
            Field25519.Square(u, y);
            Field25519.Mul(v, u, D);
            Field25519.Sub(u, u, r.Z);
            Field25519.Add(v, v, r.Z);
            Field25519.Square(t, v);
            Field25519.Mul(t, t, v);            // v^3
            Field25519.Square(x, t);
            Field25519.Mul(x, x, v);            // v^7
            Field25519.Mul(x, x, u);            // u v^7
            Field25519.Copy(ws.Check.X, x);
            Field25519.PowP58(x, ws.Check.X, ws.T0, ws.T1, ws.T2);
            Field25519.Mul(x, x, t);
            Field25519.Mul(x, x, u);            // candidate root

            Field25519.Square(t, x);
            Field25519.Mul(t, t, v);            // v x^2
            Field25519.Sub(ws.T0, t, u);
            if (!Field25519.IsZero(ws.T0, ws.T1))
            {
                Field25519.Add(ws.T0, t, u);
                if (!Field25519.IsZero(ws.T0, ws.T1))
                {
                    return false;
                }

                Field25519.Mul(x, x, SqrtMinusOne);
            }

            bool wantOdd = (encoding[offset + 31] & 0x80) != 0;
            Field25519.Normalize(x, x);
            bool isZero = Field25519.IsZero(x, ws.T0);
            if (isZero && wantOdd)
            {
                return false;
            }

            if (((x[0] & 1) != 0) != wantOdd)
            {
                Field25519.Negate(x, x);
            }

            Field25519.Mul(r.T, x, y);
            return true;
        }

        /// <summary>Writes the 32-byte encoding of the projective point <paramref name="p"/> (T unused).</summary>
        internal static void Encode(byte[] output, int offset, ExtendedPoint p, Ed25519Workspace ws)
        {
            int[] zInverse = ws.T3;
            Field25519.Invert(zInverse, p.Z, ws.T0, ws.T1, ws.T2);
            Field25519.Mul(ws.T4, p.X, zInverse);
            bool xOdd = Field25519.IsOdd(ws.T4, ws.T0);
            Field25519.Mul(ws.T4, p.Y, zInverse);
            Field25519.Encode(output, offset, ws.T4, ws.T0);
            if (xOdd)
            {
                output[offset + 31] |= 0x80;
            }
        }

        /// <summary>p = -p (extended coordinates).</summary>
        internal static void Negate(ExtendedPoint p)
        {
            Field25519.Negate(p.X, p.X);
            Field25519.Negate(p.T, p.T);
        }

        /// <summary>r = 2p, reading only X, Y, Z of <paramref name="p"/>.</summary>
        internal static void Double(CompletedPoint r, ExtendedPoint p)
        {
            int[] s = r.Scratch;
            Field25519.Square(r.E, p.X);        // A = X^2
            Field25519.Square(r.G, p.Y);        // B = Y^2
            Field25519.Square2(r.F, p.Z);       // C = 2 Z^2
            Field25519.Add(s, p.X, p.Y);
            Field25519.Square(s, s);            // (X + Y)^2
            Field25519.Add(r.H, r.E, r.G);      // A + B
            Field25519.Sub(r.G, r.E, r.G);      // A - B
            Field25519.Sub(r.E, r.H, s);        // A + B - (X + Y)^2 = -2XY
            Field25519.Add(r.F, r.G, r.F);      // A - B + C
        }

        /// <summary>r = p + q (or p - q when <paramref name="subtract"/>).</summary>
        internal static void Add(CompletedPoint r, ExtendedPoint p, CachedPoint q, bool subtract)
        {
            int[] s = r.Scratch;
            Field25519.Add(r.E, p.Y, p.X);
            Field25519.Sub(r.F, p.Y, p.X);
            Field25519.Mul(r.G, r.E, subtract ? q.YMinusX : q.YPlusX);     // b
            Field25519.Mul(r.F, r.F, subtract ? q.YPlusX : q.YMinusX);     // a
            Field25519.Sub(r.E, r.G, r.F);
            Field25519.Add(r.H, r.G, r.F);
            Field25519.Mul(s, p.T, q.T2d);                                  // c
            Field25519.Mul(r.G, p.Z, q.Z2);                                 // d
            Finish(r, s, subtract);
        }

        /// <summary>r = p + q (or p - q when <paramref name="subtract"/>) for an affine q.</summary>
        internal static void Add(CompletedPoint r, ExtendedPoint p, AffinePoint q, bool subtract)
        {
            int[] s = r.Scratch;
            Field25519.Add(r.E, p.Y, p.X);
            Field25519.Sub(r.F, p.Y, p.X);
            Field25519.Mul(r.G, r.E, subtract ? q.YMinusX : q.YPlusX);
            Field25519.Mul(r.F, r.F, subtract ? q.YPlusX : q.YMinusX);
            Field25519.Sub(r.E, r.G, r.F);
            Field25519.Add(r.H, r.G, r.F);
            Field25519.Mul(s, p.T, q.XY2d);
            Field25519.Add(r.G, p.Z, p.Z);
            Finish(r, s, subtract);
        }

        /// <summary>r = c as a projective point (X, Y, Z; T left stale): 3 multiplications.</summary>
        internal static void ToProjective(ExtendedPoint r, CompletedPoint c)
        {
            Field25519.Mul(r.X, c.E, c.F);
            Field25519.Mul(r.Y, c.G, c.H);
            Field25519.Mul(r.Z, c.F, c.G);
        }

        /// <summary>r = c in extended coordinates: 4 multiplications.</summary>
        internal static void ToExtended(ExtendedPoint r, CompletedPoint c)
        {
            Field25519.Mul(r.X, c.E, c.F);
            Field25519.Mul(r.Y, c.G, c.H);
            Field25519.Mul(r.Z, c.F, c.G);
            Field25519.Mul(r.T, c.E, c.H);
        }

        /// <summary>r = p prepared as an addition operand.</summary>
        internal static void ToCached(CachedPoint r, ExtendedPoint p)
        {
            Field25519.Add(r.YPlusX, p.Y, p.X);
            Field25519.Sub(r.YMinusX, p.Y, p.X);
            Field25519.Add(r.Z2, p.Z, p.Z);
            Field25519.Mul(r.T2d, p.T, D2);
        }

        /// <summary>
        /// True when [8]p is the neutral element, that is when p is one of the eight points of small
        /// order. Reads X, Y, Z of <paramref name="p"/>; uses <c>ws.Check</c> and <c>ws.Completed</c>.
        /// </summary>
        internal static bool IsSmallOrder(ExtendedPoint p, Ed25519Workspace ws)
        {
            ExtendedPoint q = ws.Check;
            Double(ws.Completed, p);
            ToProjective(q, ws.Completed);
            Double(ws.Completed, q);
            ToProjective(q, ws.Completed);
            Double(ws.Completed, q);
            ToProjective(q, ws.Completed);

            // Neutral: X = 0 and Y = Z (Z is never zero for points on the curve).
            Field25519.Sub(ws.T0, q.Y, q.Z);
            return Field25519.IsZero(q.X, ws.T1) && Field25519.IsZero(ws.T0, ws.T1);
        }

        /// <summary>
        /// Writes the odd multiples p, 3p, ..., (2n-1)p of an extended point into a flat cached table of n entries.
        /// Uses <c>ws.Extended</c>, <c>ws.Cached</c>, <c>ws.Step</c> and <c>ws.Completed</c>.
        /// </summary>
        internal static void OddMultiples(int[] table, int entries, ExtendedPoint p, Ed25519Workspace ws)
        {
            CachedPoint twice = ws.Step;
            ExtendedPoint current = ws.Extended;
            Double(ws.Completed, p);
            ToExtended(current, ws.Completed);
            ToCached(twice, current);
            current.CopyFrom(p);
            for (int i = 0; ; i++)
            {
                ToCached(ws.Cached, current);
                ws.Cached.Store(table, i);
                if (i == entries - 1)
                {
                    break;
                }

                Add(ws.Completed, current, twice, false);
                ToExtended(current, ws.Completed);
            }
        }

        /// <summary>Doublings of <see cref="DoubleScalarMultiply"/> between two <see cref="WorkYield.Point"/> calls (a power of two).</summary>
        internal const int DoublingsPerYield = 32;

        /// <summary>
        /// r = sum of digitsB[i] 2^i B + digitsP[i] 2^i P, where odd multiples of P are in the flat cached
        /// <paramref name="table"/> (entry j holds (2j+1)P) and digits are wNAF digits of widths matching the tables.
        /// Result is projective (T stale). Uses <c>ws.Completed</c>, <c>ws.Extended</c>, <c>ws.Cached</c>, <c>ws.Affine</c>.
        /// Calls <see cref="WorkYield.Point"/> every <see cref="DoublingsPerYield"/> doublings.
        /// </summary>
        internal static void DoubleScalarMultiply(ExtendedPoint r, sbyte[] digitsB, sbyte[] digitsP, int[] table, Ed25519Workspace ws)
        {
            int i = digitsB.Length - 1;
            while (i >= 0 && digitsB[i] == 0 && digitsP[i] == 0)
            {
                i--;
            }

            r.SetIdentity();
            CompletedPoint c = ws.Completed;
            ExtendedPoint e = ws.Extended;
            for (; i >= 0; i--)
            {
                if ((i & (DoublingsPerYield - 1)) == 0)
                {
                    WorkYield.Point();
                }

                Double(c, r);
                int db = digitsB[i];
                if (db != 0)
                {
                    ToExtended(e, c);
                    ws.Affine.Load(BaseTable, (db < 0 ? -db : db) >> 1);
                    Add(c, e, ws.Affine, db < 0);
                }

                int dp = digitsP[i];
                if (dp != 0)
                {
                    ToExtended(e, c);
                    ws.Cached.Load(table, (dp < 0 ? -dp : dp) >> 1);
                    Add(c, e, ws.Cached, dp < 0);
                }

                ToProjective(r, c);
            }
        }

        private static void Finish(CompletedPoint r, int[] c, bool subtract)
        {
            // r.G holds d; (E, H) are set. Addition: F = d - c, G = d + c; subtraction swaps them.
            if (subtract)
            {
                Field25519.Add(r.F, r.G, c);
                Field25519.Sub(r.G, r.G, c);
            }
            else
            {
                Field25519.Sub(r.F, r.G, c);
                Field25519.Add(r.G, r.G, c);
            }
        }
    }
}
