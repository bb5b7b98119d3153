using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Cbor;
using static MedDeviceAgent.Firmware.Core.Tests.Cbor.CborTestSupport;

namespace MedDeviceAgent.Firmware.Core.Tests.Cbor
{
    /// <summary>Every <see cref="CborError"/> the reader reports, each through the skip path and the typed path.</summary>
    public class CborReaderRejectionTests
    {
        [Theory]
        [InlineData("")] // no item at all
        [InlineData("18")] // 1-byte argument missing
        [InlineData("1901")]
        [InlineData("1a010203")]
        [InlineData("1b01020304050607")]
        [InlineData("f9")] // half float missing
        [InlineData("fa000000")]
        [InlineData("fb00000000000000")]
        [InlineData("58")] // length missing
        [InlineData("821903e8")] // [1000, <end>: second item missing
        [InlineData("828101")] // [[1], <end>
        [InlineData("c1")] // tag without content
        [InlineData("d9")] // tag number missing
        public void Validate_TruncatedInput_RejectedTruncated(string hex)
        {
            AssertRejected(hex, CborError.Truncated);
        }

        [Fact]
        public void Validate_EveryTruncationOfValidDocument_Rejected()
        {
            byte[] document = BuildMixedDocument();
            Assert.Equal(CborError.None, Validate(document));
            Assert.Equal(CborError.None, Transcode(document).Error);

            var seen = new HashSet<CborError>();
            for (int cut = 0; cut < document.Length; cut++)
            {
                byte[] prefix = document.AsSpan(0, cut).ToArray();
                CborError skip = Validate(prefix);
                CborError typed = Transcode(prefix).Error;
                Assert.True(skip == CborError.Truncated || skip == CborError.TooLong, "cut " + cut + ": " + skip);
                Assert.Equal(skip, typed);
                seen.Add(skip);
            }

            // A cut inside a head reports Truncated; a cut inside a string or below a container's count, TooLong.
            Assert.Contains(CborError.Truncated, seen);
            Assert.Contains(CborError.TooLong, seen);
        }

        [Fact]
        public void Validate_TruncationInsideHeadsOnlyDocument_AlwaysTruncated()
        {
            // Integers, tags and floats only (no strings, no containers): every cut lands in or between heads.
            CborWriter writer = new CborWriter(0);
            writer.WriteTag(1);
            writer.WriteTag(100000);
            writer.WriteDouble(1.1);
            byte[] document = writer.ToArray();
            Assert.Equal(CborError.None, Validate(document));
            for (int cut = 0; cut < document.Length; cut++)
            {
                Assert.Equal(CborError.Truncated, Validate(document.AsSpan(0, cut).ToArray()));
            }
        }

        [Theory]
        [InlineData("1817")] // 23 in two bytes
        [InlineData("1800")]
        [InlineData("1900ff")] // 255 in three bytes
        [InlineData("1a0000ffff")]
        [InlineData("1b00000000ffffffff")]
        [InlineData("3817")] // -24 in two bytes
        [InlineData("3b00000000ffffffff")]
        [InlineData("5801ff")] // byte string length 1 in two bytes
        [InlineData("780161")] // text string length 1 in two bytes
        [InlineData("980101")] // array count 1 in two bytes
        [InlineData("b8010102")] // map count 1 in two bytes
        [InlineData("d80100")] // tag 1 in two bytes
        [InlineData("d9001700")] // tag 23 in three bytes
        [InlineData("fa3fc00000")] // 1.5 as single
        [InlineData("fb3ff8000000000000")] // 1.5 as double
        [InlineData("fb47efffffe0000000")] // 3.4028234663852886e38 as double (single holds it)
        [InlineData("fa33800000")] // 2^-24 as single (a half subnormal)
        [InlineData("fa00000000")] // 0.0 as single
        [InlineData("fb8000000000000000")] // -0.0 as double
        [InlineData("f97e01")] // NaN with a payload
        [InlineData("f9fe00")] // negative NaN
        [InlineData("f97c01")] // signalling NaN
        [InlineData("fa7fc00001")] // single NaN no half holds
        [InlineData("fb7ff0000000000001")] // double NaN
        public void Validate_NonMinimalEncoding_RejectedNonMinimal(string hex)
        {
            AssertRejected(hex, CborError.NonMinimal);
        }

