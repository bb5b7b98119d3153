using System;
using System.Text;
using MedDeviceAgent.Firmware.Core.Crypto;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    /// <summary>SHA-512 known answers (FIPS 180-4 examples: short, 448-bit and 896-bit messages); streaming, one million 'a' and argument checks are in ShaStreamingTests.</summary>
    public class Sha512Tests
    {
        [Theory]
        [InlineData("", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
        [InlineData("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
        [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445")]
        [InlineData(ShaVectors.Message896, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")]
        public void Hash_NistVector_MatchesKnownAnswer(string message, string expectedHex)
        {
            byte[] data = Encoding.ASCII.GetBytes(message);
            Assert.Equal(expectedHex, Convert.ToHexStringLower(Sha512.Hash(data, 0, data.Length)));
        }
    }
}
