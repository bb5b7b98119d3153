using System;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace MedDeviceAgent.Companion.Tests
{
    public sealed class SigningKeyTests
    {
        // RFC 8032 §7.1 TEST 1.
        private const string Rfc8032Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
        private const string Rfc8032Public = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
        private const string Rfc8032Signature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

        internal static SigningKey Ed25519FromSeed(string seedHex)
        {
            byte[] pkcs8 = Convert.FromHexString("302e020100300506032b657004220420" + seedHex);
            return SigningKey.FromPrivateKeyInfo(pkcs8);
        }

        internal static SigningKey P256FromScalar(string scalarHex)
        {
            ECPrivateKeyParameters key = new ECPrivateKeyParameters("EC", new BigInteger(scalarHex, 16), SecObjectIdentifiers.SecP256r1);
            return SigningKey.FromPrivateKeyInfo(PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded());
        }

        [Fact]
        public void Sign_Rfc8032Test1_MatchesKnownAnswer()
        {
            SigningKey key = Ed25519FromSeed(Rfc8032Seed);

            Assert.Equal(Rfc8032Public, Convert.ToHexStringLower(key.PublicKey.RawKey));
            Assert.Equal(Rfc8032Signature, Convert.ToHexStringLower(key.Sign(Array.Empty<byte>())));
        }

        [Fact]
        public void KeyId_Rfc8032PublicKey_IsFirst16BytesOfSha256()
        {
            SigningKey key = Ed25519FromSeed(Rfc8032Seed);

            // SHA-256(d75a98...511a) computed independently (Python hashlib).
            Assert.Equal("21fe31dfa154a261626bf854046fd227", key.PublicKey.KeyIdHex);
        }

        [Fact]
        public void Sign_Rfc6979P256Sample_MatchesKnownAnswer()
        {
            // RFC 6979 A.2.5, P-256, SHA-256, message "sample".
            SigningKey key = P256FromScalar("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");

            byte[] signature = key.Sign(Encoding.ASCII.GetBytes("sample"));

            Assert.Equal(
                "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
                Convert.ToHexStringLower(signature));
            Assert.Equal("0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", Convert.ToHexStringLower(key.PublicKey.RawKey));
        }

        [Theory]
        [InlineData(CoseAlgorithm.EdDSA, 32)]
        [InlineData(CoseAlgorithm.ES256, 65)]
        public void Generate_EachAlgorithm_SignsAndVerifiesWithRawKeyOfSpecSize(CoseAlgorithm algorithm, int rawSize)
        {
            SigningKey key = SigningKey.Generate(algorithm);
            byte[] message = Encoding.ASCII.GetBytes("to be signed");

            byte[] signature = key.Sign(message);

            Assert.Equal(rawSize, key.PublicKey.RawKey.Length);
            Assert.Equal(64, signature.Length);
            Assert.True(SignatureVerifier.Verify(key.PublicKey, message, signature));
            message[0] ^= 1;
            Assert.False(SignatureVerifier.Verify(key.PublicKey, message, signature));
        }

        [Fact]
        public void Generate_TwoKeys_Differ()
        {
            Assert.NotEqual(SigningKey.Generate(CoseAlgorithm.EdDSA).PublicKey.KeyIdHex, SigningKey.Generate(CoseAlgorithm.EdDSA).PublicKey.KeyIdHex);
        }

        [Fact]
        public void SignMcuBootDigest_P256_IsDerOverTheDigest()
        {
            SigningKey key = SigningKey.Generate(CoseAlgorithm.ES256);
            byte[] digest = SHA256.HashData(Encoding.ASCII.GetBytes("image"));

            byte[] der = key.SignMcuBootDigest(digest);

            Assert.Equal(0x30, der[0]);
            Assert.True(SignatureVerifier.VerifyMcuBootDigest(key.PublicKey, digest, der));
            Assert.True(SignatureVerifier.VerifyEcdsaDer(key.PublicKey, Encoding.ASCII.GetBytes("image"), der));
        }

        [Fact]
        public void SignMcuBootDigest_NotADigest_Throws()
        {
            Assert.Throws<ArgumentException>(() => SigningKey.Generate(CoseAlgorithm.EdDSA).SignMcuBootDigest(new byte[31]));
        }

        [Fact]
        public void FromPrivateKeyInfo_Garbage_IsInputError()
        {
            CompanionException e = Assert.Throws<CompanionException>(() => SigningKey.FromPrivateKeyInfo(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }));
            Assert.Equal(CompanionErrorKind.InputError, e.Kind);
        }

        [Fact]
        public void FromPrivateKeyInfo_OtherCurve_IsRejected()
        {
            ECPrivateKeyParameters key = new ECPrivateKeyParameters("EC", BigInteger.ValueOf(12345), SecObjectIdentifiers.SecP384r1);
            byte[] der = PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded();

            CompanionException e = Assert.Throws<CompanionException>(() => SigningKey.FromPrivateKeyInfo(der));
            Assert.Contains("P-256", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void KeyIdParse_BadInput_IsInvalidArgument()
        {
            Assert.Equal(CompanionErrorKind.InvalidArgument, Assert.Throws<CompanionException>(() => KeyId.Parse("abcd")).Kind);
            Assert.Equal(CompanionErrorKind.InvalidArgument, Assert.Throws<CompanionException>(() => KeyId.Parse(new string('g', 32))).Kind);
            Assert.Equal(16, KeyId.Parse(new string('A', 32)).Length);
        }

        [Fact]
        public void PublicKeyInfo_PointNotOnCurve_IsRejected()
        {
            byte[] raw = SigningKey.Generate(CoseAlgorithm.ES256).PublicKey.RawKey;
            raw[64] ^= 1;

            Assert.False(PublicKeyInfo.TryCreate(CoseAlgorithm.ES256, raw, out _));
            Assert.Throws<ArgumentException>(() => new PublicKeyInfo(CoseAlgorithm.EdDSA, new byte[31]));
            Assert.Throws<ArgumentException>(() => new PublicKeyInfo(CoseAlgorithm.None, new byte[32]));
        }
    }
}
