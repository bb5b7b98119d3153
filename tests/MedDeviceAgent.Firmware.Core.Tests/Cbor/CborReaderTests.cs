using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using static MedDeviceAgent.Firmware.Core.Tests.Cbor.CborTestSupport;

namespace MedDeviceAgent.Firmware.Core.Tests.Cbor
{
    /// <summary>Reader API behaviour: positions, zero-copy slices, containers, peeking, reuse and argument checks.</summary>
    public class CborReaderTests
    {
        [Fact]
        public void Constructor_InvalidArguments_Throw()
        {
            byte[] buffer = new byte[4];
            Assert.Throws<ArgumentNullException>(() => new CborReader(null!, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(buffer, -1, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(buffer, 0, -1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(buffer, 3, 2));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(buffer, int.MaxValue, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(buffer, 0, 4, -1, 10));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(buffer, 0, 4, CborReader.MaxSupportedDepth + 1, 10));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CborReader(buffer, 0, 4, 4, -1));
            CborReader reader = new CborReader(buffer, 4, 0);
            Assert.Throws<ArgumentNullException>(() => reader.Reset(null!, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => reader.Reset(buffer, 2, 3));
            Assert.Throws<ArgumentNullException>(() => reader.ReadTextStringEquals(null!));
        }

        [Fact]
        public void Read_DocumentInsideLargerBuffer_ReportsAbsolutePositionsAndSlices()
        {
            // Garbage before and after the window must be ignored; offsets are absolute.
            byte[] buffer = Hex("ff ff ff 82 43 010203 63 616263 ff ff");
            CborReader reader = new CborReader(buffer, 3, buffer.Length - 5);
            Assert.Equal(3, reader.Position);
            Assert.True(reader.ReadArrayStart(out int count));
            Assert.Equal(2, count);
            Assert.Equal(4, reader.Position);
            Assert.True(reader.ReadByteString(out int offset, out int length));
            Assert.Equal(5, offset);
            Assert.Equal(3, length);
            Assert.True(reader.ReadTextStringBytes(out offset, out length));
            Assert.Equal(9, offset);
            Assert.Equal(3, length);
            Assert.True(reader.ReadArrayEnd());
            Assert.True(reader.ReadEnd());
            Assert.Equal(12, reader.Position);
            Assert.Equal(CborError.None, reader.Error);
        }

        [Fact]
        public void Read_WindowEndsBeforeBufferEnd_DoesNotReadPastWindow()
        {
            byte[] buffer = Hex("4201 02");
            CborReader reader = new CborReader(buffer, 0, 2);
            Assert.False(reader.ReadByteString(out _, out _));
            Assert.Equal(CborError.TooLong, reader.Error);
        }

        [Fact]
        public void PeekType_EachKind_ReportsWithoutConsuming()
        {
            byte[] document = Hex("8a 01 20 40 60 80 a0 c100 f4 f93c00 f8ff");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.Equal(CborItemType.Array, reader.PeekType());
            Assert.True(reader.ReadArrayStart(out _));
            CborItemType[] expected =
            {
                CborItemType.UnsignedInteger, CborItemType.NegativeInteger, CborItemType.ByteString,
                CborItemType.TextString, CborItemType.Array, CborItemType.Map, CborItemType.Tag,
                CborItemType.Simple, CborItemType.Float, CborItemType.Simple,
            };
            foreach (CborItemType type in expected)
            {
                int before = reader.Position;
                Assert.Equal(type, reader.PeekType());
                Assert.Equal(type, reader.PeekType());
                Assert.Equal(before, reader.Position);
                Assert.True(reader.SkipValue());
            }

            Assert.Equal(CborItemType.Invalid, reader.PeekType()); // end of the array
            Assert.True(reader.ReadArrayEnd());
            Assert.Equal(CborItemType.Invalid, reader.PeekType()); // end of the input
            Assert.True(reader.ReadEnd());
            Assert.Equal(CborError.None, reader.Error);
        }

        [Theory]
        [InlineData("1c")]
        [InlineData("ff")]
        [InlineData("5f")]
        public void PeekType_UnusableInitialByte_InvalidWithoutError(string hex)
        {
            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.Equal(CborItemType.Invalid, reader.PeekType());
            Assert.Equal(CborError.None, reader.Error);
        }

        [Fact]
        public void PeekType_AfterTag_ReportsContentType()
        {
            byte[] document = Hex("81 c1 1a514b67b0");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadTag(out long tag));
            Assert.Equal(1, tag);
            Assert.Equal(0, reader.Remaining); // the tag took the array's only slot
            Assert.Equal(CborItemType.UnsignedInteger, reader.PeekType());
            Assert.True(reader.ReadInt64(out long seconds));
            Assert.Equal(1363896240, seconds);
            Assert.True(reader.ReadArrayEnd());
            Assert.True(reader.ReadEnd());
        }

        [Fact]
        public void RemainingAndDepth_ThroughNestedContainers_TrackItems()
        {
            // {1: [2, 3]}
            byte[] document = Hex("a1 01 82 02 03");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.Equal(0, reader.Depth);
            Assert.Equal(1, reader.Remaining);
            Assert.True(reader.ReadMapStart(out int pairs));
            Assert.Equal(1, pairs);
            Assert.Equal(1, reader.Depth);
            Assert.Equal(2, reader.Remaining); // key and value
            Assert.True(reader.ReadInt64(out _));
            Assert.Equal(1, reader.Remaining);
            Assert.True(reader.ReadArrayStart(out int items));
            Assert.Equal(2, items);
            Assert.Equal(2, reader.Depth);
            Assert.Equal(2, reader.Remaining);
            Assert.True(reader.ReadInt64(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.Equal(0, reader.Remaining);
            Assert.True(reader.ReadArrayEnd());
            Assert.Equal(1, reader.Depth);
            Assert.Equal(0, reader.Remaining);
            Assert.True(reader.ReadMapEnd());
            Assert.Equal(0, reader.Depth);
            Assert.Equal(0, reader.Remaining);
            Assert.True(reader.ReadEnd());
        }

        [Fact]
        public void Read_AfterCompletedContainerWithoutEndCall_ContinuesInEnclosingContainer()
        {
            // The COSE_Sign1 shape [bstr, {-65537: bstr}, bstr, bstr], read the way callers of the skeleton read it:
            // no ReadMapEnd/ReadArrayEnd, straight on to the next item.
            byte[] document = Hex("84 41aa a1 3a00010000 41bb 41cc 41dd");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadArrayStart(out int items));
            Assert.Equal(4, items);
            Assert.True(reader.ReadByteString(out _, out _));
            Assert.True(reader.ReadMapStart(out int pairs));
            Assert.Equal(1, pairs);
            Assert.True(reader.ReadInt64(out long label));
            Assert.Equal(-65537, label);
            Assert.True(reader.ReadByteString(out _, out _));
            Assert.Equal(2, reader.Depth); // the completed map is closed lazily...
            Assert.Equal(CborItemType.ByteString, reader.PeekType()); // ...so peeking sees the array's next item
            Assert.True(reader.ReadByteString(out int offset, out _));
            Assert.Equal(document.Length - 3, offset);
            Assert.Equal(1, reader.Depth);
            Assert.True(reader.ReadByteString(out _, out _));
            Assert.Equal(CborItemType.Invalid, reader.PeekType());
            Assert.True(reader.ReadEnd());

            // With required ends the same reads fail at the map's end.
            reader = new CborReader(document, 0, document.Length, 4, 100, requireContainerEnds: true);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadByteString(out _, out _));
            Assert.True(reader.ReadMapStart(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.True(reader.ReadByteString(out _, out _));
            Assert.Equal(CborItemType.Invalid, reader.PeekType());
            Assert.False(reader.ReadByteString(out _, out _));
            Assert.Equal(CborError.EndOfContainer, reader.Error);
        }

        [Fact]
        public void SkipValue_AfterCompletedInnerContainer_SkipsEnclosingContainersNextItem()
        {
            // [[1], [2, 3], 4]: after reading [1] without an end call, SkipValue skips all of [2, 3].
            byte[] document = Hex("83 8101 820203 04");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.True(reader.SkipValue());
            Assert.Equal(1, reader.Depth);
            Assert.True(reader.ReadInt64(out long four));
            Assert.Equal(4, four);
            Assert.True(reader.ReadEnd());
        }

        [Fact]
        public void ReadEnd_CompletedContainersLeftOpen_ClosesThem()
        {
            byte[] document = Hex("81 81 01");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadInt64(out _));
            Assert.True(reader.ReadEnd());
            Assert.Equal(0, reader.Depth);
        }

        [Fact]
        public void ReadEnd_EmptyInput_Truncated()
        {
            CborReader reader = new CborReader(Array.Empty<byte>(), 0, 0);
            Assert.False(reader.ReadEnd());
            Assert.Equal(CborError.Truncated, reader.Error);
        }

        [Fact]
        public void SkipValue_InsideContainer_SkipsOneWholeItemOnly()
        {
            // [{"a": [1, {2: 3}]}, 7]
            byte[] document = Hex("82 a1 6161 82 01 a1 02 03 07");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.SkipValue());
            Assert.Equal(1, reader.Depth);
            Assert.True(reader.ReadInt64(out long seven));
            Assert.Equal(7, seven);
            Assert.True(reader.ReadArrayEnd());
            Assert.True(reader.ReadEnd());
        }

        [Fact]
        public void SkipValue_AfterReadTag_SkipsTheContent()
        {
            byte[] document = Hex("82 d818 a1 01 02 05");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadTag(out long tag));
            Assert.Equal(24, tag);
            Assert.True(reader.SkipValue());
            Assert.True(reader.ReadInt64(out long five));
            Assert.Equal(5, five);
            Assert.True(reader.ReadArrayEnd());
            Assert.True(reader.ReadEnd());
        }

