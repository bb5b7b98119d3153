using System;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Firmware.Core.Crypto;
using SfcWriter = System.Formats.Cbor.CborWriter;
using SfcConformance = System.Formats.Cbor.CborConformanceMode;

namespace MedDeviceAgent.Firmware.Core.Tests.Cose
{
    /// <summary>
    /// COSE_Mac0 (RFC 9052 section 6.2) with HMAC 256/256: the core's bytes equal an independent encoding
    /// (System.Formats.Cbor, canonical mode, tag from .NET's HMACSHA256 over an independently encoded
    /// MAC_structure); every rejection; every single-byte change and every truncation is refused.
    /// </summary>
    public class CoseMac0Tests
    {
        private const int Max = 256;
        private static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        private static readonly byte[] KeyId = Encoding.ASCII.GetBytes("device-0001");
        private static readonly byte[] Payload = Encoding.ASCII.GetBytes("This is the content.");

        [Fact]
        public void Encode_ThenParseAndVerify_RoundTrips()
        {
            CoseMac0 cose = new CoseMac0(Max);
            byte[] message = Encode(cose, KeyId, Payload);

            Assert.Equal(CoseMac0Error.None, cose.Parse(message, 0, message.Length));
            Assert.Equal(CoseMac0Error.None, cose.Verify(Mac(Key)));
            Assert.Equal(KeyId, message[cose.KeyIdOffset..(cose.KeyIdOffset + cose.KeyIdLength)]);
            Assert.Equal(Payload, message[cose.PayloadOffset..(cose.PayloadOffset + cose.PayloadLength)]);
        }

        [Fact]
        public void Encode_AnyPayload_EqualsIndependentRfc9052Encoding()
        {
            CoseMac0 cose = new CoseMac0(Max);
            foreach (int length in new[] { 0, 1, 23, 24, 100, 255 - CoseMac0.MaxOverhead })
            {
                byte[] payload = new byte[length];
                new Random(length).NextBytes(payload);

                byte[] ours = Encode(cose, KeyId, payload);

                Assert.Equal(Convert.ToHexString(Independent(KeyId, payload, Key)), Convert.ToHexString(ours));
            }
        }

        [Fact]
        public void Encode_KnownInput_HasDocumentedLayout()
        {
            // d1 84 | 50 a2 01 05 04 4b "device-0001" | a0 | 54 "This is the content." | 58 20 tag
            byte[] message = Encode(new CoseMac0(Max), KeyId, Payload);

            Assert.Equal("D18450A201050" + "44B" + Convert.ToHexString(KeyId) + "A054" + Convert.ToHexString(Payload) + "5820", Convert.ToHexString(message[..(message.Length - 32)]));
            Assert.Equal(MacStructureTag(Independent(KeyId, Payload, Key)), message[^32..]);
        }

        [Fact]
        public void Verify_WrongKey_BadTag()
        {
            CoseMac0 cose = new CoseMac0(Max);
            byte[] message = Encode(cose, KeyId, Payload);
            byte[] other = (byte[])Key.Clone();
            other[0] ^= 1;

            Assert.Equal(CoseMac0Error.None, cose.Parse(message, 0, message.Length));
            Assert.Equal(CoseMac0Error.BadTag, cose.Verify(Mac(other)));
        }

        [Fact]
        public void Verify_WithoutParse_NotParsed()
        {
            CoseMac0 cose = new CoseMac0(Max);
            byte[] message = Encode(cose, KeyId, Payload);
            message[0] = 0xD2;
            Assert.NotEqual(CoseMac0Error.None, cose.Parse(message, 0, message.Length));

            Assert.Equal(CoseMac0Error.NotParsed, cose.Verify(Mac(Key)));
            Assert.Equal(CoseMac0Error.NotParsed, new CoseMac0(Max).Verify(Mac(Key)));
        }

        [Fact]
        public void Parse_EmptyOrOversized_TooLarge()
        {
            CoseMac0 cose = new CoseMac0(Max);
            Assert.Equal(CoseMac0Error.TooLarge, cose.Parse(new byte[10], 0, 0));
            Assert.Equal(CoseMac0Error.TooLarge, cose.Parse(new byte[Max + 1], 0, Max + 1));
        }

