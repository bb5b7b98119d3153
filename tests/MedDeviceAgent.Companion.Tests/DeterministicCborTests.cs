using System;
using MedDeviceAgent.Companion.Cbor;

namespace MedDeviceAgent.Companion.Tests
{
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
            Assert.Null(DeterministicCbor.Check(Convert.FromHexString(hex)));
        }

        [Theory]
        [InlineData("", "ends")]
        [InlineData("1801", "shortest")] // 1 encoded in two bytes
        [InlineData("190001", "shortest")]
        [InlineData("1a0000ffff", "shortest")]
        [InlineData("1b00000000ffffffff", "shortest")]
        [InlineData("5f4100ff", "indefinite")]
        [InlineData("9f01ff", "indefinite")]
        [InlineData("a2040301 02", "order")] // keys 4 then 1
        [InlineData("a201020103", "order")] // duplicate key 1
        [InlineData("a20a000100", "order")] // keys 10 then 1
        [InlineData("0001", "follow")]
        [InlineData("f93c00", "float")]
        [InlineData("f820", "simple")]
        [InlineData("62c328", "UTF-8")]
        [InlineData("45010203", "longer")]
        [InlineData("9a7fffffff", "longer")]
        [InlineData("bb7fffffffffffffff", "longer")]
        [InlineData("1c", "reserved")]
        [InlineData("ff", "simple")]
        public void Check_NonDeterministicOrMalformed_Rejected(string hex, string reasonPart)
        {
            string? reason = DeterministicCbor.Check(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));
            Assert.NotNull(reason);
            Assert.Contains(reasonPart, reason, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void Check_NestingBeyondBound_Rejected()
        {
            byte[] deep = new byte[DeterministicCbor.MaxDepth + 2];
            for (int i = 0; i < deep.Length - 1; i++)
            {
                deep[i] = 0x81; // [ [ [ ... 0 ] ] ]
            }

            Assert.Contains("nesting", DeterministicCbor.Check(deep), StringComparison.Ordinal);
            Assert.Null(DeterministicCbor.Check(deep.AsSpan(deep.Length - DeterministicCbor.MaxDepth - 1)));
        }

        [Fact]
        public void Check_KeysOfDifferentLengths_UseBytewiseNotLengthFirstOrder()
        {
            // RFC 8949 §4.2.1: 24 (0x1818) sorts before -1 (0x20) bytewise, although it is longer.
            Assert.Null(DeterministicCbor.Check(Convert.FromHexString("a218180020 00".Replace(" ", string.Empty, StringComparison.Ordinal))));
            Assert.NotNull(DeterministicCbor.Check(Convert.FromHexString("a22000181800")));
        }
    }
}
