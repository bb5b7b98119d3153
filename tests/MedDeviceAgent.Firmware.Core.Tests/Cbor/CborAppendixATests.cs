using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using static MedDeviceAgent.Firmware.Core.Tests.Cbor.CborTestSupport;

namespace MedDeviceAgent.Firmware.Core.Tests.Cbor
{
    /// <summary>Every example of RFC 8949 Appendix A: in-subset ones round-trip, the others are rejected with their reason.</summary>
    public class CborAppendixATests
    {
        [Theory]
        [InlineData("00", "0")]
        [InlineData("01", "1")]
        [InlineData("0a", "10")]
        [InlineData("17", "23")]
        [InlineData("1818", "24")]
        [InlineData("1819", "25")]
        [InlineData("1864", "100")]
        [InlineData("1903e8", "1000")]
        [InlineData("1a000f4240", "1000000")]
        [InlineData("1b000000e8d4a51000", "1000000000000")]
        [InlineData("1bffffffffffffffff", "18446744073709551615")]
        [InlineData("c249010000000000000000", "2(h'010000000000000000')")]
        [InlineData("3bffffffffffffffff", "-18446744073709551616")]
        [InlineData("c349010000000000000000", "3(h'010000000000000000')")]
        [InlineData("20", "-1")]
        [InlineData("29", "-10")]
        [InlineData("3863", "-100")]
        [InlineData("3903e7", "-1000")]
        [InlineData("f4", "false")]
        [InlineData("f5", "true")]
        [InlineData("f6", "null")]
        [InlineData("f7", "undefined")]
        [InlineData("f0", "simple(16)")]
        [InlineData("f8ff", "simple(255)")]
        [InlineData("c074323031332d30332d32315432303a30343a30305a", "0(\"2013-03-21T20:04:00Z\")")]
        [InlineData("c11a514b67b0", "1(1363896240)")]
        [InlineData("c1fb41d452d9ec200000", "1(1363896240.5)")]
        [InlineData("d74401020304", "23(h'01020304')")]
        [InlineData("d818456449455446", "24(h'6449455446')")]
        [InlineData("d82076687474703a2f2f7777772e6578616d706c652e636f6d", "32(\"http://www.example.com\")")]
        [InlineData("40", "h''")]
        [InlineData("4401020304", "h'01020304'")]
        [InlineData("60", "\"\"")]
        [InlineData("6161", "\"a\"")]
        [InlineData("6449455446", "\"IETF\"")]
        [InlineData("62225c", "\"\"\\\"")]
        [InlineData("62c3bc", "\"\u00fc\"")]
        [InlineData("63e6b0b4", "\"\u6c34\"")]
        [InlineData("64f0908591", "\"\ud800\udd51\"")]
        [InlineData("80", "[]")]
        [InlineData("83010203", "[1, 2, 3]")]
        [InlineData("8301820203820405", "[1, [2, 3], [4, 5]]")]
        [InlineData("98190102030405060708090a0b0c0d0e0f101112131415161718181819", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]")]
        [InlineData("a0", "{}")]
        [InlineData("a201020304", "{1: 2, 3: 4}")]
        [InlineData("a26161016162820203", "{\"a\": 1, \"b\": [2, 3]}")]
        [InlineData("826161a161626163", "[\"a\", {\"b\": \"c\"}]")]
        [InlineData("a56161614161626142616361436164614461656145", "{\"a\": \"A\", \"b\": \"B\", \"c\": \"C\", \"d\": \"D\", \"e\": \"E\"}")]
        public void Transcode_AppendixAExampleInSubset_DecodesAndReencodesExactly(string hex, string diagnostic)
        {
            byte[] document = Hex(hex);
            Result result = Transcode(document);
            Assert.Equal(CborError.None, result.Error);
            Assert.Equal(diagnostic, result.Diagnostic);
            Assert.Equal(hex, ToHex(result.Reencoded));
            Assert.Equal(CborError.None, Validate(document));
        }

        [Theory]
        [InlineData("f90000", 0.0)]
        [InlineData("f98000", -0.0)]
        [InlineData("f93c00", 1.0)]
        [InlineData("fb3ff199999999999a", 1.1)]
        [InlineData("f93e00", 1.5)]
        [InlineData("f97bff", 65504.0)]
        [InlineData("fa47c35000", 100000.0)]
        [InlineData("fa7f7fffff", 3.4028234663852886e+38)]
        [InlineData("fb7e37e43c8800759c", 1.0e+300)]
        [InlineData("f90001", 5.960464477539063e-8)]
        [InlineData("f90400", 0.00006103515625)]
        [InlineData("f9c400", -4.0)]
        [InlineData("fbc010666666666666", -4.1)]
        [InlineData("f97c00", double.PositiveInfinity)]
        [InlineData("f97e00", double.NaN)]
        [InlineData("f9fc00", double.NegativeInfinity)]
        public void ReadDouble_AppendixAFloat_MatchesValueAndWriteDoubleReproducesBytes(string hex, double expected)
        {
            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.Equal(CborItemType.Float, reader.PeekType());
            Assert.True(reader.ReadDouble(out double value));
            Assert.True(reader.ReadEnd());
            if (double.IsNaN(expected))
            {
                Assert.True(double.IsNaN(value));
            }
            else
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
            }

            CborWriter writer = new CborWriter(0);
            writer.WriteDouble(expected);
            Assert.Equal(hex, ToHex(writer.ToArray()));
        }

