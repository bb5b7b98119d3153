using System;
using System.Collections.Generic;
using System.Numerics;
using MedDeviceAgent.Firmware.Core.Crypto.Ed25519;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto.Ed25519
{
    public class Edwards25519Tests
    {
        [Fact]
        public void Decode_RandomEncodings_AgreesWithReference()
        {
            Random random = new Random(8032);
            byte[] encoding = new byte[32];
            Ed25519Workspace ws = new Ed25519Workspace();
            ExtendedPoint p = new ExtendedPoint();
            int valid = 0;
            for (int n = 0; n < 400; n++)
            {
                random.NextBytes(encoding);
                RefPoint? expected = Ed25519Reference.Decode(encoding);
                bool decoded = Edwards25519.Decode(p, encoding, 0, ws);
                Assert.Equal(expected != null, decoded);
                if (expected != null)
                {
                    valid++;
                    Assert.Equal(encoding, Encode(p, ws));
                }
            }

            // About half of all y have a matching x: both branches were exercised.
            Assert.InRange(valid, 100, 300);
        }

        [Fact]
        public void Decode_NonCanonicalY_IsRejectedWhileTheCanonicalFormDecodes()
        {
            // y + p < 2^255 only for y < 19: every such y that is on the curve has a second, non-canonical encoding.
            Ed25519Workspace ws = new Ed25519Workspace();
            ExtendedPoint p = new ExtendedPoint();
            int onCurve = 0;
            for (int y = 0; y < 19; y++)
            {
                foreach (bool odd in new[] { false, true })
                {
                    byte[] canonical = Ed25519Reference.ToLittleEndian(y, 32);
                    byte[] nonCanonical = Ed25519Reference.ToLittleEndian(Ed25519Reference.P + y, 32);
                    if (odd)
                    {
                        canonical[31] |= 0x80;
                        nonCanonical[31] |= 0x80;
                    }

                    bool expected = Ed25519Reference.Decode(canonical) != null;
                    Assert.Equal(expected, Edwards25519.Decode(p, canonical, 0, ws));
                    Assert.False(Edwards25519.Decode(p, nonCanonical, 0, ws));
                    onCurve += expected ? 1 : 0;
                }
            }

            Assert.True(onCurve >= 4, "the test needs on-curve small y values");
        }

        [Theory]
        [InlineData("0100000000000000000000000000000000000000000000000000000000000080")] // y = 1, x = 0, sign bit set
        [InlineData("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")] // y = -1, x = 0, sign bit set
        public void Decode_ZeroXWithSignBit_IsRejected(string hex)
        {
            byte[] encoding = Convert.FromHexString(hex);
            Ed25519Workspace ws = new Ed25519Workspace();
            Assert.False(Edwards25519.Decode(new ExtendedPoint(), encoding, 0, ws));
            encoding[31] &= 0x7F;
            Assert.True(Edwards25519.Decode(new ExtendedPoint(), encoding, 0, ws));
        }

        [Fact]
        public void BaseTable_Entries_AreOddMultiplesOfTheBasePoint()
        {
            BigInteger p = Ed25519Reference.P;
            int[] table = Edwards25519.BaseTable;
            Assert.Equal(BasePointTable.Entries * AffinePoint.Stride, table.Length);
            AffinePoint entry = new AffinePoint();
            for (int j = 0; j < BasePointTable.Entries; j++)
            {
                RefPoint expected = Ed25519Reference.Multiply((2 * j) + 1, Ed25519Reference.Base);
                entry.Load(table, j);
                Assert.Equal(Ed25519Reference.Mod(expected.Y + expected.X), Field25519Tests.Value(entry.YPlusX));
                Assert.Equal(Ed25519Reference.Mod(expected.Y - expected.X), Field25519Tests.Value(entry.YMinusX));
                Assert.Equal(Ed25519Reference.Mod(2 * Ed25519Reference.D * expected.X * expected.Y), Field25519Tests.Value(entry.XY2d));
            }
        }

        [Fact]
        public void Constants_MatchReference()
        {
            Assert.Equal(Ed25519Reference.D, Field25519Tests.Value(Edwards25519.D));
            Assert.Equal(Ed25519Reference.Mod(2 * Ed25519Reference.D), Field25519Tests.Value(Edwards25519.D2));
            Assert.Equal(Ed25519Reference.SqrtMinusOne, Field25519Tests.Value(Edwards25519.SqrtMinusOne));
        }

        [Fact]
        public void IsSmallOrder_TorsionPointsAndOthers_ClassifiedByOrder()
        {
            Ed25519Workspace ws = new Ed25519Workspace();
            ExtendedPoint p = new ExtendedPoint();
            RefPoint t8 = Ed25519Reference.TorsionGenerator();
            HashSet<string> seen = new HashSet<string>();
            for (int i = 0; i < 8; i++)
            {
                byte[] encoding = Ed25519Reference.Encode(Ed25519Reference.Multiply(i, t8));
                seen.Add(Convert.ToHexString(encoding));
                Assert.True(Edwards25519.Decode(p, encoding, 0, ws));
                Assert.True(Edwards25519.IsSmallOrder(p, ws), "torsion point " + i);
            }

            Assert.Equal(8, seen.Count);
            Assert.True(Edwards25519.Decode(p, Ed25519Reference.Encode(Ed25519Reference.Base), 0, ws));
            Assert.False(Edwards25519.IsSmallOrder(p, ws));
            Assert.True(Edwards25519.Decode(p, Ed25519Reference.Encode(Ed25519Reference.Add(Ed25519Reference.Base, t8)), 0, ws));
            Assert.False(Edwards25519.IsSmallOrder(p, ws));
        }

        [Fact]
        public void DoubleScalarMultiply_RandomScalars_MatchesReference()
        {
            Random random = new Random(19);
            Ed25519Workspace ws = new Ed25519Workspace();
            ExtendedPoint point = new ExtendedPoint();
            for (int n = 0; n < 6; n++)
            {
                BigInteger s = RandomScalar(random);
                BigInteger k = RandomScalar(random);
                RefPoint q = Ed25519Reference.Multiply(RandomScalar(random), Ed25519Reference.Base);
                if (n == 0)
                {
                    q = Ed25519Reference.Add(q, Ed25519Reference.TorsionGenerator());
                }

                Assert.True(Edwards25519.Decode(point, Ed25519Reference.Encode(q), 0, ws));
                Scalar25519.Recode(ws.DigitsS, Ed25519Reference.ToLittleEndian(s, 32), 0, BasePointTable.Window, ws.ScalarWords);
                Scalar25519.Recode(ws.DigitsK, Ed25519Reference.ToLittleEndian(k, 32), 0, Ed25519Workspace.PublicKeyWindow, ws.ScalarWords);
                Edwards25519.OddMultiples(ws.NegatedKeyTable, Ed25519Workspace.PublicKeyTableEntries, point, ws);
                Edwards25519.DoubleScalarMultiply(ws.Result, ws.DigitsS, ws.DigitsK, ws.NegatedKeyTable, ws);
                RefPoint expected = Ed25519Reference.Add(Ed25519Reference.Multiply(s, Ed25519Reference.Base), Ed25519Reference.Multiply(k, q));
                Assert.Equal(Ed25519Reference.Encode(expected), Encode(ws.Result, ws));
            }
        }

        private static BigInteger RandomScalar(Random random)
        {
            byte[] buffer = new byte[32];
            random.NextBytes(buffer);
            buffer[31] &= 0x1F;
            return Ed25519Reference.FromLittleEndian(buffer, 0, 32);
        }

        private static byte[] Encode(ExtendedPoint p, Ed25519Workspace ws)
        {
            byte[] output = new byte[32];
            Edwards25519.Encode(output, 0, p, ws);
            return output;
        }
    }
}