        [Theory]
        [InlineData("1f")] // major 0, info 31
        [InlineData("3f")]
        [InlineData("5f40ff")]
        [InlineData("7f60ff")]
        [InlineData("9fff")]
        [InlineData("bfff")]
        [InlineData("df00")] // major 6, info 31
        [InlineData("ff")] // break on its own
        [InlineData("82ff01")] // break where an item must start
        public void Validate_IndefiniteOrBreak_RejectedIndefinite(string hex)
        {
            AssertRejected(hex, CborError.Indefinite);
        }

        [Fact]
        public void Validate_NestingBeyondMaxDepth_RejectedTooDeep()
        {
            // 16 nested arrays pass with the default bound, 17 do not.
            Assert.Equal(CborError.None, Validate(Nested(CborReader.DefaultMaxDepth)));
            Assert.Equal(CborError.None, Transcode(Nested(CborReader.DefaultMaxDepth)).Error);
            Assert.Equal(CborError.TooDeep, Validate(Nested(CborReader.DefaultMaxDepth + 1)));
            Assert.Equal(CborError.TooDeep, Transcode(Nested(CborReader.DefaultMaxDepth + 1)).Error);

            // Maps count too; a custom bound applies exactly.
            AssertRejected("a101a102a10304", CborError.TooDeep, maxDepth: 2);
            Assert.Equal(CborError.None, Validate(Hex("a101a102a10304"), maxDepth: 3));
            AssertRejected("80", CborError.TooDeep, maxDepth: 0);
            Assert.Equal(CborError.None, Validate(Hex("c101"), maxDepth: 0)); // tags are not nesting

            // A deep nest in a big input costs no recursion: 10,000 levels are refused at level 65 at the latest.
            Assert.Equal(CborError.TooDeep, Validate(Nested(10000), maxDepth: CborReader.MaxSupportedDepth));
        }

        [Theory]
        [InlineData("4401020304", 3)] // byte string longer than maxLength
        [InlineData("6461626364", 3)]
        [InlineData("83010203", 2)] // array count above maxLength
        [InlineData("a201020304", 1)] // map pairs above maxLength
        public void Validate_LengthBeyondMaxLength_RejectedTooLong(string hex, int maxLength)
        {
            AssertRejected(hex, CborError.TooLong, maxLength: maxLength);
            Assert.Equal(CborError.None, Validate(Hex(hex), maxLength: maxLength + 1));
        }

        [Theory]
        [InlineData("450102")] // 5 bytes declared, 2 present
        [InlineData("6361")]
        [InlineData("5bffffffffffffffff")] // 2^64-1 bytes declared
        [InlineData("5a80000000")] // above int.MaxValue
        [InlineData("8301")] // 3 items cannot fit in 1 byte
        [InlineData("9bffffffffffffffff")]
        [InlineData("a2010203")] // 2 pairs need at least 4 bytes
        [InlineData("bb7fffffffffffffff")] // pair count whose doubling nearly overflows 64 bits
        [InlineData("bb8000000000000000")] // pair count whose doubling wraps to 0
        public void Validate_LengthBeyondInput_RejectedTooLong(string hex)
        {
            AssertRejected(hex, CborError.TooLong);
        }

        [Theory]
        [InlineData("0102")]
        [InlineData("a000")]
        [InlineData("4100ff")]
        [InlineData("8101ff")] // a break after a complete item is just a trailing byte
        public void ReadEnd_BytesAfterItem_RejectedTrailingBytes(string hex)
        {
            AssertRejected(hex, CborError.TrailingBytes);
        }

