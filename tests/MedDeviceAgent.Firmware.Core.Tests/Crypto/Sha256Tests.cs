using System;
using System.Text;
using MedDeviceAgent.Firmware.Core.Crypto;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    /// <summary>SHA-256 known answers (FIPS 180-4 examples: short, 448-bit and 896-bit messages); streaming, one million 'a' and argument checks are in ShaStreamingTests.</summary>
    public class Sha256Tests
    {
        [Theory]
        [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
        [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
        [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
        [InlineData(ShaVectors.Message896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
        public void Hash_NistVector_MatchesKnownAnswer(string message, string expectedHex)
        {
            byte[] data = Encoding.ASCII.GetBytes(message);
            Assert.Equal(expectedHex, Convert.ToHexStringLower(Sha256.Hash(data, 0, data.Length)));
        }
    }
}
