using System;
using System.Security.Cryptography;
using MedDeviceAgent.Firmware.Core.Crypto;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    /// <summary>
    /// The portable HMAC-SHA256 against RFC 4231's test cases, against .NET's HMACSHA256 (whose
    /// ComputeHash(byte[]) call shape the device's native HMACSHA256 shares) and through the
    /// <see cref="PortableMessageAuthenticator"/> seam.
    /// </summary>
    public class HmacSha256Tests
    {
        // RFC 4231 section 4: key, data, HMAC-SHA-256 (test case 5 is truncated to 128 bits there).
        public static TheoryData<string, string, string> Rfc4231 => new TheoryData<string, string, string>
        {
            { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
            { "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
            { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", new string('d', 100), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
            { "0102030405060708090a0b0c0d0e0f10111213141516171819", string.Concat(System.Linq.Enumerable.Repeat("cd", 50)), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
            { "0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e", "a3b6167473100ee06e0c796c2955552b" },
            { new string('a', 262), "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
            { new string('a', 262), "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
        };

        [Theory]
        [MemberData(nameof(Rfc4231))]
        public void Compute_Rfc4231Vector_MatchesExpectedTag(string keyHex, string dataHex, string expectedHex)
        {
            byte[] key = Convert.FromHexString(keyHex);
            byte[] data = Convert.FromHexString(dataHex);

            byte[] tag = HmacSha256.Compute(key, data, 0, data.Length);

            Assert.Equal(expectedHex, Convert.ToHexStringLower(tag).Substring(0, expectedHex.Length));
        }

        [Theory]
        [MemberData(nameof(Rfc4231))]
        public void PortableAuthenticator_Rfc4231Vector_AgreesWithDotNetHmacAndVector(string keyHex, string dataHex, string expectedHex)
        {
            byte[] key = Convert.FromHexString(keyHex);
            byte[] data = Convert.FromHexString(dataHex);
            byte[] framed = new byte[data.Length + 7];
            Array.Copy(data, 0, framed, 3, data.Length);
            byte[] tag = new byte[40];

            new PortableMessageAuthenticator(key, 0, key.Length).ComputeTag(framed, 3, data.Length, tag, 5);
            using HMACSHA256 dotnet = new HMACSHA256(key);
            byte[] host = dotnet.ComputeHash(data);

            Assert.Equal(host, tag[5..37]);
            Assert.Equal(expectedHex, Convert.ToHexStringLower(host).Substring(0, expectedHex.Length));
        }

        [Fact]
        public void Update_EverySplitOfRandomInputs_AgreesWithDotNetHmac()
        {
            Random random = new Random(4231);
            foreach (int keyLength in new[] { 0, 1, 32, 63, 64, 65, 200 })
            {
                byte[] key = new byte[keyLength];
                random.NextBytes(key);
                HmacSha256 hmac = new HmacSha256(key, 0, key.Length);
                foreach (int length in new[] { 0, 1, 55, 56, 63, 64, 65, 127, 128, 300 })
                {
                    byte[] data = new byte[length];
                    random.NextBytes(data);
                    byte[] expected = HMACSHA256.HashData(key, data);
                    for (int split = 0; split <= length; split += Math.Max(1, length / 7))
                    {
                        hmac.Update(data, 0, split);
                        hmac.Update(data, split, length - split);
                        byte[] tag = new byte[32];
                        hmac.Finish(tag, 0);
                        Assert.Equal(expected, tag);
                    }
                }
            }
        }

        [Fact]
        public void Restart_AfterPartialInput_ForgetsIt()
        {
            byte[] key = new byte[32];
            byte[] data = { 1, 2, 3 };
            HmacSha256 hmac = new HmacSha256(key, 0, key.Length);
            hmac.Update(new byte[] { 9, 9 }, 0, 2);

            hmac.Restart();
            hmac.Update(data, 0, data.Length);
            byte[] tag = new byte[32];
            hmac.Finish(tag, 0);

            Assert.Equal(HMACSHA256.HashData(key, data), tag);
        }

        [Fact]
        public void ComputeTag_ReusedPortableAuthenticator_AllocatesNothing()
        {
            byte[] key = new byte[32];
            byte[] data = new byte[200];
            byte[] tag = new byte[32];
            PortableMessageAuthenticator mac = new PortableMessageAuthenticator(key, 0, key.Length);
            mac.ComputeTag(data, 0, data.Length, tag, 0);

            long before = GC.GetAllocatedBytesForCurrentThread();
            mac.ComputeTag(data, 0, data.Length, tag, 0);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(0, allocated);
        }

        [Fact]
        public void Constructor_BadRange_Throws()
        {
            Assert.Throws<ArgumentNullException>(() => new HmacSha256(null!, 0, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new HmacSha256(new byte[4], 2, 3));
            Assert.Throws<ArgumentOutOfRangeException>(() => new HmacSha256(new byte[4], 0, 4).Finish(new byte[31], 0));
        }
    }
}