        [Theory]
        [InlineData("fa7f800000")] // Infinity as single: half holds it
        [InlineData("fa7fc00000")] // NaN as single
        [InlineData("faff800000")] // -Infinity as single
        [InlineData("fb7ff0000000000000")] // Infinity as double
        [InlineData("fb7ff8000000000000")] // NaN as double
        [InlineData("fbfff0000000000000")] // -Infinity as double
        public void Validate_AppendixANonShortestFloat_RejectedNonMinimal(string hex)
        {
            AssertRejected(hex, CborError.NonMinimal);
        }

        [Theory]
        [InlineData("5f42010243030405ff")] // (_ h'0102', h'030405')
        [InlineData("7f657374726561646d696e67ff")] // (_ "strea", "ming")
        [InlineData("9fff")] // [_ ]
        [InlineData("9f018202039f0405ffff")] // [_ 1, [2, 3], [_ 4, 5]]
        [InlineData("9f01820203820405ff")] // [_ 1, [2, 3], [4, 5]]
        [InlineData("83018202039f0405ff")] // [1, [2, 3], [_ 4, 5]]
        [InlineData("83019f0203ff820405")] // [1, [_ 2, 3], [4, 5]]
        [InlineData("9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff")] // [_ 1..25]
        [InlineData("bf61610161629f0203ffff")] // {_ "a": 1, "b": [_ 2, 3]}
        [InlineData("826161bf61626163ff")] // ["a", {_ "b": "c"}]
        [InlineData("bf6346756ef563416d7421ff")] // {_ "Fun": true, "Amt": -2}
        public void Validate_AppendixAIndefiniteLength_RejectedIndefinite(string hex)
        {
            AssertRejected(hex, CborError.Indefinite);
        }

