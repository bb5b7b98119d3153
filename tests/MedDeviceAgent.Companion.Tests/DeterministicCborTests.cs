using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Protocol;
using CoreManifest = MedDeviceAgent.Firmware.Core.Update.Manifest;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// The deterministic-CBOR profile the companion decodes with, which is the firmware core's
    /// <see cref="CborReader"/> (the companion's own checker is gone): one item, shortest heads,
    /// definite lengths, sorted unique keys, valid UTF-8, nothing after it.
    /// </summary>
    public sealed class DeterministicCborTests
    {
        [Theory]
        [InlineData("00")]
        [InlineData("17")]
        [InlineData("1818")]
        [InlineData("190100")]
        [InlineData("3a00010000")] // -65537
        [InlineData("a201020403")] // {1: 2, 4: 3}
        [InlineData("d28443a10126a0f640")] // 18([h'a10126', {}, null, h''])
        [InlineData("6449455446")] // "IETF"
        [InlineData("a2016161026162")] // {1: "a", 2: "b"}
        [InlineData("f4")]
        [InlineData("a23a00010000003a0001000101")] // {-65537: 0, -65538: 1}
        public void Check_DeterministicItems_Accepted(string hex)
        {
            Assert.Equal(CborError.None, Check(Convert.FromHexString(hex)));
        }

        [Theory]
        [InlineData("", CborError.Truncated)]
        [InlineData("1801", CborError.NonMinimal)] // 1 encoded in two bytes
        [InlineData("190001", CborError.NonMinimal)]
        [InlineData("1a0000ffff", CborError.NonMinimal)]
        [InlineData("1b00000000ffffffff", CborError.NonMinimal)]
        [InlineData("5f4100ff", CborError.Indefinite)]
        [InlineData("9f01ff", CborError.Indefinite)]
        [InlineData("a2040301 02", CborError.UnsortedKeys)] // keys 4 then 1
        [InlineData("a201020103", CborError.UnsortedKeys)] // duplicate key 1
        [InlineData("a20a000100", CborError.UnsortedKeys)] // keys 10 then 1
        [InlineData("0001", CborError.TrailingBytes)]
        [InlineData("62c328", CborError.InvalidUtf8)]
        [InlineData("45010203", CborError.TooLong)]
        [InlineData("9a7fffffff", CborError.TooLong)]
        [InlineData("bb7fffffffffffffff", CborError.TooLong)]
        [InlineData("1c", CborError.Reserved)]
        [InlineData("ff", CborError.Indefinite)] // a lone break code
        public void Check_NonDeterministicOrMalformed_Rejected(string hex, CborError expected)
        {
            Assert.Equal(expected, Check(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal))));
        }

        [Theory]
        [InlineData("f93c00")] // half-precision 1.0 in its shortest form
        [InlineData("f820")] // simple value 32
        public void Check_FloatOrSimpleValue_WellFormedButNoManifestFieldAcceptsIt(string hex)
        {
            // The old companion checker refused these as malformed (14) where a device reads them as
            // well-formed and refuses the field (17): the device's reading is the product's now.
            byte[] item = Convert.FromHexString(hex);
            byte[] manifest = new byte[2 + item.Length];
            manifest[0] = 0xA1; // {1: item}
            manifest[1] = 0x01;
            item.CopyTo(manifest, 2);

            Assert.Equal(CborError.None, Check(item));
            Assert.Equal(UpdateResult.InvalidManifest, new CoreManifest().Parse(manifest, 0, manifest.Length));
        }

        [Fact]
        public void Check_NestingBeyondBound_Rejected()
        {
            byte[] deep = new byte[CborReader.DefaultMaxDepth + 2];
            for (int i = 0; i < deep.Length - 1; i++)
            {
                deep[i] = 0x81; // [ [ [ ... 0 ] ] ]
            }

            Assert.Equal(CborError.TooDeep, Check(deep));
            Assert.Equal(CborError.None, Check(deep.AsSpan(deep.Length - CborReader.DefaultMaxDepth - 1).ToArray()));
        }

        [Fact]
        public void Check_KeysOfDifferentLengths_UseBytewiseNotLengthFirstOrder()
        {
            // RFC 8949 §4.2.1: 24 (0x1818) sorts before -1 (0x20) bytewise, although it is longer.
            Assert.Equal(CborError.None, Check(Convert.FromHexString("a218180020 00".Replace(" ", string.Empty, StringComparison.Ordinal))));
            Assert.Equal(CborError.UnsortedKeys, Check(Convert.FromHexString("a22000181800")));
        }

        /// <summary>The core reader's verdict on <paramref name="data"/> as one whole document.</summary>
        private static CborError Check(byte[] data)
        {
            CborReader reader = new CborReader(data, 0, data.Length);
            if (reader.SkipValue())
            {
                reader.ReadEnd();
            }

            return reader.Error;
        }
    }
}
