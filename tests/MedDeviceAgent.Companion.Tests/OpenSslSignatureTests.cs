using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>Signatures cross-checked with OpenSSL in both directions.</summary>
    public sealed class OpenSslSignatureTests
    {
        private static readonly byte[] Message = Encoding.ASCII.GetBytes("MedDeviceAgent interop message\n");

        [Fact]
        public void Ed25519_OurSignature_VerifiesWithOpenSsl()
        {
            using TempDir dir = new TempDir();
            SigningKey key = SigningKey.Generate(CoseAlgorithm.EdDSA);
            PublicKeyFile.Write(dir.File("pub.pem"), key.PublicKey);
            string message = dir.Write("msg", Message);
            string signature = dir.Write("sig", key.Sign(Message));

            OpenSsl.Ok("pkey", "-pubin", "-in", dir.File("pub.pem"), "-noout");
            Assert.Contains("Signature Verified Successfully", OpenSsl.Ok("pkeyutl", "-verify", "-pubin", "-inkey", dir.File("pub.pem"), "-rawin", "-in", message, "-sigfile", signature), StringComparison.Ordinal);
            File.WriteAllBytes(message, Encoding.ASCII.GetBytes("tampered"));
            Assert.NotEqual(0, OpenSsl.Run(null, "pkeyutl", "-verify", "-pubin", "-inkey", dir.File("pub.pem"), "-rawin", "-in", message, "-sigfile", signature).ExitCode);
        }

        [Fact]
        public void P256_OurDerSignature_VerifiesWithOpenSslDgst()
        {
            using TempDir dir = new TempDir();
            SigningKey key = SigningKey.Generate(CoseAlgorithm.ES256);
            PublicKeyFile.Write(dir.File("pub.pem"), key.PublicKey);
            string message = dir.Write("msg", Message);
            string signature = dir.Write("sig", EcdsaSignatureFormat.RawToDer(key.Sign(Message)));

            Assert.Contains("Verified OK", OpenSsl.Ok("dgst", "-sha256", "-verify", dir.File("pub.pem"), "-signature", signature, message), StringComparison.Ordinal);
        }

        [Fact]
        public void Ed25519_OpenSslKeyAndSignature_VerifyWithOurCode()
        {
            using TempDir dir = new TempDir();
            OpenSsl.Ok("genpkey", "-algorithm", "ed25519", "-out", dir.File("k.pem"));
            OpenSsl.Ok("pkey", "-in", dir.File("k.pem"), "-pubout", "-out", dir.File("pub.pem"));
            string message = dir.Write("msg", Message);
            OpenSsl.Ok("pkeyutl", "-sign", "-inkey", dir.File("k.pem"), "-rawin", "-in", message, "-out", dir.File("sig"));

            PublicKeyInfo key = PublicKeyFile.Read(dir.File("pub.pem"));
            byte[] signature = File.ReadAllBytes(dir.File("sig"));

            Assert.Equal(CoseAlgorithm.EdDSA, key.Algorithm);
            Assert.True(SignatureVerifier.Verify(key, Message, signature));
            signature[10] ^= 0x40;
            Assert.False(SignatureVerifier.Verify(key, Message, signature));
        }

        [Fact]
        public void P256_OpenSslKeyAndSignature_VerifyWithOurCode()
        {
            using TempDir dir = new TempDir();
            OpenSsl.Ok("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", dir.File("k.pem"));
            OpenSsl.Ok("ec", "-in", dir.File("k.pem"), "-pubout", "-out", dir.File("pub.pem"));
            string message = dir.Write("msg", Message);
            OpenSsl.Ok("dgst", "-sha256", "-sign", dir.File("k.pem"), "-out", dir.File("sig"), message);

            PublicKeyInfo key = PublicKeyFile.Read(dir.File("pub.pem"));
            byte[] der = File.ReadAllBytes(dir.File("sig"));

            Assert.True(SignatureVerifier.VerifyEcdsaDer(key, Message, der));
            Assert.True(SignatureVerifier.Verify(key, Message, EcdsaSignatureFormat.DerToRaw(der)!));
            Assert.True(SignatureVerifier.VerifyMcuBootDigest(key, SHA256.HashData(Message), der));
            Assert.False(SignatureVerifier.VerifyEcdsaDer(key, Encoding.ASCII.GetBytes("other"), der));
        }

        [Fact]
        public void DerToRaw_NonStrictDer_Rejected()
        {
            byte[] raw = new byte[64];
            raw[31] = 1;
            raw[63] = 2;
            byte[] der = EcdsaSignatureFormat.RawToDer(raw);
            Assert.Equal("3006020101020102", Convert.ToHexStringLower(der));
            Assert.Equal(raw, EcdsaSignatureFormat.DerToRaw(der));

            Assert.Null(EcdsaSignatureFormat.DerToRaw(Convert.FromHexString("300702020001020102"))); // non-minimal integer
            Assert.Null(EcdsaSignatureFormat.DerToRaw(Convert.FromHexString("30060201ff020102"))); // negative r
            Assert.Null(EcdsaSignatureFormat.DerToRaw(Convert.FromHexString("300602010102010200"))); // trailing byte
        }
    }
}