        [Fact]
        public void SkipValue_EmptyContainersAndChainedTags_Accepted()
        {
            Assert.Equal(CborError.None, Validate(Hex("84 80 a0 c1c2c3 80 d9ffff 40")));
        }

        [Fact]
        public void ReadTextStringEquals_EqualDifferentAndPrefix_DistinguishedWithoutError()
        {
            // ["vendor", "vendors", "vend", "\u00fc", ""]
            byte[] document = Hex("85 6676656e646f72 6776656e646f7273 6476656e64 62c3bc 60");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadTextStringEquals("vendor"));
            Assert.False(reader.ReadTextStringEquals("vendor")); // longer
            Assert.Equal(CborError.None, reader.Error);
            Assert.False(reader.ReadTextStringEquals("vendor")); // shorter
            Assert.Equal(CborError.None, reader.Error);
            Assert.False(reader.ReadTextStringEquals("\ud800")); // a lone surrogate equals nothing
            Assert.Equal(CborError.None, reader.Error);
            Assert.True(reader.ReadTextStringEquals(string.Empty));
            Assert.True(reader.ReadArrayEnd());
            Assert.True(reader.ReadEnd());
        }

        [Theory]
        [InlineData("u", "\u00fc")]
        [InlineData("\u00fc", "\u00fd")]
        [InlineData("\u6c34", "\u6c35")]
        [InlineData("\ud800\udd51", "\ud800\udd52")]
        [InlineData("\ud800\udd51", "\ud801\udd51")]
        [InlineData("ab", "a")]
        public void ReadTextStringEquals_DifferentString_False(string expected, string actual)
        {
            CborWriter writer = new CborWriter(0);
            writer.WriteTextString(actual);
            byte[] document = writer.ToArray();
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.False(reader.ReadTextStringEquals(expected));
            Assert.Equal(CborError.None, reader.Error);
            Assert.True(reader.ReadEnd());
            reader.Reset(document, 0, document.Length);
            Assert.True(reader.ReadTextStringEquals(actual));
        }

