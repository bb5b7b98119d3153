using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using static MedDeviceAgent.Firmware.Core.Tests.Cbor.CborTestSupport;

namespace MedDeviceAgent.Firmware.Core.Tests.Cbor
{
    /// <summary>Writer behaviour: head boundaries, buffer management, argument checks, floats, pre-encoded values.</summary>
    public class CborWriterTests
    {
        [Theory]
        [InlineData(23L, "17")]
        [InlineData(24L, "1818")]
        [InlineData(255L, "18ff")]
        [InlineData(256L, "190100")]
        [InlineData(65535L, "19ffff")]
        [InlineData(65536L, "1a00010000")]
        [InlineData(4294967295L, "1affffffff")]
        [InlineData(4294967296L, "1b0000000100000000")]
        [InlineData(long.MaxValue, "1b7fffffffffffffff")]
        [InlineData(-24L, "37")]
        [InlineData(-25L, "3818")]
        [InlineData(-256L, "38ff")]
        [InlineData(-257L, "390100")]
        [InlineData(-65537L, "3a00010000")]
        [InlineData(-4294967297L, "3b0000000100000000")]
        [InlineData(long.MinValue, "3b7fffffffffffffff")]
        public void WriteInt64_HeadBoundaries_ShortestForm(long value, string hex)
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteInt64(value);
            Assert.Equal(hex, ToHex(writer.ToArray()));
            Assert.Equal(hex.Length / 2, writer.Length);
        }

