using System;
using MedDeviceAgent.Firmware.Core.Crypto;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    /// <summary>ConstantTime.AreEqual: results and argument checks (timing itself is not measured).</summary>
    public class ConstantTimeTests
    {
        [Fact]
        public void AreEqual_SameBytes_True()
        {
            byte[] a = { 1, 2, 3, 4, 5 };
            byte[] b = { 1, 2, 3, 4, 5 };
            Assert.True(ConstantTime.AreEqual(a, 0, b, 0, 5));
            Assert.True(ConstantTime.AreEqual(a, 0, a, 0, 5));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(16)]
        [InlineData(31)]
        public void AreEqual_DifferAtOneByte_False(int index)
        {
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            new Random(index).NextBytes(a);
            Array.Copy(a, b, 32);
            b[index] ^= 0x80;
            Assert.False(ConstantTime.AreEqual(a, 0, b, 0, 32));
            Assert.False(ConstantTime.AreEqual(b, 0, a, 0, 32));
        }

        [Fact]
        public void AreEqual_EverySingleBitFlip_False()
        {
            byte[] a = new byte[64];
            new Random(1).NextBytes(a);
            byte[] b = (byte[])a.Clone();
            for (int bit = 0; bit < 64 * 8; bit++)
            {
                b[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.False(ConstantTime.AreEqual(a, 0, b, 0, 64));
                b[bit / 8] ^= (byte)(1 << (bit % 8));
            }

            Assert.True(ConstantTime.AreEqual(a, 0, b, 0, 64));
        }

        [Fact]
        public void AreEqual_DifferentOffsets_ComparesTheRanges()
        {
            byte[] a = { 9, 9, 1, 2, 3 };
            byte[] b = { 1, 2, 3, 7 };
            Assert.True(ConstantTime.AreEqual(a, 2, b, 0, 3));
            Assert.False(ConstantTime.AreEqual(a, 1, b, 0, 3));
            Assert.False(ConstantTime.AreEqual(a, 2, b, 1, 3));
        }

        [Fact]
        public void AreEqual_ZeroLength_True()
        {
            byte[] a = { 1 };
            byte[] b = { 2 };
            Assert.True(ConstantTime.AreEqual(a, 0, b, 0, 0));
            Assert.True(ConstantTime.AreEqual(a, 1, b, 1, 0)); // an empty range at the end is in range
            Assert.True(ConstantTime.AreEqual(Array.Empty<byte>(), 0, Array.Empty<byte>(), 0, 0));
        }

        [Fact]
        public void AreEqual_BadArguments_Throw()
        {
            byte[] a = new byte[4];
            byte[] b = new byte[4];
            Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual(null!, 0, b, 0, 0));
            Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual(a, 0, null!, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(a, 0, b, 0, 5));
            Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(a, 1, b, 0, 4));
            Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(a, 0, b, 1, 4));
            Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(a, -1, b, 0, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(a, 0, b, -1, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(a, 0, b, 0, -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(a, int.MaxValue, b, 0, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(a, 5, b, 5, 0));
        }
    }
}
