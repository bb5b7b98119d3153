using System;
using System.Collections.Generic;
using System.Numerics;
using MedDeviceAgent.Firmware.Core.Crypto.P256;
using BcECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    /// <summary>The internal P-256 building blocks against System.Numerics.BigInteger and BouncyCastle.</summary>
    public class P256ArithmeticTests
    {
        private static readonly BigInteger P = BigInteger.Pow(2, 256) - BigInteger.Pow(2, 224) + BigInteger.Pow(2, 192) + BigInteger.Pow(2, 96) - 1;
        private static readonly BigInteger N = Hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
        private static readonly BigInteger Two256 = BigInteger.Pow(2, 256);

        [Fact]
        public void Constants_MatchTheStandardValues()
        {
            Assert.Equal(P, Value(P256Field.Prime));
            Assert.Equal(N, Value(P256Scalar.Order));
        }

        [Fact]
        public void FieldOperations_EdgeAndRandomValues_MatchBigInteger()
        {
            List<BigInteger> values = Samples(P, 1);
            P256Field field = new P256Field();
            uint[] r = new uint[8];
            List<string> failing = new List<string>();
            foreach (BigInteger a in values)
            {
                foreach (BigInteger b in values)
                {
                    uint[] la = Limbs(a), lb = Limbs(b);
                    field.Multiply(r, la, lb);
                    Check(failing, "mul", a, b, r, a * b % P);
                    P256Field.Add(r, la, lb);
                    Check(failing, "add", a, b, r, (a + b) % P);
                    P256Field.Subtract(r, la, lb);
                    Check(failing, "sub", a, b, r, ((a - b) % P + P) % P);
                }

                uint[] l = Limbs(a);
                field.Square(r, l);
                Check(failing, "sqr", a, a, r, a * a % P);
                P256Field.Negate(r, l);
                Check(failing, "neg", a, a, r, (P - a) % P);
            }

            Assert.True(failing.Count == 0, string.Join("; ", failing));
        }

        [Fact]
        public void FieldOperations_ResultAliasesInput_MatchBigInteger()
        {
            P256Field field = new P256Field();
            BigInteger a = P - 5, b = Hex("123456789ABCDEF0FEDCBA98765432100123456789ABCDEF0FEDCBA987654321");
            uint[] x = Limbs(a);
            field.Multiply(x, x, x);
            Assert.Equal(a * a % P, Value(x));
            x = Limbs(a);
            field.Square(x, x);
            Assert.Equal(a * a % P, Value(x));
            x = Limbs(a);
            P256Field.Add(x, x, Limbs(b));
            Assert.Equal((a + b) % P, Value(x));
        }

        [Fact]
        public void ScalarMontgomeryMultiply_EdgeAndRandomValues_MatchBigInteger()
        {
            List<BigInteger> values = Samples(N, 2);
            P256Scalar scalar = new P256Scalar();
            BigInteger rInverse = BigInteger.ModPow(Two256, N - 2, N);
            uint[] r = new uint[8];
            List<string> failing = new List<string>();
            foreach (BigInteger a in values)
            {
                foreach (BigInteger b in values)
                {
                    scalar.MontgomeryMultiply(r, Limbs(a), Limbs(b));
                    Check(failing, "montmul", a, b, r, a * b % N * rInverse % N);
                }
            }

            Assert.True(failing.Count == 0, string.Join("; ", failing));
        }

        [Fact]
        public void ScalarInvert_EdgeAndRandomValues_GivesModularInverse()
        {
            P256Scalar scalar = new P256Scalar();
            uint[] x = new uint[8];
            List<string> failing = new List<string>();
            foreach (BigInteger a in Samples(N, 3))
            {
                scalar.Invert(x, Limbs(a));
                Check(failing, "inv", a, a, x, a.IsZero ? BigInteger.Zero : BigInteger.ModPow(a, N - 2, N));
            }

            uint[] aliased = Limbs(N - 2);
            scalar.Invert(aliased, aliased);
            Check(failing, "inv aliased", N - 2, N - 2, aliased, BigInteger.ModPow(N - 2, N - 2, N));
            Assert.True(failing.Count == 0, string.Join("; ", failing));
        }

        [Fact]
        public void ScalarToMontgomery_ThenMontgomeryMultiply_GivesPlainProduct()
        {
            P256Scalar scalar = new P256Scalar();
            BigInteger a = N - 12345, b = Hex("5D1C0FFEE5D1C0FFEE5D1C0FFEE5D1C0FFEE5D1C0FFEE5D1C0FFEE5D1C0FFEE0");
            uint[] bMont = new uint[8], product = new uint[8];
            scalar.ToMontgomery(bMont, Limbs(b));
            scalar.MontgomeryMultiply(product, Limbs(a), bMont);
            Assert.Equal(a * b % N, Value(product));
        }

        [Fact]
        public void ScalarReduceOnce_ValuesUpTo2Pow256_ReducesModN()
        {
            foreach (BigInteger a in new[] { BigInteger.Zero, N - 1, N, N + 1, Two256 - 1 })
            {
                uint[] l = Limbs(a);
                P256Scalar.ReduceOnce(l);
                Assert.Equal(a % N, Value(l));
            }
        }

        [Theory]
        [InlineData(2)]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(7)]
        public void WnafRecode_EdgeAndRandomScalars_ReconstructsScalarInNafForm(int width)
        {
            sbyte[] digits = new sbyte[Wnaf.Length];
            List<BigInteger> values = Samples(Two256, 4);
            values.Add(Two256 - 1);
            foreach (BigInteger k in values)
            {
                Wnaf.Recode(Limbs(k), width, digits);
                BigInteger sum = BigInteger.Zero;
                int lastNonZero = -width;
                for (int i = 0; i < digits.Length; i++)
                {
                    int d = digits[i];
                    if (d == 0)
                    {
                        continue;
                    }

                    Assert.True((d & 1) == 1 && Math.Abs(d) < (1 << (width - 1)), "digit " + d + " at " + i);
                    Assert.True(i - lastNonZero >= width, "adjacent non-zero digits at " + lastNonZero + " and " + i);
                    lastNonZero = i;
                    sum += d * BigInteger.Pow(2, i);
                }

                Assert.Equal(k, sum);
            }
        }

        [Fact]
        public void GeneratorTable_Entries_AreOddMultiplesOfG()
        {
            for (int i = 0; i < P256GeneratorTable.Count; i++)
            {
                BcECPoint expected = BouncyCastleP256.Domain.G.Multiply(Org.BouncyCastle.Math.BigInteger.ValueOf((2 * i) + 1)).Normalize();
                Assert.Equal(ToBig(expected.AffineXCoord.ToBigInteger()), Value(P256GeneratorTable.X[i]));
                Assert.Equal(ToBig(expected.AffineYCoord.ToBigInteger()), Value(P256GeneratorTable.Y[i]));
            }
        }

        [Fact]
        public void CurveIsOnCurve_GeneratorAndModifiedGenerator_AcceptsOnlyTheCurvePoint()
        {
            P256Curve curve = new P256Curve();
            Assert.True(curve.IsOnCurve(P256GeneratorTable.X[0], P256GeneratorTable.Y[0]));
            Assert.False(curve.IsOnCurve(P256GeneratorTable.X[0], Limbs(Value(P256GeneratorTable.Y[0]) + 1)));
            Assert.False(curve.IsOnCurve(Limbs(BigInteger.Zero), Limbs(BigInteger.Zero)));
        }

        [Fact]
        public void ShamirMultiplyAdd_RandomScalars_MatchesBouncyCastle()
        {
            Org.BouncyCastle.Security.SecureRandom random = BouncyCastleP256.SeededRandom(20);
            BcECPoint q = BouncyCastleP256.Generate(random).Public.Q;
            for (int i = 0; i < 8; i++)
            {
                BigInteger u1 = ToBig(new Org.BouncyCastle.Math.BigInteger(256, random)) % N;
                BigInteger u2 = ToBig(new Org.BouncyCastle.Math.BigInteger(256, random)) % N;
                AssertMultiplyAdd(u1, u2, q);
            }
        }

        [Theory]
        [InlineData("0", "1")]
        [InlineData("1", "0")]
        [InlineData("0", "0")]
        [InlineData("n-1", "1")]
        [InlineData("1", "n-1")]
        [InlineData("n-1", "n-1")]
        [InlineData("2^255", "2^128")]
        public void ShamirMultiplyAdd_EdgeScalars_MatchesBouncyCastle(string u1, string u2)
        {
            BcECPoint q = BouncyCastleP256.Generate(BouncyCastleP256.SeededRandom(21)).Public.Q;
            AssertMultiplyAdd(Named(u1), Named(u2), q);
        }

        [Theory]
        [InlineData("5", "n-5")]
        [InlineData("n-1", "1")]
        [InlineData("7", "7")]
        [InlineData("12345", "12345")]
        [InlineData("2^200", "n-2^200")]
        public void ShamirMultiplyAdd_QIsGenerator_HandlesDoublingAndInfinity(string u1, string u2)
        {
            // With Q = G the additions meet equal points (u1 = u2) and opposite points (u1 + u2 = n).
            AssertMultiplyAdd(Named(u1), Named(u2), BouncyCastleP256.Domain.G);
        }

        [Fact]
        public void ShamirMultiplyAdd_QIsMinusGenerator_HandlesOppositePoints()
        {
            BcECPoint minusG = BouncyCastleP256.Domain.G.Negate().Normalize();
            AssertMultiplyAdd(Named("3"), Named("3"), minusG);
            AssertMultiplyAdd(Named("2^100"), Named("2^100"), minusG);
            AssertMultiplyAdd(Named("9"), Named("4"), minusG);
        }

        private static void AssertMultiplyAdd(BigInteger u1, BigInteger u2, BcECPoint q)
        {
            q = q.Normalize();
            BcECPoint expected = BouncyCastleP256.Domain.G.Multiply(ToBc(u1)).Add(q.Multiply(ToBc(u2))).Normalize();
            P256Curve curve = new P256Curve();
            JacobianPoint result = new JacobianPoint();
            new P256ShamirMultiplier(curve).MultiplyAdd(result, Limbs(u1), Limbs(u2), Limbs(ToBig(q.AffineXCoord.ToBigInteger())), Limbs(ToBig(q.AffineYCoord.ToBigInteger())));

            string label = "u1=" + u1.ToString("X", null) + " u2=" + u2.ToString("X", null);
            if (expected.IsInfinity)
            {
                Assert.True(result.IsInfinity, label + ": expected infinity");
                return;
            }

            Assert.False(result.IsInfinity, label + ": unexpected infinity");
            BigInteger z = Value(result.Z);
            BigInteger zInverse = BigInteger.ModPow(z, P - 2, P);
            BigInteger x = Value(result.X) * zInverse * zInverse % P;
            BigInteger y = Value(result.Y) * zInverse * zInverse * zInverse % P;
            Assert.True(ToBig(expected.AffineXCoord.ToBigInteger()) == x, label + ": x");
            Assert.True(ToBig(expected.AffineYCoord.ToBigInteger()) == y, label + ": y");
            Assert.True(curve.HasAffineX(result, Limbs(x)), label + ": HasAffineX");
            Assert.False(curve.HasAffineX(result, Limbs((x + 1) % P)), label + ": HasAffineX of x + 1");
        }

        private static BigInteger Named(string name)
        {
            return name switch
            {
                "n-1" => N - 1,
                "n-5" => N - 5,
                "2^255" => BigInteger.Pow(2, 255),
                "2^128" => BigInteger.Pow(2, 128),
                "2^100" => BigInteger.Pow(2, 100),
                "2^200" => BigInteger.Pow(2, 200),
                "n-2^200" => N - BigInteger.Pow(2, 200),
                _ => BigInteger.Parse(name, null),
            };
        }

        /// <summary>Edge values below the modulus (0, 1, 2, m-1, m-2, limb-boundary patterns) plus seeded random ones.</summary>
        private static List<BigInteger> Samples(BigInteger modulus, int seed)
        {
            List<BigInteger> values = new List<BigInteger>
            {
                0, 1, 2, 3, modulus - 1, modulus - 2, BigInteger.Pow(2, 255), BigInteger.Pow(2, 224),
                BigInteger.Pow(2, 192) - 1, BigInteger.Pow(2, 96) - 1, BigInteger.Pow(2, 32), BigInteger.Pow(2, 32) - 1,
                Two256 - BigInteger.Pow(2, 224), P - BigInteger.Pow(2, 192),
            };
            Random random = new Random(seed);
            byte[] bytes = new byte[32];
            for (int i = 0; i < 24; i++)
            {
                random.NextBytes(bytes);
                if (i % 3 == 0)
                {
                    // Mostly-ones values stress the carries.
                    for (int j = 0; j < 28; j++)
                    {
                        bytes[j] = 0xFF;
                    }
                }

                values.Add(new BigInteger(bytes, isUnsigned: true) % modulus);
            }

            values.RemoveAll(v => v >= modulus);
            return values;
        }

        private static void Check(List<string> failing, string op, BigInteger a, BigInteger b, uint[] actual, BigInteger expected)
        {
            if (Value(actual) != expected)
            {
                failing.Add(op + "(" + a.ToString("X", null) + ", " + b.ToString("X", null) + ")");
            }
        }

        internal static uint[] Limbs(BigInteger value)
        {
            uint[] limbs = new uint[8];
            for (int i = 0; i < 8; i++)
            {
                limbs[i] = (uint)(value & uint.MaxValue);
                value >>= 32;
            }

            return limbs;
        }

        internal static BigInteger Value(uint[] limbs)
        {
            BigInteger value = BigInteger.Zero;
            for (int i = limbs.Length - 1; i >= 0; i--)
            {
                value = (value << 32) | limbs[i];
            }

            return value;
        }

        private static BigInteger Hex(string hex)
        {
            return new BigInteger(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);
        }

        private static BigInteger ToBig(Org.BouncyCastle.Math.BigInteger value)
        {
            return new BigInteger(value.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);
        }

        private static Org.BouncyCastle.Math.BigInteger ToBc(BigInteger value)
        {
            return new Org.BouncyCastle.Math.BigInteger(1, value.ToByteArray(isUnsigned: true, isBigEndian: true));
        }
    }
}