        [Theory]
        [InlineData(0, "80", "a0")]
        [InlineData(23, "97", "b7")]
        [InlineData(24, "9818", "b818")]
        [InlineData(256, "990100", "b90100")]
        [InlineData(65536, "9a00010000", "ba00010000")]
        public void WriteArrayOrMapStart_CountBoundaries_ShortestForm(int count, string arrayHex, string mapHex)
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteArrayStart(count);
            Assert.Equal(arrayHex, ToHex(writer.ToArray()));
            writer.Reset();
            writer.WriteMapStart(count);
            Assert.Equal(mapHex, ToHex(writer.ToArray()));
        }

        [Theory]
        [InlineData(18L, "d2")]
        [InlineData(24L, "d818")]
        [InlineData(65537L, "da00010001")]
        [InlineData(long.MaxValue, "db7fffffffffffffff")]
        public void WriteTag_Boundaries_ShortestForm(long tag, string hex)
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteTag(tag);
            Assert.Equal(hex, ToHex(writer.ToArray()));
        }

        [Fact]
        public void WriteByteString_LongerThan255_TwoByteLengthAndContent()
        {
            byte[] data = new byte[300];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)i;
            }

            CborWriter writer = new CborWriter(1);
            writer.WriteByteString(data, 10, 280);
            byte[] output = writer.ToArray();
            Assert.Equal("590118", ToHex(output[..3]));
            Assert.Equal(data[10..290], output[3..]);
        }

        [Fact]
        public void Writer_GrowsFromZeroCapacity_KeepsEarlierBytes()
        {
            CborWriter writer = new CborWriter(0);
            Assert.Empty(writer.Buffer);
            for (int i = 0; i < 1000; i++)
            {
                writer.WriteInt64(i);
            }

            byte[] output = writer.ToArray();
            Assert.True(writer.Buffer.Length >= writer.Length);
            CborReader reader = new CborReader(output, 0, output.Length);
            for (int i = 0; i < 1000; i++)
            {
                reader.Reset(output, reader.Position, output.Length - reader.Position);
                Assert.True(reader.ReadInt64(out long value));
                Assert.Equal(i, value);
            }
        }

        [Fact]
        public void Writer_CapacityDoubles_NotGrowingPerWrite()
        {
            CborWriter writer = new CborWriter(16);
            byte[] first = writer.Buffer;
            writer.WriteByteString(new byte[10], 0, 10);
            Assert.Same(first, writer.Buffer); // 11 bytes fit
            writer.WriteByteString(new byte[10], 0, 10);
            Assert.Equal(32, writer.Buffer.Length); // 22 bytes: doubled once
            writer.WriteByteString(new byte[100], 0, 100);
            Assert.Equal(128, writer.Buffer.Length); // 123 bytes: doubled to fit
        }

        [Fact]
        public void Writer_WithinCapacity_AllocatesNothing()
        {
            byte[] payload = new byte[64];
            CborWriter writer = new CborWriter(256);
            WriteSample(writer, payload); // warm-up (JIT)
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                WriteSample(writer, payload);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        private static void WriteSample(CborWriter writer, byte[] payload)
        {
            writer.Reset();
            writer.WriteMapStart(4);
            writer.WriteInt64(1);
            writer.WriteTextString("vendor \u6c34 \ud800\udd51");
            writer.WriteInt64(2);
            writer.WriteByteString(payload, 0, payload.Length);
            writer.WriteInt64(3);
            writer.WriteDouble(1.1);
            writer.WriteInt64(-4);
            writer.WriteTag(1);
            writer.WriteUInt64(ulong.MaxValue);
        }

        [Fact]
        public void BufferCopyToAndReset_ExposeOutputWithoutCopies()
        {
            CborWriter writer = new CborWriter(8);
            writer.WriteTextString("IETF");
            Assert.Equal("6449455446", Convert.ToHexStringLower(writer.Buffer, 0, writer.Length));

            byte[] destination = new byte[8];
            writer.CopyTo(destination, 3);
            Assert.Equal("0000006449455446", ToHex(destination));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.CopyTo(destination, 4));
            Assert.Throws<ArgumentNullException>(() => writer.CopyTo(null!, 0));

            byte[] buffer = writer.Buffer;
            writer.Reset();
            Assert.Equal(0, writer.Length);
            Assert.Same(buffer, writer.Buffer);
            Assert.Equal(new byte[5], buffer[..5]); // old output cleared
            writer.WriteInt64(1);
            Assert.Equal("01", ToHex(writer.ToArray()));
        }

        [Fact]
        public void WriteEncodedValue_EmbedsPreEncodedItemAndBstrWrapsAnother()
        {
            // COSE-style: [protected bstr .cbor {1: -8}, {}, payload]
            CborWriter header = new CborWriter(8);
            header.WriteMapStart(1);
            header.WriteInt64(1);
            header.WriteInt64(-8);

            CborWriter inner = new CborWriter(8);
            inner.WriteArrayStart(2);
            inner.WriteInt64(5);
            inner.WriteInt64(6);

            CborWriter writer = new CborWriter(0);
            writer.WriteArrayStart(3);
            writer.WriteByteString(header.Buffer, 0, header.Length);
            writer.WriteMapStart(0);
            writer.WriteEncodedValue(inner.Buffer, 0, inner.Length);
            Assert.Equal("83 43a10127 a0 820506".Replace(" ", string.Empty, StringComparison.Ordinal), ToHex(writer.ToArray()));
            Assert.Equal(CborError.None, Validate(writer.ToArray()));
        }

        [Fact]
        public void Writer_InvalidArguments_Throw()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new CborWriter(-1));
            CborWriter writer = new CborWriter(4);
            byte[] data = new byte[4];
            Assert.Throws<ArgumentNullException>(() => writer.WriteByteString(null!, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteByteString(data, -1, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteByteString(data, 0, 5));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteByteString(data, 2, -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteByteString(data, int.MaxValue, 1));
            Assert.Throws<ArgumentNullException>(() => writer.WriteEncodedValue(null!, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteEncodedValue(data, 3, 2));
            Assert.Throws<ArgumentNullException>(() => writer.WriteTextString(null!));
            Assert.Throws<ArgumentException>(() => writer.WriteTextString("a\ud800"));
            Assert.Throws<ArgumentException>(() => writer.WriteTextString("\udc00a"));
            Assert.Throws<ArgumentException>(() => writer.WriteTextString("\ud800\ud800"));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteArrayStart(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteMapStart(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteTag(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteSimple(-1));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteSimple(24));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteSimple(31));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteSimple(256));
            Assert.Equal(0, writer.Length); // failed calls wrote nothing
        }

        [Theory]
        [InlineData(0, "e0")]
        [InlineData(19, "f3")]
        [InlineData(20, "f4")]
        [InlineData(23, "f7")]
        [InlineData(32, "f820")]
        [InlineData(255, "f8ff")]
        public void WriteSimple_ValidValues_Encoded(int value, string hex)
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteSimple(value);
            Assert.Equal(hex, ToHex(writer.ToArray()));
        }

        [Theory]
        [InlineData(0x7FF8000000000000L)] // quiet NaN
        [InlineData(unchecked((long)0xFFF8000000000000UL))] // .NET's double.NaN: negative quiet NaN
        [InlineData(0x7FF0000000000001L)] // signalling NaN with a payload
        [InlineData(0x7FFFFFFFFFFFFFFFL)]
        public void WriteDouble_AnyNaN_CanonicalHalf7E00(long bits)
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteDouble(BitConverter.Int64BitsToDouble(bits));
            Assert.Equal("f97e00", ToHex(writer.ToArray()));
        }

        [Theory]
        [InlineData(65504.0, "f97bff")] // largest half
        [InlineData(65505.0, "fa477fe100")] // not a half: single
        [InlineData(6.097555160522461e-05, "f903ff")] // largest half subnormal
        [InlineData(1.401298464324817e-45, "fa00000001")] // smallest single subnormal
        [InlineData(1.1754942106924411e-38, "fa007fffff")] // largest single subnormal
        [InlineData(5e-324, "fb0000000000000001")] // smallest double subnormal
        [InlineData(2.9802322387695312e-8, "fa33000000")] // 2^-25: below the half range, single
        [InlineData(0.1, "fb3fb999999999999a")]
        [InlineData(-65504.0, "f9fbff")]
        [InlineData(3.402823669209385e+38, "fb47f0000000000000")] // 2^128: beyond single, double
        public void WriteDouble_RangeEdges_ShortestExactForm(double value, string hex)
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteDouble(value);
            Assert.Equal(hex, ToHex(writer.ToArray()));

            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadDouble(out double read));
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(read));
        }
    }
}
