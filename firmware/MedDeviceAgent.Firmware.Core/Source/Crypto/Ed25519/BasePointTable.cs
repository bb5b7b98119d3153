namespace MedDeviceAgent.Firmware.Core.Crypto.Ed25519
{
    /// <summary>
    /// Builds the fixed table of odd multiples B, 3B, ..., 63B of the base point in affine
    /// (y + x, y - x, 2dxy) form, used with width-7 signed windows of S.
    /// </summary>
    /// <remarks>
    /// Size: 32 entries x 30 ints = 960 ints (3840 bytes) in one array, built once by the type
    /// initialiser of <see cref="Edwards25519"/>. Cost: 1 doubling, 31 additions and one field
    /// inversion shared by all entries (Montgomery's simultaneous inversion), about 650 field
    /// multiplications; temporary allocations of about 3 KB during the build.
    /// </remarks>
    internal static class BasePointTable
    {
        /// <summary>Window width of the digits of S that index the table.</summary>
        internal const int Window = 7;

        /// <summary>Entries: 2^(Window - 2).</summary>
        internal const int Entries = 1 << (Window - 2);

        /// <summary>Builds the table for base point <paramref name="b"/> (extended coordinates).</summary>
        internal static int[] Build(ExtendedPoint b, Ed25519Workspace ws)
        {
            ExtendedPoint[] points = new ExtendedPoint[Entries];
            int[][] prefix = new int[Entries][];
            for (int j = 0; j < Entries; j++)
            {
                points[j] = new ExtendedPoint();
                prefix[j] = Field25519.Create();
            }

            points[0].CopyFrom(b);
            Edwards25519.Double(ws.Completed, b);
            Edwards25519.ToExtended(ws.Extended, ws.Completed);
            Edwards25519.ToCached(ws.Step, ws.Extended);
            for (int j = 1; j < Entries; j++)
            {
                Edwards25519.Add(ws.Completed, points[j - 1], ws.Step, false);
                Edwards25519.ToExtended(points[j], ws.Completed);
            }

            // prefix[j] = Z0 * ... * Zj; one inversion then peels off each 1/Zj.
            Field25519.Copy(prefix[0], points[0].Z);
            for (int j = 1; j < Entries; j++)
            {
                Field25519.Mul(prefix[j], prefix[j - 1], points[j].Z);
            }

            int[] inverse = ws.T4;
            int[] zInverse = ws.T3;
            Field25519.Invert(inverse, prefix[Entries - 1], ws.T0, ws.T1, ws.T2);
            int[] table = new int[Entries * AffinePoint.Stride];
            AffinePoint entry = ws.Affine;
            int[] x = ws.Check.X;
            int[] y = ws.Check.Y;
            for (int j = Entries - 1; j >= 0; j--)
            {
                if (j > 0)
                {
                    Field25519.Mul(zInverse, inverse, prefix[j - 1]);
                    Field25519.Mul(inverse, inverse, points[j].Z);
                }
                else
                {
                    Field25519.Copy(zInverse, inverse);
                }

                Field25519.Mul(x, points[j].X, zInverse);
                Field25519.Mul(y, points[j].Y, zInverse);
                Field25519.Add(entry.YPlusX, y, x);
                Field25519.Normalize(entry.YPlusX, entry.YPlusX);
                Field25519.Sub(entry.YMinusX, y, x);
                Field25519.Normalize(entry.YMinusX, entry.YMinusX);
                Field25519.Mul(entry.XY2d, x, y);
                Field25519.Mul(entry.XY2d, entry.XY2d, Edwards25519.D2);
                Field25519.Normalize(entry.XY2d, entry.XY2d);
                entry.Store(table, j);
            }

            return table;
        }
    }
}
