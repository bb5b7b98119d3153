using System;
using System.Formats.Asn1;
using System.IO;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>Encrypted private key files and public key files, including OpenSSL reading ours and us reading OpenSSL's.</summary>
    public sealed class KeyFileTests
    {
        private const string Passphrase = "key-file-passphrase";

        [Theory]
        [InlineData(CoseAlgorithm.EdDSA)]
        [InlineData(CoseAlgorithm.ES256)]
        public void EncryptedPrivateKey_RoundTrip_SameKeyAndMode0600(CoseAlgorithm algorithm)
        {
            using TempDir dir = new TempDir();
            SigningKey key = SigningKey.Generate(algorithm);
            string path = dir.File("k.pem");

            EncryptedPrivateKeyFile.Write(path, key, Passphrase);
            SigningKey read = EncryptedPrivateKeyFile.Read(path, Passphrase);

            Assert.Equal(key.PublicKey.KeyIdHex, read.PublicKey.KeyIdHex);
            Assert.StartsWith(EncryptedPrivateKeyFile.PemHeader, File.ReadAllText(path), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, FileModes.Of(path));
            Assert.Single(Directory.GetFiles(dir.Path));
        }

        [Fact]
        public void EncryptedPrivateKey_Structure_IsPbes2Pbkdf2HmacSha256Aes256Cbc()
        {
            string pem = EncryptedPrivateKeyFile.Encrypt(SigningKey.Generate(CoseAlgorithm.EdDSA), Passphrase);
            byte[] der = Convert.FromBase64String(string.Concat(pem.Split('\n')[1..^2]));

            AsnReader info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            AsnReader algorithm = info.ReadSequence();
            Assert.Equal("1.2.840.113549.1.5.13", algorithm.ReadObjectIdentifier());
            AsnReader pbes2 = algorithm.ReadSequence();
            AsnReader kdf = pbes2.ReadSequence();
            Assert.Equal("1.2.840.113549.1.5.12", kdf.ReadObjectIdentifier());
            AsnReader pbkdf2 = kdf.ReadSequence();
            Assert.Equal(16, pbkdf2.ReadOctetString().Length);
            Assert.True(pbkdf2.TryReadInt32(out int iterations));
            Assert.Equal(EncryptedPrivateKeyFile.IterationsForNewFiles, iterations);
            Assert.Equal("1.2.840.113549.2.9", pbkdf2.ReadSequence().ReadObjectIdentifier());
            AsnReader cipher = pbes2.ReadSequence();
            Assert.Equal("2.16.840.1.101.3.4.1.42", cipher.ReadObjectIdentifier());
            Assert.Equal(16, cipher.ReadOctetString().Length);
        }

        [Fact]
        public void DefaultIterations_IsHighForProduction()
        {
            Assert.True(EncryptedPrivateKeyFile.DefaultIterations >= 600_000);
        }

        [Fact]
        public void EncryptedPrivateKey_WrongPassphrase_IsWrongPassphraseError()
        {
            string pem = EncryptedPrivateKeyFile.Encrypt(SigningKey.Generate(CoseAlgorithm.EdDSA), Passphrase);

            for (int i = 0; i < 20; i++)
            {
                CompanionException e = Assert.Throws<CompanionException>(() => EncryptedPrivateKeyFile.Decrypt(pem, "wrong-" + i));
                Assert.Equal(CompanionErrorKind.WrongPassphrase, e.Kind);
                Assert.DoesNotContain(Passphrase, e.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void EncryptedPrivateKey_NotAKeyFile_IsInputError()
        {
            Assert.Equal(CompanionErrorKind.InputError, Assert.Throws<CompanionException>(() => EncryptedPrivateKeyFile.Decrypt("hello", Passphrase)).Kind);
            string publicPem = SigningKey.Generate(CoseAlgorithm.EdDSA).PublicKey.ToPem();
            Assert.Equal(CompanionErrorKind.InputError, Assert.Throws<CompanionException>(() => EncryptedPrivateKeyFile.Decrypt(publicPem, Passphrase)).Kind);
            Assert.Equal(CompanionErrorKind.InputError, Assert.Throws<CompanionException>(() => EncryptedPrivateKeyFile.Read("/nonexistent/k.pem", Passphrase)).Kind);
        }

        [Theory]
        [InlineData(CoseAlgorithm.EdDSA, "ED25519")]
        [InlineData(CoseAlgorithm.ES256, "prime256v1")]
        public void OpenSsl_ReadsOurEncryptedKeyAndPublicKey(CoseAlgorithm algorithm, string expectedText)
        {
            using TempDir dir = new TempDir();
            SigningKey key = SigningKey.Generate(algorithm);
            EncryptedPrivateKeyFile.Write(dir.File("k.pem"), key, Passphrase);
            PublicKeyFile.Write(dir.File("k.pub.pem"), key.PublicKey);

            (int code, string output, string error) = OpenSsl.Run(Passphrase, "pkey", "-in", dir.File("k.pem"), "-passin", "env:MDA_OPENSSL_PASS", "-pubout", "-out", dir.File("from-openssl.pub.pem"));
            Assert.True(code == 0, error);
            Assert.Equal(key.PublicKey.KeyIdHex, PublicKeyFile.Read(dir.File("from-openssl.pub.pem")).KeyIdHex);
            Assert.Contains(expectedText, OpenSsl.Ok("pkey", "-pubin", "-in", dir.File("k.pub.pem"), "-noout", "-text"), StringComparison.Ordinal);
            Assert.NotEqual(0, OpenSsl.Run("not-the-passphrase", "pkey", "-in", dir.File("k.pem"), "-passin", "env:MDA_OPENSSL_PASS", "-noout").ExitCode);
        }

        [Theory]
        [InlineData("ed25519")]
        [InlineData("p256")]
        public void Decrypt_OpenSslEncryptedKey_Works(string kind)
        {
            using TempDir dir = new TempDir();
            string[] generate = kind == "ed25519"
                ? new[] { "genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "env:MDA_OPENSSL_PASS", "-out", dir.File("k.pem") }
                : new[] { "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc", "-pass", "env:MDA_OPENSSL_PASS", "-out", dir.File("k.pem") };
            Assert.Equal(0, OpenSsl.Run(Passphrase, generate).ExitCode);
            OpenSsl.Run(Passphrase, "pkey", "-in", dir.File("k.pem"), "-passin", "env:MDA_OPENSSL_PASS", "-pubout", "-out", dir.File("k.pub.pem"));

            SigningKey key = EncryptedPrivateKeyFile.Read(dir.File("k.pem"), Passphrase);

            Assert.Equal(PublicKeyFile.Read(dir.File("k.pub.pem")).KeyIdHex, key.PublicKey.KeyIdHex);
        }

        [Fact]
        public void PublicKeyFile_OpenSslEcKeys_UncompressedAndCompressedPointsRead()
        {
            using TempDir dir = new TempDir();
            OpenSsl.Ok("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", dir.File("ec.pem"));
            OpenSsl.Ok("ec", "-in", dir.File("ec.pem"), "-pubout", "-out", dir.File("u.pem"));
            OpenSsl.Ok("ec", "-in", dir.File("ec.pem"), "-pubout", "-conv_form", "compressed", "-out", dir.File("c.pem"));

            PublicKeyInfo uncompressed = PublicKeyFile.Read(dir.File("u.pem"));
            PublicKeyInfo compressed = PublicKeyFile.Read(dir.File("c.pem"));

            Assert.Equal(CoseAlgorithm.ES256, uncompressed.Algorithm);
            Assert.Equal(65, uncompressed.RawKey.Length);
            Assert.Equal(uncompressed.KeyIdHex, compressed.KeyIdHex);
        }

        [Theory]
        [InlineData("rsa", "unsupported public key algorithm")]
        [InlineData("secp384r1", "P-256")]
        public void PublicKeyFile_UnsupportedKeys_AreInputErrors(string kind, string message)
        {
            using TempDir dir = new TempDir();
            if (kind == "rsa")
            {
                OpenSsl.Ok("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", dir.File("k.pem"));
            }
            else
            {
                OpenSsl.Ok("ecparam", "-name", kind, "-genkey", "-noout", "-out", dir.File("k.pem"));
            }

            OpenSsl.Ok("pkey", "-in", dir.File("k.pem"), "-pubout", "-out", dir.File("pub.pem"));

            CompanionException e = Assert.Throws<CompanionException>(() => PublicKeyFile.Read(dir.File("pub.pem")));
            Assert.Equal(CompanionErrorKind.InputError, e.Kind);
            Assert.Contains(message, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void PublicKeyFile_MissingOrNotPem_AreInputErrors()
        {
            using TempDir dir = new TempDir();
            Assert.Equal(CompanionErrorKind.InputError, Assert.Throws<CompanionException>(() => PublicKeyFile.Read(dir.File("none.pem"))).Kind);
            string garbage = dir.Write("g.pem", new byte[] { 1, 2, 3 });
            Assert.Equal(CompanionErrorKind.InputError, Assert.Throws<CompanionException>(() => PublicKeyFile.Read(garbage)).Kind);
            string truncated = dir.Write("t.pem", System.Text.Encoding.ASCII.GetBytes("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n"));
            Assert.Equal(CompanionErrorKind.InputError, Assert.Throws<CompanionException>(() => PublicKeyFile.Read(truncated)).Kind);
        }
    }
}