        [Theory]
        [InlineData("1c")]
        [InlineData("1d")]
        [InlineData("1e")]
        [InlineData("3c")]
        [InlineData("5d")]
        [InlineData("7e")]
        [InlineData("9c")]
        [InlineData("bd")]
        [InlineData("dc")]
        [InlineData("fc")]
        [InlineData("fd")]
        [InlineData("fe")]
        [InlineData("f800")] // simple 0 in two bytes
        [InlineData("f814")] // false in two bytes
        [InlineData("f818")] // 24..31 are not simple values
        [InlineData("f81f")]
        [InlineData("8201f81f")] // inside an array
        public void Validate_ReservedEncoding_RejectedReserved(string hex)
        {
            AssertRejected(hex, CborError.Reserved);
        }

        [Theory]
        [InlineData("6180")] // lone continuation byte
        [InlineData("62c080")] // overlong NUL
        [InlineData("62c1bf")] // overlong U+007F
        [InlineData("63e08080")] // overlong, 3 bytes
        [InlineData("63e09fbf")] // overlong U+07FF
        [InlineData("64f0808080")] // overlong, 4 bytes
        [InlineData("64f08fbfbf")] // overlong U+FFFF
        [InlineData("63eda080")] // U+D800, a surrogate
        [InlineData("63edbfbf")] // U+DFFF
        [InlineData("64f4908080")] // above U+10FFFF
        [InlineData("61f5")]
        [InlineData("61ff")]
        [InlineData("61c3")] // sequence cut by the end of the string
        [InlineData("62e6b0")]
        [InlineData("63e6b041")] // bad continuation
        [InlineData("63f0908541")]
        [InlineData("a1618000")] // invalid key inside a map
        public void Validate_InvalidUtf8_RejectedInvalidUtf8(string hex)
        {
            AssertRejected(hex, CborError.InvalidUtf8);
            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            if (reader.PeekType() == CborItemType.TextString)
            {
                Assert.False(reader.ReadTextStringBytes(out _, out _));
                Assert.Equal(CborError.InvalidUtf8, reader.Error);
                reader.Reset(document, 0, document.Length);
                Assert.False(reader.ReadTextStringEquals(string.Empty));
                Assert.Equal(CborError.InvalidUtf8, reader.Error);
            }
        }

        [Theory]
        [InlineData("62c280")] // U+0080
        [InlineData("63ed9fbf")] // U+D7FF, just below the surrogates
        [InlineData("63ee8080")] // U+E000, just above
        [InlineData("63efbfbf")] // U+FFFF
        [InlineData("64f0908080")] // U+10000
        [InlineData("64f48fbfbf")] // U+10FFFF
        [InlineData("617f")]
        public void Validate_Utf8Boundaries_Accepted(string hex)
        {
            Result result = Transcode(Hex(hex));
            Assert.Equal(CborError.None, result.Error);
            Assert.Equal(hex, ToHex(result.Reencoded));
        }

        [Fact]
        public void Utf8_EveryTwoAndThreeByteSequence_AgreesWithDotNetValidator()
        {
            byte[] buffer = new byte[3];
            for (int a = 0; a < 256; a++)
            {
                for (int b = 0; b < 256; b++)
                {
                    buffer[0] = (byte)a;
                    buffer[1] = (byte)b;
                    Assert.Equal(System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(0, 2)), CborUtf8.IsValid(buffer, 0, 2));
                    if (a >= 0xE0 && a <= 0xF4)
                    {
                        for (int c = 0x70; c < 0xD0; c++)
                        {
                            buffer[2] = (byte)c;
                            Assert.Equal(System.Text.Unicode.Utf8.IsValid(buffer), CborUtf8.IsValid(buffer, 0, 3));
                        }
                    }
                }
            }
        }

        [Fact]
        public void Utf8_RandomFourByteSequences_AgreeWithDotNetValidator()
        {
            var random = new Random(8949);
            byte[] buffer = new byte[4];
            for (int i = 0; i < 200000; i++)
            {
                random.NextBytes(buffer);
                buffer[0] = (byte)(0xEE + (buffer[0] % 8)); // EE..F5: 3- and 4-byte leads and the first invalid one
                buffer[1] = (byte)(0x70 + (buffer[1] % 0x60));
                buffer[2] = (byte)(0x70 + (buffer[2] % 0x60));
                Assert.Equal(System.Text.Unicode.Utf8.IsValid(buffer), CborUtf8.IsValid(buffer, 0, 4));
            }
        }