        [Theory]
        [InlineData(0L, "00")]
        [InlineData(1L, "01")]
        [InlineData(10L, "0a")]
        [InlineData(23L, "17")]
        [InlineData(24L, "1818")]
        [InlineData(25L, "1819")]
        [InlineData(100L, "1864")]
        [InlineData(1000L, "1903e8")]
        [InlineData(1000000L, "1a000f4240")]
        [InlineData(1000000000000L, "1b000000e8d4a51000")]
        [InlineData(-1L, "20")]
        [InlineData(-10L, "29")]
        [InlineData(-100L, "3863")]
        [InlineData(-1000L, "3903e7")]
        public void WriteInt64_AppendixAInteger_EncodesExactlyAndReadsBack(long value, string hex)
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteInt64(value);
            Assert.Equal(hex, ToHex(writer.ToArray()));

            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadInt64(out long read));
            Assert.True(reader.ReadEnd());
            Assert.Equal(value, read);
        }

        [Fact]
        public void Integers_AppendixABeyondInt64_UseUnsignedAndNegativeArgumentApis()
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteUInt64(18446744073709551615UL);
            writer.WriteNegativeIntegerArgument(18446744073709551615UL);
            Assert.Equal("1bffffffffffffffff3bffffffffffffffff", ToHex(writer.ToArray()));

            byte[] max = Hex("1bffffffffffffffff");
            CborReader reader = new CborReader(max, 0, max.Length);
            Assert.True(reader.ReadUInt64(out ulong unsignedValue));
            Assert.Equal(ulong.MaxValue, unsignedValue);

            // -18446744073709551616 does not fit a long.
            byte[] min = Hex("3bffffffffffffffff");
            reader = new CborReader(min, 0, min.Length);
            Assert.False(reader.ReadInt64(out _));
            Assert.Equal(CborError.Overflow, reader.Error);
            reader = new CborReader(min, 0, min.Length);
            Assert.True(reader.ReadNegativeIntegerArgument(out ulong argument));
            Assert.Equal(ulong.MaxValue, argument);
        }

        [Theory]
        [InlineData(2L, "c249010000000000000000")] // 18446744073709551616
        [InlineData(3L, "c349010000000000000000")] // -18446744073709551617
        public void Bignum_AppendixATag2Or3_ReadsTagThenMagnitudeSlice(long expectedTag, string hex)
        {
            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadTag(out long tag));
            Assert.Equal(expectedTag, tag);
            Assert.True(reader.ReadByteString(out int offset, out int length));
            Assert.Equal(2, offset);
            Assert.Equal(9, length);
            Assert.Equal("010000000000000000", Convert.ToHexStringLower(document, offset, length));
            Assert.True(reader.ReadEnd());

            CborWriter writer = new CborWriter(0);
            writer.WriteTag(expectedTag);
            writer.WriteByteString(document, offset, length);
            Assert.Equal(hex, ToHex(writer.ToArray()));
        }

        [Theory]
        [InlineData("", "60")]
        [InlineData("a", "6161")]
        [InlineData("IETF", "6449455446")]
        [InlineData("\"\\", "62225c")]
        [InlineData("\u00fc", "62c3bc")]
        [InlineData("\u6c34", "63e6b0b4")]
        [InlineData("\ud800\udd51", "64f0908591")]
        [InlineData("2013-03-21T20:04:00Z", "74323031332d30332d32315432303a30343a30305a")]
        public void WriteTextString_AppendixAString_EncodesExactlyAndReadsBack(string value, string hex)
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteTextString(value);
            Assert.Equal(hex, ToHex(writer.ToArray()));

            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadTextString(out string read));
            Assert.Equal(value, read);
            reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadTextStringEquals(value));
            Assert.True(reader.ReadEnd());
        }

        [Fact]
        public void Writer_AppendixASimpleValuesAndTags_EncodeExactly()
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteBoolean(false);
            writer.WriteBoolean(true);
            writer.WriteNull();
            writer.WriteSimple(23);
            writer.WriteSimple(16);
            writer.WriteSimple(255);
            writer.WriteTag(1);
            writer.WriteInt64(1363896240);
            writer.WriteTag(1);
            writer.WriteDouble(1363896240.5);
            writer.WriteTag(23);
            writer.WriteByteString(new byte[] { 1, 2, 3, 4 }, 0, 4);
            writer.WriteTag(32);
            writer.WriteTextString("http://www.example.com");
            Assert.Equal(
                "f4f5f6f7f0f8ff" + "c11a514b67b0" + "c1fb41d452d9ec200000" + "d74401020304"
                + "d82076687474703a2f2f7777772e6578616d706c652e636f6d",
                ToHex(writer.ToArray()));
        }

        [Fact]
        public void Writer_AppendixANestedContainers_EncodeExactly()
        {
            // {"a": 1, "b": [2, 3]} then ["a", {"b": "c"}] then [1, [2, 3], [4, 5]]
            CborWriter writer = new CborWriter(0);
            writer.WriteMapStart(2);
            writer.WriteTextString("a");
            writer.WriteInt64(1);
            writer.WriteTextString("b");
            writer.WriteArrayStart(2);
            writer.WriteInt64(2);
            writer.WriteInt64(3);

            writer.WriteArrayStart(2);
            writer.WriteTextString("a");
            writer.WriteMapStart(1);
            writer.WriteTextString("b");
            writer.WriteTextString("c");

            writer.WriteArrayStart(3);
            writer.WriteInt64(1);
            writer.WriteArrayStart(2);
            writer.WriteInt64(2);
            writer.WriteInt64(3);
            writer.WriteArrayStart(2);
            writer.WriteInt64(4);
            writer.WriteInt64(5);
            Assert.Equal("a26161016162820203" + "826161a161626163" + "8301820203820405", ToHex(writer.ToArray()));
        }
    }
}
