using System;
using System.Numerics;
using MedDeviceAgent.Firmware.Core.Crypto.Ed25519;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto.Ed25519
{
    public class Field25519Tests
    {
        private static readonly BigInteger P = Ed25519Reference.P;

        private static readonly int[] Position = { 0, 26, 51, 77, 102, 128, 153, 179, 204, 230 };

        [Fact]
        public void MulSquareAddSub_RandomAndEdgeOperands_MatchBigInteger()
        {
            Random random = new Random(25519);
            for (int n = 0; n < 2000; n++)
            {
                int[] a = Operand(random, n);
                int[] b = Operand(random, n + 7);
                BigInteger va = Value(a);
                BigInteger vb = Value(b);
                int[] r = Field25519.Create();

                Field25519.Mul(r, a, b);
                Assert.Equal(Ed25519Reference.Mod(va * vb), Value(r));
                AssertCarried(r);
                Field25519.Square(r, a);
                Assert.Equal(Ed25519Reference.Mod(va * va), Value(r));
                AssertCarried(r);
                int[] c = Carried(random);
                Field25519.Add(c, c, Carried(random));
                Field25519.Square2(r, c);
                Assert.Equal(Ed25519Reference.Mod(2 * Value(c) * Value(c)), Value(r));
                AssertCarried(r);
                Field25519.Add(r, a, b);
                Assert.Equal(Ed25519Reference.Mod(va + vb), Value(r));
                Field25519.Sub(r, a, b);
                Assert.Equal(Ed25519Reference.Mod(va - vb), Value(r));
                Field25519.Negate(r, a);
                Assert.Equal(Ed25519Reference.Mod(-va), Value(r));
            }
        }

        [Fact]
        public void MulAndSquare_ResultAliasesOperand_MatchBigInteger()
        {
            Random random = new Random(1);
            int[] a = Operand(random, 4);
            int[] b = Operand(random, 5);
            BigInteger va = Value(a);
            BigInteger vb = Value(b);
            Field25519.Mul(a, a, b);
            Assert.Equal(Ed25519Reference.Mod(va * vb), Value(a));
            Field25519.Mul(b, a, b);
            Assert.Equal(Ed25519Reference.Mod(va * vb * vb), Value(b));
            Field25519.Square(b, b);
            Assert.Equal(Ed25519Reference.Mod(BigInteger.Pow(va * vb * vb, 2)), Value(b));
        }

        [Fact]
        public void InvertAndPowP58_RandomElements_MatchBigInteger()
        {
            Random random = new Random(7);
            int[] t0 = Field25519.Create(), t1 = Field25519.Create(), t2 = Field25519.Create();
            for (int n = 0; n < 50; n++)
            {
                int[] a = Carried(random);
                BigInteger va = Value(a);
                int[] r = Field25519.Create();
                Field25519.Invert(r, a, t0, t1, t2);
                Assert.Equal(BigInteger.ModPow(va, P - 2, P), Value(r));
                Field25519.PowP58(r, a, t0, t1, t2);
                Assert.Equal(BigInteger.ModPow(va, (P - 5) / 8, P), Value(r));
                Field25519.Invert(a, a, t0, t1, t2);
                Assert.Equal(BigInteger.ModPow(va, P - 2, P), Value(a));
            }
        }

        [Fact]
        public void Normalize_SignedLimbs_GivesCanonicalValue()
        {
            Random random = new Random(11);
            for (int n = 0; n < 5000; n++)
            {
                int[] a = Operand(random, n);
                int[] r = Field25519.Create();
                Field25519.Normalize(r, a);
                BigInteger expected = Value(a);
                Assert.Equal(expected, Exact(r));
                Assert.Equal(expected, Ed25519Reference.FromLittleEndian(Encoded(a), 0, 32));
            }
        }

        [Theory]
        [InlineData("0000000000000000000000000000000000000000000000000000000000000000", true)]
        [InlineData("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", true)]  // p - 1
        [InlineData("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", false)] // p
        [InlineData("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", false)] // p + 1
        [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", false)] // 2^255 - 1
        [InlineData("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", false)] // p, sign bit set
        [InlineData("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", true)]  // p - 1, sign bit set
        [InlineData("edfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe7f", true)]
        public void IsCanonical_BoundaryEncodings_ComparesWithP(string hex, bool expected)
        {
            Assert.Equal(expected, Field25519.IsCanonical(Convert.FromHexString(hex), 0));
        }

        [Fact]
        public void DecodeEncode_RandomCanonicalBytes_RoundTrip()
        {
            Random random = new Random(5);
            byte[] buffer = new byte[40];
            int[] e = Field25519.Create();
            int[] scratch = Field25519.Create();
            byte[] output = new byte[34];
            for (int n = 0; n < 1000; n++)
            {
                random.NextBytes(buffer);
                buffer[3 + 31] &= 0x7F;
                Field25519.Decode(e, buffer, 3);
                BigInteger v = Ed25519Reference.FromLittleEndian(buffer, 3, 32);
                Assert.Equal(v, Exact(e));
                Field25519.Encode(output, 1, e, scratch);
                Assert.Equal(Ed25519Reference.ToLittleEndian(v % P, 32), output[1..33]);
            }
        }

        [Fact]
        public void Decode_SignBitSet_IsIgnored()
        {
            byte[] bytes = new byte[32];
            bytes[0] = 9;
            bytes[31] = 0x80;
            int[] e = Field25519.Create();
            Field25519.Decode(e, bytes, 0);
            Assert.Equal(new BigInteger(9), Value(e));
        }

        /// <summary>The value of a limb vector modulo p.</summary>
        internal static BigInteger Value(int[] limbs) => Ed25519Reference.Mod(Exact(limbs));

        private static BigInteger Exact(int[] limbs)
        {
            BigInteger v = BigInteger.Zero;
            for (int i = 0; i < 10; i++)
            {
                v += new BigInteger(limbs[i]) << Position[i];
            }

            return v;
        }

        private static byte[] Encoded(int[] a)
        {
            byte[] output = new byte[32];
            Field25519.Encode(output, 0, a, Field25519.Create());
            return output;
        }

        private static void AssertCarried(int[] r)
        {
            for (int i = 0; i < 10; i++)
            {
                int bound = (i & 1) == 0 ? 1 << 26 : 1 << 25;
                Assert.InRange(r[i], -bound, 2 * bound);
            }
        }

        /// <summary>A carried element with limbs in their nominal ranges.</summary>
        private static int[] Carried(Random random)
        {
            int[] a = Field25519.Create();
            for (int i = 0; i < 10; i++)
            {
                a[i] = random.Next(0, (i & 1) == 0 ? 1 << 26 : 1 << 25);
            }

            return a;
        }

        /// <summary>
        /// Operands as the point formulas feed them: up to three carried terms added or subtracted
        /// (limbs up to +-3 * 2^26), extreme all-maximum vectors, zero and p - 1.
        /// </summary>
        private static int[] Operand(Random random, int n)
        {
            int[] a = Field25519.Create();
            switch (n % 6)
            {
                case 0:
                    return a;
                case 1:
                    for (int i = 0; i < 10; i++)
                    {
                        a[i] = 3 * (((i & 1) == 0 ? 1 << 26 : 1 << 25) - 1);
                    }

                    return a;
                case 2:
                    for (int i = 0; i < 10; i++)
                    {
                        a[i] = -3 * (((i & 1) == 0 ? 1 << 26 : 1 << 25) - 1);
                    }

                    return a;
                case 3:
                    int[] pMinusOne = { (1 << 26) - 20, (1 << 25) - 1, (1 << 26) - 1, (1 << 25) - 1, (1 << 26) - 1, (1 << 25) - 1, (1 << 26) - 1, (1 << 25) - 1, (1 << 26) - 1, (1 << 25) - 1 };
                    return pMinusOne;
                default:
                    for (int i = 0; i < 10; i++)
                    {
                        int bound = (i & 1) == 0 ? 1 << 26 : 1 << 25;
                        a[i] = random.Next(-3 * bound, 3 * bound);
                    }

                    return a;
            }
        }
    }
}