        [Theory]
        [InlineData("40", "int")]
        [InlineData("40", "uint")]
        [InlineData("01", "negative")]
        [InlineData("60", "bytes")]
        [InlineData("40", "text")]
        [InlineData("a0", "array")]
        [InlineData("80", "map")]
        [InlineData("01", "tag")]
        [InlineData("f6", "bool")]
        [InlineData("f4", "null")]
        [InlineData("01", "double")]
        [InlineData("f93c00", "simple")]
        [InlineData("f5", "int")]
        [InlineData("c101", "int")]
        public void TypedRead_WrongMajorType_RejectedWrongType(string hex, string read)
        {
            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            bool ok = read switch
            {
                "int" => reader.ReadInt64(out _),
                "uint" => reader.ReadUInt64(out _),
                "negative" => reader.ReadNegativeIntegerArgument(out _),
                "bytes" => reader.ReadByteString(out _, out _),
                "text" => reader.ReadTextString(out _),
                "array" => reader.ReadArrayStart(out _),
                "map" => reader.ReadMapStart(out _),
                "tag" => reader.ReadTag(out _),
                "bool" => reader.ReadBoolean(out _),
                "null" => reader.ReadNull(),
                "double" => reader.ReadDouble(out _),
                "simple" => reader.ReadSimple(out _),
                _ => throw new ArgumentOutOfRangeException(nameof(read)),
            };
            Assert.False(ok);
            Assert.Equal(CborError.WrongType, reader.Error);
        }

        [Fact]
        public void ContainerEnd_WrongKindOrNoContainer_RejectedWrongType()
        {
            byte[] map = Hex("a0");
            CborReader reader = new CborReader(map, 0, map.Length);
            Assert.True(reader.ReadMapStart(out _));
            Assert.False(reader.ReadArrayEnd());
            Assert.Equal(CborError.WrongType, reader.Error);

            byte[] scalar = Hex("01");
            reader = new CborReader(scalar, 0, scalar.Length);
            Assert.True(reader.ReadInt64(out _));
            Assert.False(reader.ReadMapEnd());
            Assert.Equal(CborError.WrongType, reader.Error);
        }

        [Theory]
        [InlineData("1b8000000000000000", "int")] // 2^63
        [InlineData("3b8000000000000000", "int")] // -2^63 - 1
        [InlineData("3bffffffffffffffff", "int")] // -2^64
        [InlineData("1a80000000", "int32")] // 2^31
        [InlineData("3a80000000", "int32")] // -2^31 - 1
        [InlineData("20", "uint")] // -1 into an unsigned
        [InlineData("db8000000000000000", "tag")] // tag 2^63
        public void TypedRead_IntegerNotFitting_RejectedOverflow(string hex, string read)
        {
            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            bool ok = read switch
            {
                "int" => reader.ReadInt64(out _),
                "int32" => reader.ReadInt32(out _),
                "uint" => reader.ReadUInt64(out _),
                "tag" => reader.ReadTag(out _),
                _ => throw new ArgumentOutOfRangeException(nameof(read)),
            };
            Assert.False(ok);
            Assert.Equal(CborError.Overflow, reader.Error);
        }