        public static TheoryData<string, string, CoseMac0Error> Shapes => new TheoryData<string, string, CoseMac0Error>
        {
            // name, hex of a whole COSE_Mac0 built by System.Formats.Cbor with a valid MAC where one exists, expected error
            { "tag 18 (COSE_Sign1)", Build(18, 4, Prot(5, KeyId), "", Payload, 32), CoseMac0Error.InvalidStructure },
            { "untagged", Build(-1, 4, Prot(5, KeyId), "", Payload, 32), CoseMac0Error.InvalidStructure },
            { "array of 3", Build(17, 3, Prot(5, KeyId), "", Payload, 32), CoseMac0Error.InvalidStructure },
            { "array of 5", Build(17, 5, Prot(5, KeyId), "", Payload, 32), CoseMac0Error.InvalidStructure },
            { "unprotected kid", Build(17, 4, Prot(5, KeyId), "kid", Payload, 32), CoseMac0Error.InvalidStructure },
            { "tag 31 bytes", Build(17, 4, Prot(5, KeyId), "", Payload, 31), CoseMac0Error.InvalidStructure },
            { "tag 33 bytes", Build(17, 4, Prot(5, KeyId), "", Payload, 33), CoseMac0Error.InvalidStructure },
            { "alg 6 (HMAC 384/384)", Build(17, 4, Prot(6, KeyId), "", Payload, 32), CoseMac0Error.UnsupportedAlgorithm },
            { "alg 4 (HMAC 256/64)", Build(17, 4, Prot(4, KeyId), "", Payload, 32), CoseMac0Error.UnsupportedAlgorithm },
            { "alg -7 (ES256)", Build(17, 4, Prot(-7, KeyId), "", Payload, 32), CoseMac0Error.UnsupportedAlgorithm },
            { "empty kid", Build(17, 4, Prot(5, Array.Empty<byte>()), "", Payload, 32), CoseMac0Error.InvalidStructure },
            { "kid 65 bytes", Build(17, 4, Prot(5, new byte[65]), "", Payload, 32), CoseMac0Error.InvalidStructure },
            { "protected without kid", Build(17, 4, ProtAlgOnly(5), "", Payload, 32), CoseMac0Error.InvalidStructure },
            { "protected with extra label", Build(17, 4, ProtExtra(5, KeyId), "", Payload, 32), CoseMac0Error.InvalidStructure },
            { "protected not a map", Build(17, 4, "8105", "", Payload, 32), CoseMac0Error.InvalidStructure },
            { "protected empty", Build(17, 4, "", "", Payload, 32), CoseMac0Error.MalformedCbor },
            { "protected non-minimal alg", Build(17, 4, "A2011805044B" + Convert.ToHexString(KeyId), "", Payload, 32), CoseMac0Error.MalformedCbor },
            { "trailing byte", Build(17, 4, Prot(5, KeyId), "", Payload, 32) + "00", CoseMac0Error.MalformedCbor },
            { "non-minimal tag head", "D811" + Build(-1, 4, Prot(5, KeyId), "", Payload, 32), CoseMac0Error.MalformedCbor },
            { "indefinite array", "D19F" + Build(-1, 4, Prot(5, KeyId), "", Payload, 32)[2..] + "FF", CoseMac0Error.MalformedCbor },
        };

        [Theory]
        [MemberData(nameof(Shapes))]
        public void Parse_WrongShape_Rejected(string name, string hex, CoseMac0Error expected)
        {
            byte[] message = Convert.FromHexString(hex);

            CoseMac0Error error = new CoseMac0(Max).Parse(message, 0, message.Length);

            Assert.True(expected == error, name + ": expected " + expected + ", got " + error);
        }

        [Fact]
        public void Parse_EveryByteChanged_NeverAuthentic()
        {
            CoseMac0 encoder = new CoseMac0(Max);
            byte[] message = Encode(encoder, KeyId, Payload);
            CoseMac0 cose = new CoseMac0(Max);
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                for (int i = 0; i < message.Length; i++)
                {
                    byte[] flipped = (byte[])message.Clone();
                    flipped[i] ^= mask;

                    CoseMac0Error error = cose.Parse(flipped, 0, flipped.Length);
                    if (error == CoseMac0Error.None)
                    {
                        error = cose.Verify(Mac(Key));
                    }

                    Assert.True(error != CoseMac0Error.None, "byte " + i + " ^ " + mask + " accepted");
                }
            }
        }

        [Fact]
        public void Parse_EveryTruncation_Rejected()
        {
            byte[] message = Encode(new CoseMac0(Max), KeyId, Payload);
            CoseMac0 cose = new CoseMac0(Max);
            for (int length = 0; length < message.Length; length++)
            {
                Assert.NotEqual(CoseMac0Error.None, cose.Parse(message, 0, length));
            }
        }

        [Fact]
        public void Parse_AtOffsetInLargerBuffer_SlicesPointIntoIt()
        {
            byte[] message = Encode(new CoseMac0(Max), KeyId, Payload);
            byte[] framed = new byte[message.Length + 10];
            Array.Copy(message, 0, framed, 4, message.Length);
            CoseMac0 cose = new CoseMac0(Max);

            Assert.Equal(CoseMac0Error.None, cose.Parse(framed, 4, message.Length));
            Assert.Equal(CoseMac0Error.None, cose.Verify(Mac(Key)));
            Assert.Equal(Payload, framed[cose.PayloadOffset..(cose.PayloadOffset + cose.PayloadLength)]);
        }

