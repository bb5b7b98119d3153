using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Crypto;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Security;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    public class EcdsaDerSignatureTests
    {
        [Fact]
        public void TryDecode_BouncyCastleDerOfVariedSizes_MatchesIntegers()
        {
            SecureRandom random = BouncyCastleP256.SeededRandom(10);
            List<string> failing = new List<string>();
            int[] bitLengths = { 1, 7, 8, 9, 64, 248, 255, 256 };
            foreach (int rBits in bitLengths)
            {
                foreach (int sBits in bitLengths)
                {
                    // Top bit forced, so each length (and the 0x00 pad at multiples of 8) is really hit.
                    BcBigInteger r = new BcBigInteger(rBits - 1, random).SetBit(rBits - 1);
                    BcBigInteger s = new BcBigInteger(sBits - 1, random).SetBit(sBits - 1);
                    byte[] der = new DerSequence(new DerInteger(r), new DerInteger(s)).GetEncoded();
                    byte[] raw = new byte[64];
                    if (!EcdsaDerSignature.TryDecode(der, 0, der.Length, raw, 0) || !raw.AsSpan().SequenceEqual(BouncyCastleP256.ToRaw(r, s)))
                    {
                        failing.Add(Convert.ToHexString(der));
                    }
                }
            }

            Assert.True(failing.Count == 0, "wrong decode: " + string.Join(", ", failing));
        }

        [Fact]
        public void TryDecode_SignerUtilitiesSignature_MatchesItsIntegers()
        {
            SecureRandom random = BouncyCastleP256.SeededRandom(11);
            BouncyCastleP256 key = BouncyCastleP256.Generate(random);
            byte[] der = key.SignMessageDer(new byte[] { 1, 2, 3 }, random);
            Asn1Sequence sequence = Asn1Sequence.GetInstance(der);
            byte[] expected = BouncyCastleP256.ToRaw(DerInteger.GetInstance(sequence[0]).Value, DerInteger.GetInstance(sequence[1]).Value);
            byte[] raw = new byte[64];

            Assert.True(EcdsaDerSignature.TryDecode(der, 0, der.Length, raw, 0));
            Assert.Equal(expected, raw);
        }

        [Theory]
        [InlineData("3006020101020102", "01", "02")]
        [InlineData("3006020100020100", "00", "00")]
        [InlineData("300702017F02020080", "7F", "80")]
        [InlineData("30260221008000000000000000000000000000000000000000000000000000000000000001020101",
            "8000000000000000000000000000000000000000000000000000000000000001", "01")]
        public void TryDecode_HandWrittenStrictDer_DecodesToRightAlignedScalars(string derHex, string rHex, string sHex)
        {
            byte[] der = Convert.FromHexString(derHex);
            byte[] raw = new byte[64];
            bool decoded = EcdsaDerSignature.TryDecode(der, 0, der.Length, raw, 0);

            Assert.True(decoded);
            Assert.Equal(Convert.FromHexString(rHex.PadLeft(64, '0')), raw.AsSpan(0, 32).ToArray());
            Assert.Equal(Convert.FromHexString(sHex.PadLeft(64, '0')), raw.AsSpan(32, 32).ToArray());
        }

        [Theory]
        [InlineData("", "empty")]
        [InlineData("30", "sequence without length")]
        [InlineData("3000", "empty sequence")]
        [InlineData("3106020101020101", "SET tag instead of SEQUENCE")]
        [InlineData("3006030101020101", "BIT STRING tag for r")]
        [InlineData("3006020101040101", "OCTET STRING tag for s")]
        [InlineData("3006020101050001", "NULL for s")]
        [InlineData("308106020101020101", "long-form sequence length")]
        [InlineData("30070281010102 0101", "long-form integer length")]
        [InlineData("3080020101020101 0000", "indefinite sequence length")]
        [InlineData("3007020101020101", "sequence length longer than content")]
        [InlineData("3005020101020101", "sequence length shorter than content")]
        [InlineData("300602010102010100", "trailing byte after the sequence")]
        [InlineData("3009020101020101020101", "third integer")]
        [InlineData("3003020101", "missing s")]
        [InlineData("300702020001020101", "r with redundant leading zero")]
        [InlineData("300702010102020001", "s with redundant leading zero")]
        [InlineData("30070202000002 0101", "zero with redundant leading zero")]
        [InlineData("3006020181020101", "negative r")]
        [InlineData("30060201010201FF", "negative s")]
        [InlineData("3005020002 0101", "empty integer r")]
        [InlineData("3005020101 0200", "empty integer s")]
        [InlineData("3006020501020101", "r length past the sequence")]
        [InlineData("30260221010000000000000000000000000000000000000000000000000000000000000000020101", "r = 2^256 (33 bytes, first non-zero)")]
        [InlineData("3027022200FF0000000000000000000000000000000000000000000000000000000000000000020101", "r of 34 bytes")]
        public void TryDecode_NotStrictDer_ReturnsFalseAndLeavesOutputUnchanged(string derHex, string reason)
        {
            byte[] der = Convert.FromHexString(derHex.Replace(" ", string.Empty, StringComparison.Ordinal));
            byte[] raw = new byte[64];
            Array.Fill(raw, (byte)0x5A);

            Assert.False(EcdsaDerSignature.TryDecode(der, 0, der.Length, raw, 0), reason);
            Assert.All(raw, b => Assert.Equal(0x5A, b));
        }

        [Fact]
        public void TryDecode_LengthCutsSignatureShort_ReturnsFalse()
        {
            byte[] der = Convert.FromHexString("3006020101020101");
            byte[] raw = new byte[64];
            for (int length = 0; length < der.Length; length++)
            {
                Assert.False(EcdsaDerSignature.TryDecode(der, 0, length, raw, 0), "length " + length);
            }
        }

        [Fact]
        public void TryDecode_RangesAtNonZeroOffsets_DecodesIntoPlace()
        {
            byte[] der = Convert.FromHexString("FFFF3006020101020102FF");
            byte[] raw = new byte[70];
            Array.Fill(raw, (byte)0xEE);

            Assert.True(EcdsaDerSignature.TryDecode(der, 2, 8, raw, 3));
            Assert.Equal(new byte[] { 0xEE, 0xEE, 0xEE }, raw.AsSpan(0, 3).ToArray());
            Assert.Equal(1, raw[3 + 31]);
            Assert.Equal(2, raw[3 + 63]);
            Assert.Equal(0, raw[3]);
            Assert.Equal(0, raw[3 + 32]);
            Assert.Equal(new byte[] { 0xEE, 0xEE, 0xEE }, raw.AsSpan(67, 3).ToArray());
        }

        [Fact]
        public void TryDecode_NullBuffers_ThrowArgumentNullException()
        {
            Assert.Throws<ArgumentNullException>(() => EcdsaDerSignature.TryDecode(null!, 0, 0, new byte[64], 0));
            Assert.Throws<ArgumentNullException>(() => EcdsaDerSignature.TryDecode(new byte[8], 0, 8, null!, 0));
        }

        [Theory]
        [InlineData(-1, 8, 0, 64)]
        [InlineData(1, 8, 0, 64)]
        [InlineData(0, 9, 0, 64)]
        [InlineData(0, -1, 0, 64)]
        [InlineData(0, 8, 1, 64)]
        [InlineData(0, 8, -1, 64)]
        [InlineData(0, 8, 0, 63)]
        public void TryDecode_RangeOutsideBuffer_ThrowsArgumentOutOfRangeException(int offset, int length, int rawOffset, int rawLength)
        {
            byte[] der = Convert.FromHexString("3006020101020101");
            Assert.Throws<ArgumentOutOfRangeException>(() => EcdsaDerSignature.TryDecode(der, offset, length, new byte[rawLength], rawOffset));
        }
    }
}
