using System;
using System.Collections.Generic;
using System.Numerics;
using MedDeviceAgent.Firmware.Core.Crypto.Ed25519;
using MedDeviceAgent.Firmware.Core.Crypto.P256;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto.Ed25519
{
    public class Scalar25519Tests
    {
        private static readonly BigInteger L = Ed25519Reference.L;

        [Fact]
        public void Reduce_RandomAndEdgeValues_MatchBigIntegerModL()
        {
            List<BigInteger> values = new List<BigInteger>
            {
                BigInteger.Zero,
                BigInteger.One,
                L - 1,
                L,
                L + 1,
                (2 * L) - 1,
                BigInteger.Pow(2, 252),
                BigInteger.Pow(2, 253) - 1,
                BigInteger.Pow(2, 256) - 1,
                (BigInteger.Pow(2, 512) - 1) / L * L,
                ((BigInteger.Pow(2, 512) - 1) / L * L) - 1,
                BigInteger.Pow(2, 512) - 1,
            };
            Random random = new Random(252);
            byte[] buffer = new byte[64];
            for (int n = 0; n < 3000; n++)
            {
                random.NextBytes(buffer);
                values.Add(Ed25519Reference.FromLittleEndian(buffer, 0, 64));
                values.Add(((BigInteger.Pow(2, 512) - 1 - Ed25519Reference.FromLittleEndian(buffer, 0, 8)) / L * L) + Ed25519Reference.FromLittleEndian(buffer, 8, 1));
            }

            long[] scratch = new long[Scalar25519.ReduceLimbs];
            byte[] input = new byte[70];
            byte[] output = new byte[36];
            foreach (BigInteger v in values)
            {
                Ed25519Reference.ToLittleEndian(v, 64).CopyTo(input, 5);
                Scalar25519.Reduce(input, 5, output, 2, scratch);
                Assert.Equal(Ed25519Reference.ToLittleEndian(v % L, 32), output[2..34]);
            }
        }

        [Fact]
        public void IsCanonical_AroundL_AcceptsOnlyBelowL()
        {
            Assert.True(Scalar25519.IsCanonical(Ed25519Reference.ToLittleEndian(BigInteger.Zero, 32), 0));
            Assert.True(Scalar25519.IsCanonical(Ed25519Reference.ToLittleEndian(L - 1, 32), 0));
            Assert.False(Scalar25519.IsCanonical(Ed25519Reference.ToLittleEndian(L, 32), 0));
            Assert.False(Scalar25519.IsCanonical(Ed25519Reference.ToLittleEndian(L + 1, 32), 0));
            Assert.False(Scalar25519.IsCanonical(Ed25519Reference.ToLittleEndian(BigInteger.Pow(2, 253), 32), 0));
            Assert.False(Scalar25519.IsCanonical(Ed25519Reference.ToLittleEndian(BigInteger.Pow(2, 256) - 1, 32), 0));
            byte[] shifted = new byte[40];
            Ed25519Reference.ToLittleEndian(L - 1, 32).CopyTo(shifted, 8);
            Assert.True(Scalar25519.IsCanonical(shifted, 8));
        }

        [Fact]
        public void Recode_LittleEndianScalarAtOffset_DigitsSumToTheScalar()
        {
            // The digit rules themselves are tested with the shared recoder (P256ArithmeticTests);
            // this checks the little-endian loading in front of it.
            List<BigInteger> values = new List<BigInteger> { BigInteger.Zero, BigInteger.One, L - 1, BigInteger.Pow(2, 253) - 1 };
            Random random = new Random(5);
            byte[] buffer = new byte[32];
            for (int n = 0; n < 200; n++)
            {
                random.NextBytes(buffer);
                buffer[31] &= 0x1F;
                values.Add(Ed25519Reference.FromLittleEndian(buffer, 0, 32));
            }

            sbyte[] digits = new sbyte[Wnaf.Length];
            uint[] words = new uint[UInt256.Words];
            foreach (BigInteger v in values)
            {
                byte[] scalar = new byte[35];
                Ed25519Reference.ToLittleEndian(v, 32).CopyTo(scalar, 3);
                Scalar25519.Recode(digits, scalar, 3, 5, words);
                BigInteger sum = BigInteger.Zero;
                for (int i = 0; i < digits.Length; i++)
                {
                    sum += new BigInteger(digits[i]) << i;
                }

                Assert.Equal(v, sum);
            }
        }
    }
}