        [Fact]
        public void Encode_Misuse_Throws()
        {
            CoseMac0 cose = new CoseMac0(Max);
            Assert.Throws<ArgumentOutOfRangeException>(() => cose.Encode(KeyId, 0, 0, Payload, 0, Payload.Length, Mac(Key)));
            Assert.Throws<ArgumentOutOfRangeException>(() => cose.Encode(new byte[65], 0, 65, Payload, 0, Payload.Length, Mac(Key)));
            Assert.Throws<ArgumentOutOfRangeException>(() => cose.Encode(KeyId, 0, KeyId.Length, new byte[Max], 0, Max, Mac(Key)));
            Assert.Throws<ArgumentNullException>(() => cose.Encode(KeyId, 0, KeyId.Length, Payload, 0, Payload.Length, null!));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CoseMac0(CoseMac0.MaxOverhead - 1));
        }

        [Fact]
        public void Encode_Reused_AllocatesNothing()
        {
            CoseMac0 cose = new CoseMac0(Max);
            PortableMessageAuthenticator mac = Mac(Key);
            cose.Encode(KeyId, 0, KeyId.Length, Payload, 0, Payload.Length, mac);

            long before = GC.GetAllocatedBytesForCurrentThread();
            cose.Encode(KeyId, 0, KeyId.Length, Payload, 0, Payload.Length, mac);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
        }

        private static PortableMessageAuthenticator Mac(byte[] key)
        {
            return new PortableMessageAuthenticator(key, 0, key.Length);
        }

        private static byte[] Encode(CoseMac0 cose, byte[] kid, byte[] payload)
        {
            int length = cose.Encode(kid, 0, kid.Length, payload, 0, payload.Length, Mac(Key));
            return cose.EncodedBuffer[..length];
        }

        /// <summary>RFC 9052 by System.Formats.Cbor: tag 17, [bstr .cbor {1: 5, 4: kid}, {}, payload, HMAC(MAC_structure)].</summary>
        private static byte[] Independent(byte[] kid, byte[] payload, byte[] key)
        {
            return Convert.FromHexString(Build(17, 4, Prot(5, kid), "", payload, 32, key));
        }

        private static byte[] MacStructureTag(byte[] independent)
        {
            return independent[^32..];
        }

        private static string Prot(long alg, byte[] kid)
        {
            SfcWriter w = new SfcWriter(SfcConformance.Canonical);
            w.WriteStartMap(2);
            w.WriteInt32(1);
            w.WriteInt64(alg);
            w.WriteInt32(4);
            w.WriteByteString(kid);
            w.WriteEndMap();
            return Convert.ToHexString(w.Encode());
        }

        private static string ProtAlgOnly(long alg)
        {
            SfcWriter w = new SfcWriter(SfcConformance.Canonical);
            w.WriteStartMap(1);
            w.WriteInt32(1);
            w.WriteInt64(alg);
            w.WriteEndMap();
            return Convert.ToHexString(w.Encode());
        }

        private static string ProtExtra(long alg, byte[] kid)
        {
            SfcWriter w = new SfcWriter(SfcConformance.Canonical);
            w.WriteStartMap(3);
            w.WriteInt32(1);
            w.WriteInt64(alg);
            w.WriteInt32(4);
            w.WriteByteString(kid);
            w.WriteInt32(5);
            w.WriteByteString(new byte[12]);
            w.WriteEndMap();
            return Convert.ToHexString(w.Encode());
        }

        /// <summary>
        /// An envelope with a given tag (-1: none), array count (extra items are nulls, fewer drop the tag),
        /// protected header bytes, unprotected header ("" empty, "kid" one kid), payload and tag length; the
        /// tag is the HMAC of the MAC_structure (truncated or padded to the asked length).
        /// </summary>
        private static string Build(long tag, int count, string protectedHex, string unprotected, byte[] payload, int tagLength, byte[]? key = null)
        {
            byte[] prot = Convert.FromHexString(protectedHex);
            SfcWriter mac = new SfcWriter(SfcConformance.Canonical);
            mac.WriteStartArray(4);
            mac.WriteTextString("MAC0");
            mac.WriteByteString(prot);
            mac.WriteByteString(Array.Empty<byte>());
            mac.WriteByteString(payload);
            mac.WriteEndArray();
            byte[] full = HMACSHA256.HashData(key ?? Key, mac.Encode());
            byte[] macTag = new byte[tagLength];
            Array.Copy(full, macTag, Math.Min(32, tagLength));

            SfcWriter w = new SfcWriter(SfcConformance.Canonical);
            if (tag >= 0)
            {
                w.WriteTag((System.Formats.Cbor.CborTag)tag);
            }

            w.WriteStartArray(count);
            w.WriteByteString(prot);
            if (unprotected == "kid")
            {
                w.WriteStartMap(1);
                w.WriteInt32(4);
                w.WriteByteString(KeyId);
                w.WriteEndMap();
            }
            else
            {
                w.WriteStartMap(0);
                w.WriteEndMap();
            }

            w.WriteByteString(payload);
            if (count >= 4)
            {
                w.WriteByteString(macTag);
            }

            for (int i = 4; i < count; i++)
            {
                w.WriteNull();
            }

            w.WriteEndArray();
            return Convert.ToHexString(w.Encode());
        }
    }
}
