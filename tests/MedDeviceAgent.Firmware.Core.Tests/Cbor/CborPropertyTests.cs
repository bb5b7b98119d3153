using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Cbor;
using static MedDeviceAgent.Firmware.Core.Tests.Cbor.CborTestSupport;

namespace MedDeviceAgent.Firmware.Core.Tests.Cbor
{
    /// <summary>
    /// Sweeps and seeded random checks: floats against .NET's Half/float conversions, random documents round-trip,
    /// and mutated documents are either rejected or are exactly the deterministic encoding of what they hold.
    /// </summary>
    public class CborPropertyTests
    {
        [Fact]
        public void Half_EveryBitPattern_WidensLikeDotNetAndReaderAcceptsOnlyCanonical()
        {
            byte[] document = new byte[3];
            document[0] = 0xF9;
            CborReader reader = new CborReader(document, 0, 3);
            for (int h = 0; h < 0x10000; h++)
            {
                double expected = (double)BitConverter.UInt16BitsToHalf((ushort)h);
                long widened = CborFloat.WidenToDouble((ulong)h, CborFloat.HalfExponentBits, CborFloat.HalfFractionBits);
                document[1] = (byte)(h >> 8);
                document[2] = (byte)h;
                reader.Reset(document, 0, 3);
                bool accepted = reader.ReadDouble(out double read);
                if (double.IsNaN(expected))
                {
                    Assert.True(CborFloat.IsNaN(widened));
                    Assert.Equal(h == 0x7E00, accepted);
                    Assert.Equal(h == 0x7E00 ? CborError.None : CborError.NonMinimal, reader.Error);
                    continue;
                }

                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), widened);
                Assert.True(CborFloat.TryNarrow(widened, CborFloat.HalfExponentBits, CborFloat.HalfFractionBits, out ulong back));
                Assert.Equal((ulong)h, back);
                Assert.True(accepted);
                Assert.Equal(widened, BitConverter.DoubleToInt64Bits(read));
            }
        }

        [Fact]
        public void Single_RandomAndEdgeBitPatterns_WidenLikeDotNetAndReaderRejectsHalfSized()
        {
            var random = new Random(754);
            var patterns = new List<uint> { 0, 0x80000000, 1, 0x007FFFFF, 0x00800000, 0x7F7FFFFF, 0x7F800000, 0xFF800000, 0x7FC00000, 0x33800000, 0x33000000, 0x387FC000, 0x38800000 };
            for (int i = 0; i < 100000; i++)
            {
                patterns.Add((uint)random.NextInt64(0, 1L << 32));
            }

            // Singles that a half holds exactly, so that the rejection path is well exercised.
            for (int h = 0; h < 0x10000; h += 7)
            {
                float f = (float)BitConverter.UInt16BitsToHalf((ushort)h);
                patterns.Add(BitConverter.SingleToUInt32Bits(f));
            }

            byte[] document = new byte[5];
            document[0] = 0xFA;
            CborReader reader = new CborReader(document, 0, 5);
            foreach (uint s in patterns)
            {
                float single = BitConverter.UInt32BitsToSingle(s);
                long widened = CborFloat.WidenToDouble(s, CborFloat.SingleExponentBits, CborFloat.SingleFractionBits);
                for (int i = 0; i < 4; i++)
                {
                    document[1 + i] = (byte)(s >> (24 - (8 * i)));
                }

                reader.Reset(document, 0, 5);
                bool accepted = reader.ReadDouble(out double read);
                if (float.IsNaN(single))
                {
                    Assert.True(CborFloat.IsNaN(widened));
                    Assert.False(accepted);
                    Assert.Equal(CborError.NonMinimal, reader.Error);
                    continue;
                }

                Assert.Equal(BitConverter.DoubleToInt64Bits(single), widened);
                Assert.True(CborFloat.TryNarrow(widened, CborFloat.SingleExponentBits, CborFloat.SingleFractionBits, out ulong back));
                Assert.Equal(s, (uint)back);
                bool halfHoldsIt = BitConverter.SingleToUInt32Bits((float)(Half)single) == s;
                Assert.Equal(!halfHoldsIt, accepted);
                if (accepted)
                {
                    Assert.Equal(widened, BitConverter.DoubleToInt64Bits(read));
                }
                else
                {
                    Assert.Equal(CborError.NonMinimal, reader.Error);
                }
            }
        }

        [Fact]
        public void WriteDouble_RandomValues_ShortestExactWidthAndReadsBackBitExact()
        {
            var random = new Random(8949);
            CborWriter writer = new CborWriter(16);
            int[] widths = new int[10];
            for (int i = 0; i < 100000; i++)
            {
                double value = (i % 4) switch
                {
                    0 => BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue)),
                    1 => (double)BitConverter.UInt16BitsToHalf((ushort)random.Next(0x10000)),
                    2 => (double)BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue)),
                    _ => random.Next(-1000000, 1000000) / (double)(1 << random.Next(0, 40)),
                };
                if (double.IsNaN(value))
                {
                    continue;
                }

                long bits = BitConverter.DoubleToInt64Bits(value);
                int expectedLength =
                    BitConverter.DoubleToInt64Bits((double)(Half)value) == bits ? 3 :
                    BitConverter.DoubleToInt64Bits((double)(float)value) == bits ? 5 : 9;
                writer.Reset();
                writer.WriteDouble(value);
                Assert.Equal(expectedLength, writer.Length);
                widths[expectedLength]++;

                CborReader reader = new CborReader(writer.Buffer, 0, writer.Length);
                Assert.True(reader.ReadDouble(out double read));
                Assert.True(reader.ReadEnd());
                Assert.Equal(bits, BitConverter.DoubleToInt64Bits(read));
            }

            Assert.True(widths[3] > 1000 && widths[5] > 1000 && widths[9] > 1000);
        }

        [Fact]
        public void TextStrings_CodePointsAcrossAllPlanes_EncodeAndDecodeLikeDotNet()
        {
            var text = new System.Text.StringBuilder();
            for (int cp = 0; cp <= 0x10FFFF; cp += cp < 0x1000 ? 1 : 13)
            {
                if (cp < 0xD800 || cp > 0xDFFF)
                {
                    text.Append(char.ConvertFromUtf32(cp));
                }
            }

            string value = text.ToString();
            byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(value);
            Assert.Equal(utf8.Length, CborUtf8.GetByteCount(value));
            Assert.True(CborUtf8.IsValid(utf8, 0, utf8.Length));
            Assert.Equal(value, CborUtf8.Decode(utf8, 0, utf8.Length));
            Assert.True(CborUtf8.EqualsString(utf8, 0, utf8.Length, value));

            CborWriter writer = new CborWriter(0);
            writer.WriteTextString(value);
            CborReader reader = new CborReader(writer.Buffer, 0, writer.Length);
            Assert.True(reader.ReadTextStringBytes(out int offset, out int length));
            Assert.Equal(utf8, writer.Buffer[offset..(offset + length)]);
            reader.Reset(writer.Buffer, 0, writer.Length);
            Assert.True(reader.ReadTextString(out string read));
            Assert.Equal(value, read);
        }

        [Fact]
        public void RandomDocuments_WrittenWithSortedKeys_ValidateAndRoundTripExactly()
        {
            var random = new Random(42);
            for (int i = 0; i < 2000; i++)
            {
                CborWriter writer = new CborWriter(0);
                WriteRandomItem(writer, random, depth: 0);
                byte[] document = writer.ToArray();
                Assert.Equal(CborError.None, Validate(document));
                Result result = Transcode(document);
                Assert.Equal(CborError.None, result.Error);
                Assert.Equal(document, result.Reencoded);
            }
        }

        [Fact]
        public void MutatedDocuments_NeverThrow_AndAcceptedOnesAreTheirOwnDeterministicEncoding()
        {
            var random = new Random(7049);
            var errors = new HashSet<CborError>();
            int accepted = 0;
            for (int i = 0; i < 20000; i++)
            {
                CborWriter writer = new CborWriter(0);
                WriteRandomItem(writer, random, depth: 0);
                byte[] document = Mutate(writer.ToArray(), random);

                CborError skip = Validate(document);
                Result typed = Transcode(document);
                if (typed.Error == CborError.Overflow)
                {
                    // A tag number above long.MaxValue is well-formed (SkipValue passes it) but ReadTag cannot return it.
                    continue;
                }

                Assert.Equal(skip, typed.Error);
                errors.Add(skip);
                if (skip == CborError.None)
                {
                    accepted++;
                    Assert.Equal(document, typed.Reencoded);
                }
            }

            // The mutations reach the interesting rejections, and some mutants remain valid.
            Assert.True(accepted > 100);
            foreach (CborError expected in new[] { CborError.Truncated, CborError.NonMinimal, CborError.TooLong, CborError.TrailingBytes, CborError.Reserved, CborError.InvalidUtf8, CborError.UnsortedKeys, CborError.Indefinite })
            {
                Assert.Contains(expected, errors);
            }
        }

        private static byte[] Mutate(byte[] document, Random random)
        {
            var bytes = new List<byte>(document);
            int edits = 1 + random.Next(3);
            for (int e = 0; e < edits; e++)
            {
                int kind = random.Next(4);
                if (bytes.Count == 0 || kind == 0)
                {
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                }
                else if (kind == 1)
                {
                    bytes.RemoveAt(random.Next(bytes.Count));
                }
                else if (kind == 2)
                {
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                }
                else
                {
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                }
            }

            return bytes.ToArray();
        }

        /// <summary>Writes a random deterministic item (test code: recursion is fine here).</summary>
        private static void WriteRandomItem(CborWriter writer, Random random, int depth)
        {
            int kind = random.Next(depth >= 4 ? 8 : 10);
            switch (kind)
            {
                case 0:
                    writer.WriteInt64(RandomInteger(random));
                    break;
                case 1:
                    writer.WriteUInt64((ulong)random.NextInt64() << random.Next(2));
                    break;
                case 2:
                    {
                        byte[] data = new byte[random.Next(0, random.Next(2) == 0 ? 5 : 300)];
                        random.NextBytes(data);
                        writer.WriteByteString(data, 0, data.Length);
                        break;
                    }

                case 3:
                    writer.WriteTextString(RandomText(random));
                    break;
                case 4:
                    writer.WriteDouble(random.Next(4) == 0 ? random.Next(-70000, 70000) / 4.0 : random.NextDouble() * 1e10);
                    break;
                case 5:
                    {
                        int simple = random.Next(0, 200);
                        writer.WriteSimple(simple < 24 ? simple : simple + 32);
                        break;
                    }

                case 6:
                    writer.WriteTag(random.Next(3) == 0 ? random.NextInt64() : random.Next(0, 300));
                    WriteRandomItem(writer, random, depth + 1);
                    break;
                case 7:
                    writer.WriteNull();
                    break;
                case 8:
                    {
                        int count = random.Next(0, 6);
                        writer.WriteArrayStart(count);
                        for (int i = 0; i < count; i++)
                        {
                            WriteRandomItem(writer, random, depth + 1);
                        }

                        break;
                    }

                default:
                    WriteRandomMap(writer, random, depth);
                    break;
            }
        }

        private static void WriteRandomMap(CborWriter writer, Random random, int depth)
        {
            // Keys: integers and short texts, encoded apart, sorted bytewise, duplicates dropped.
            var keys = new List<byte[]>();
            int wanted = random.Next(0, 7);
            for (int i = 0; i < wanted; i++)
            {
                CborWriter key = new CborWriter(8);
                if (random.Next(2) == 0)
                {
                    key.WriteInt64(random.Next(-30, 300));
                }
                else
                {
                    key.WriteTextString(RandomText(random));
                }

                keys.Add(key.ToArray());
            }

            keys.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
            var unique = new List<byte[]>();
            foreach (byte[] key in keys)
            {
                if (unique.Count == 0 || !unique[^1].AsSpan().SequenceEqual(key))
                {
                    unique.Add(key);
                }
            }

            writer.WriteMapStart(unique.Count);
            foreach (byte[] key in unique)
            {
                writer.WriteEncodedValue(key, 0, key.Length);
                WriteRandomItem(writer, random, depth + 1);
            }
        }

        private static long RandomInteger(Random random)
        {
            long magnitude = random.Next(5) switch
            {
                0 => random.Next(0, 24),
                1 => random.Next(0, 256),
                2 => random.Next(0, 65536),
                3 => random.NextInt64(0, 1L << 32),
                _ => random.NextInt64(),
            };
            return random.Next(2) == 0 ? magnitude : -1 - magnitude;
        }

        private static string RandomText(Random random)
        {
            string[] pieces = { "a", "b", "z", "\u00fc", "\u6c34", "\ud800\udd51", "IETF", " " };
            int count = random.Next(0, 4);
            string text = string.Empty;
            for (int i = 0; i < count; i++)
            {
                text += pieces[random.Next(pieces.Length)];
            }

            return text;
        }
    }
}