        [Fact]
        public void ReadTextString_Empty_ReturnsEmptyString()
        {
            byte[] document = Hex("60");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadTextString(out string value));
            Assert.Equal(string.Empty, value);
        }

        [Fact]
        public void ReadBooleanNullSimple_ExpectedValues()
        {
            byte[] document = Hex("86 f4 f5 f6 f7 e0 f820");
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadArrayStart(out _));
            Assert.True(reader.ReadBoolean(out bool no));
            Assert.False(no);
            Assert.True(reader.ReadBoolean(out bool yes));
            Assert.True(yes);
            Assert.True(reader.ReadNull());
            Assert.True(reader.ReadSimple(out int undefined));
            Assert.Equal(23, undefined);
            Assert.True(reader.ReadSimple(out int zero));
            Assert.Equal(0, zero);
            Assert.True(reader.ReadSimple(out int thirtyTwo));
            Assert.Equal(32, thirtyTwo);
            Assert.True(reader.ReadArrayEnd());
            Assert.True(reader.ReadEnd());
        }

        [Theory]
        [InlineData("f7", "bool")] // undefined is not a boolean
        [InlineData("f7", "null")]
        [InlineData("f6", "bool")]
        public void ReadBooleanOrNull_OtherSimpleValue_WrongType(string hex, string read)
        {
            byte[] document = Hex(hex);
            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.False(read == "bool" ? reader.ReadBoolean(out _) : reader.ReadNull());
            Assert.Equal(CborError.WrongType, reader.Error);
        }

        [Fact]
        public void Reset_AfterError_ReadsNewInputCleanly()
        {
            byte[] bad = Hex("1c");
            CborReader reader = new CborReader(bad, 0, bad.Length, 2, 100);
            Assert.False(reader.SkipValue());
            Assert.Equal(CborError.Reserved, reader.Error);

            byte[] good = Hex("8181 01");
            reader.Reset(good, 0, good.Length);
            Assert.Equal(CborError.None, reader.Error);
            Assert.Equal(0, reader.Depth);
            Assert.Equal(1, reader.Remaining);
            Assert.True(reader.SkipValue());
            Assert.True(reader.ReadEnd());

            // The bounds survive a reset.
            byte[] deep = Hex("818181 01");
            reader.Reset(deep, 0, deep.Length);
            Assert.False(reader.SkipValue());
            Assert.Equal(CborError.TooDeep, reader.Error);
        }

        [Fact]
        public void Reader_ValidateAndTypedReads_AllocateNothingAfterConstruction()
        {
            byte[] document = CborReaderRejectionTests.BuildMixedDocument();
            CborReader reader = new CborReader(document, 0, document.Length);
            ReadAllWithoutStrings(reader, document); // warm-up (JIT)
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                ReadAllWithoutStrings(reader, document);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        private static void ReadAllWithoutStrings(CborReader reader, byte[] document)
        {
            reader.Reset(document, 0, document.Length);
            Assert.True(reader.SkipValue());
            Assert.True(reader.ReadEnd());
            reader.Reset(document, 0, document.Length);
            Assert.True(reader.ReadMapStart(out int pairs));
            for (int i = 0; i < 2 * pairs; i++)
            {
                switch (reader.PeekType())
                {
                    case CborItemType.TextString:
                        Assert.True(reader.ReadTextStringBytes(out _, out _));
                        break;
                    case CborItemType.UnsignedInteger:
                    case CborItemType.NegativeInteger:
                        Assert.True(reader.ReadInt64(out _));
                        break;
                    case CborItemType.ByteString:
                        Assert.True(reader.ReadByteString(out _, out _));
                        break;
                    case CborItemType.Float:
                        Assert.True(reader.ReadDouble(out _));
                        break;
                    case CborItemType.Simple:
                        Assert.True(reader.ReadSimple(out _));
                        break;
                    default:
                        Assert.True(reader.SkipValue());
                        break;
                }
            }

            Assert.True(reader.ReadMapEnd());
            Assert.True(reader.ReadEnd());
        }

        [Fact]
        public void ReadMapStart_IntegerKeysInManifestOrder_ReadsPairs()
        {
            // The firmware's manifest pattern: {1: 1, 2: "acme", 7: h'...', 10: 1700000000}
            CborWriter writer = new CborWriter(16);
            writer.WriteMapStart(4);
            writer.WriteInt64(1);
            writer.WriteInt64(1);
            writer.WriteInt64(2);
            writer.WriteTextString("acme");
            writer.WriteInt64(7);
            writer.WriteByteString(new byte[32], 0, 32);
            writer.WriteInt64(10);
            writer.WriteInt64(1700000000);
            byte[] document = writer.ToArray();

            CborReader reader = new CborReader(document, 0, document.Length);
            Assert.True(reader.ReadMapStart(out int pairs));
            long keySum = 0;
            for (int i = 0; i < pairs; i++)
            {
                Assert.True(reader.ReadInt64(out long key));
                keySum += key;
                switch (key)
                {
                    case 2:
                        Assert.True(reader.ReadTextStringEquals("acme"));
                        break;
                    case 7:
                        Assert.True(reader.ReadByteString(out _, out int length));
                        Assert.Equal(32, length);
                        break;
                    default:
                        Assert.True(reader.ReadInt64(out _));
                        break;
                }
            }

            Assert.Equal(20, keySum);
            Assert.True(reader.ReadMapEnd());
            Assert.True(reader.ReadEnd());
        }
    }
}