        [Theory]
        [InlineData("1b7fffffffffffffff", long.MaxValue)]
        [InlineData("3b7fffffffffffffff", long.MinValue)]
        [InlineData("1a7fffffff", 2147483647L)]
        [InlineData("3a7fffffff", -2147483648L)]
        public void ReadInt64_Boundaries_Accepted(string hex, long expected)
        {
            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadInt64(out long value));
            Assert.Equal(expected, value);
            if (expected >= int.MinValue && expected <= int.MaxValue)
            {
                reader.Reset(document, 0, document.Length);
                Assert.True(reader.ReadInt32(out int narrow));
                Assert.Equal(expected, narrow);
            }
        }

        [Theory]
        [InlineData("a202010102")] // {2: 1, 1: 2}
        [InlineData("a201010102")] // {1: 1, 1: 2}: duplicate
        [InlineData("a22000181800")] // {-1: 0, 24: 0}: length-first order, not bytewise
        [InlineData("a2616200616100")] // {"b": 0, "a": 0}
        [InlineData("a262616100616200")] // {"aa": 0, "b": 0}: bytewise puts "b" (61 62) first
        [InlineData("a2616100616100")] // {"a": 0, "a": 0}
        [InlineData("a2c101000100")] // {1(1): 0, 1: 0}: the tagged key encodes as c101 > 01
        [InlineData("a282010200810100")] // {[1, 2]: 0, [1]: 0}
        [InlineData("81a3010002000100")] // [{1: 0, 2: 0, 1: 0}]: nested
        [InlineData("a2f400f400")] // {false: 0, false: 0}
        public void Validate_UnsortedOrDuplicateMapKeys_RejectedUnsortedKeys(string hex)
        {
            AssertRejected(hex, CborError.UnsortedKeys);
        }

        [Theory]
        [InlineData("a21818002000")] // {24: 0, -1: 0}
        [InlineData("a261620062616100")] // {"b": 0, "aa": 0}
        [InlineData("a20100c10100")] // {1: 0, 1(1): 0}
        [InlineData("a281010082010200")] // {[1]: 0, [1, 2]: 0}
        [InlineData("a4000001002000616100")] // {0: 0, 1: 0, -1: 0, "a": 0}
        public void Validate_BytewiseSortedMapKeys_Accepted(string hex)
        {
            Assert.Equal(CborError.None, Validate(Hex(hex)));
            Result result = Transcode(Hex(hex));
            Assert.Equal(CborError.None, result.Error);
            Assert.Equal(hex, ToHex(result.Reencoded));
        }

        [Fact]
        public void Read_PastDeclaredItems_RejectedEndOfContainer()
        {
            byte[] array = Hex("820102");
            CborReader reader = new CborReader(array, 0, array.Length);
            Assert.True(reader.ReadArrayStart(out int count));
            Assert.Equal(2, count);
            Assert.True(reader.ReadInt64(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.False(reader.ReadInt64(out _));
            Assert.Equal(CborError.EndOfContainer, reader.Error);

            // With required ends: past the end of an inner container, though the outer one still has items.
            byte[] nested = Hex("82810102");
            reader = new CborReader(nested, 0, nested.Length, CborReader.DefaultMaxDepth, CborReader.DefaultMaxLength, requireContainerEnds: true);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.Equal(CborItemType.Invalid, reader.PeekType());
            Assert.False(reader.SkipValue());
            Assert.Equal(CborError.EndOfContainer, reader.Error);

            reader.Reset(nested, 0, nested.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.False(reader.ReadInt64(out _));
            Assert.Equal(CborError.EndOfContainer, reader.Error);

            byte[] map = Hex("a10102");
            reader = new CborReader(map, 0, map.Length);
            Assert.True(reader.ReadMapStart(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.False(reader.ReadTextString(out _));
            Assert.Equal(CborError.EndOfContainer, reader.Error);

            // The document is one item: a second top-level read fails even with bytes left.
            byte[] two = Hex("0102");
            reader = new CborReader(two, 0, two.Length);
            Assert.True(reader.ReadInt64(out _));
            Assert.False(reader.ReadInt64(out _));
            Assert.Equal(CborError.EndOfContainer, reader.Error);

            byte[] empty = Hex("80");
            reader = new CborReader(empty, 0, empty.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.False(reader.ReadTag(out _));
            Assert.Equal(CborError.EndOfContainer, reader.Error);
        }

        [Fact]
        public void End_WithItemsLeft_RejectedItemsRemaining()
        {
            byte[] array = Hex("820102");
            CborReader reader = new CborReader(array, 0, array.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.False(reader.ReadArrayEnd());
            Assert.Equal(CborError.ItemsRemaining, reader.Error);

            reader.Reset(array, 0, array.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.False(reader.ReadEnd());
            Assert.Equal(CborError.ItemsRemaining, reader.Error);

            byte[] map = Hex("a10102");
            reader = new CborReader(map, 0, map.Length);
            Assert.True(reader.ReadMapStart(out _));
            Assert.True(reader.ReadInt64(out _)); // key only
            Assert.False(reader.ReadMapEnd());
            Assert.Equal(CborError.ItemsRemaining, reader.Error);

            byte[] tagged = Hex("c101");
            reader = new CborReader(tagged, 0, tagged.Length);
            Assert.True(reader.ReadTag(out _));
            Assert.False(reader.ReadEnd());
            Assert.Equal(CborError.ItemsRemaining, reader.Error);

            byte[] taggedLast = Hex("81c101");
            reader = new CborReader(taggedLast, 0, taggedLast.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadTag(out _));
            Assert.False(reader.ReadArrayEnd());
            Assert.Equal(CborError.ItemsRemaining, reader.Error);

            byte[] unread = Hex("01");
            reader = new CborReader(unread, 0, unread.Length);
            Assert.False(reader.ReadEnd());
            Assert.Equal(CborError.ItemsRemaining, reader.Error);
        }

        [Fact]
        public void Error_AfterFirstFailure_StaysAndEveryReadFails()
        {
            byte[] document = Hex("8201f5");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.False(reader.ReadTextString(out _)); // 01 is not text
            Assert.Equal(CborError.WrongType, reader.Error);
            int position = reader.Position;

            Assert.Equal(CborItemType.Invalid, reader.PeekType());
            Assert.False(reader.ReadInt64(out _));
            Assert.False(reader.ReadInt32(out _));
            Assert.False(reader.ReadUInt64(out _));
            Assert.False(reader.ReadNegativeIntegerArgument(out _));
            Assert.False(reader.ReadBoolean(out _));
            Assert.False(reader.ReadNull());
            Assert.False(reader.ReadSimple(out _));
            Assert.False(reader.ReadDouble(out _));
            Assert.False(reader.ReadByteString(out _, out _));
            Assert.False(reader.ReadTextStringBytes(out _, out _));
            Assert.False(reader.ReadTextStringEquals("x"));
            Assert.False(reader.ReadArrayStart(out _));
            Assert.False(reader.ReadMapStart(out _));
            Assert.False(reader.ReadTag(out _));
            Assert.False(reader.ReadArrayEnd());
            Assert.False(reader.ReadMapEnd());
            Assert.False(reader.SkipValue());
            Assert.False(reader.ReadEnd());
            Assert.Equal(CborError.WrongType, reader.Error);
            Assert.Equal(position, reader.Position);
        }

        /// <summary>A document mixing every major type, nesting, tags, floats and multi-byte heads.</summary>
        internal static byte[] BuildMixedDocument()
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteMapStart(6);
            writer.WriteInt64(1);
            writer.WriteInt64(1000000);
            writer.WriteInt64(2);
            writer.WriteTextString("vendor \u6c34");
            writer.WriteInt64(3);
            writer.WriteByteString(new byte[40], 0, 40);
            writer.WriteInt64(4);
            writer.WriteArrayStart(3);
            writer.WriteInt64(-500);
            writer.WriteTag(1);
            writer.WriteDouble(1.1);
            writer.WriteMapStart(1);
            writer.WriteTextString("k");
            writer.WriteNull();
            writer.WriteInt64(-1);
            writer.WriteBoolean(true);
            writer.WriteTextString("z");
            writer.WriteDouble(1.5);
            return writer.ToArray();
        }

        private static byte[] Nested(int depth)
        {
            byte[] document = new byte[depth + 1];
            for (int i = 0; i < depth; i++)
            {
                document[i] = 0x81;
            }

            document[depth] = 0x00;
            return document;
        }
    }
}
