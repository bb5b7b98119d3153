using System;
using System.Collections.Generic;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Firmware.Core.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>The companion's signature checks against the Wycheproof vectors (every case, valid and invalid).</summary>
    public sealed class WycheproofTests
    {
        [Fact]
        public void Verify_Ed25519Vectors_AllAgree()
        {
            AssertAll("ed25519_test.json", c =>
                PublicKeyInfo.TryCreate(CoseAlgorithm.EdDSA, c.PublicKey, out PublicKeyInfo? key) && SignatureVerifier.Verify(key!, c.Message, c.Signature));
        }

        [Fact]
        public void Verify_P256P1363Vectors_AllAgree()
        {
            AssertAll("ecdsa_secp256r1_sha256_p1363_test.json", c =>
                PublicKeyInfo.TryCreate(CoseAlgorithm.ES256, c.PublicKey, out PublicKeyInfo? key) && SignatureVerifier.Verify(key!, c.Message, c.Signature));
        }

        [Fact]
        public void VerifyEcdsaDer_P256DerVectors_AllAgree()
        {
            AssertAll("ecdsa_secp256r1_sha256_test.json", c =>
                PublicKeyInfo.TryCreate(CoseAlgorithm.ES256, c.PublicKey, out PublicKeyInfo? key) && SignatureVerifier.VerifyEcdsaDer(key!, c.Message, c.Signature));
        }

        [Fact]
        public void FromSubjectPublicKeyInfo_VectorKeys_MatchRawKeys()
        {
            foreach (string file in new[] { "ed25519_test.json", "ecdsa_secp256r1_sha256_test.json" })
            {
                foreach (WycheproofCase c in WycheproofVectors.Load(file))
                {
                    Assert.Equal(Convert.ToHexStringLower(c.PublicKey), Convert.ToHexStringLower(PublicKeyFile.FromSubjectPublicKeyInfo(c.PublicKeyDer).RawKey));
                }
            }
        }

        private static void AssertAll(string file, Func<WycheproofCase, bool> verify)
        {
            IReadOnlyList<WycheproofCase> cases = WycheproofVectors.Load(file);
            Assert.NotEmpty(cases);
            List<string> wrong = new List<string>();
            foreach (WycheproofCase c in cases)
            {
                bool accepted = verify(c);
                bool expected = c.Result == "valid";
                if (c.Result != "acceptable" && accepted != expected)
                {
                    wrong.Add(c.ToString());
                }
            }

            Assert.True(wrong.Count == 0, file + ": " + string.Join("; ", wrong));
        }
    }
}
