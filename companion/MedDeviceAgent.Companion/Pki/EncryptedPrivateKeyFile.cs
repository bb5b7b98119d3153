using System;
using System.Formats.Asn1;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Companion.IO;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// Private keys at rest: PKCS#8 EncryptedPrivateKeyInfo PEM ("-----BEGIN ENCRYPTED PRIVATE
    /// KEY-----", RFC 5958) with PBES2 (RFC 8018): PBKDF2-HMAC-SHA256 with a 16-byte random salt,
    /// then AES-256-CBC with a random IV. OpenSSL reads these files ('openssl pkey -in FILE').
    /// Files are written atomically with mode 0600.
    /// </summary>
    /// <remarks>
    /// New keys use <see cref="DefaultIterations"/> PBKDF2 iterations (about a quarter of a second
    /// per unlock on a desktop). Reading accepts 1..<see cref="MaxIterations"/> so a hostile file
    /// cannot stall the tool. The passphrase is used as its UTF-8 bytes, as OpenSSL does.
    /// </remarks>
    public static class EncryptedPrivateKeyFile
    {
        /// <summary>PBKDF2 iterations for new key files (OWASP 2023 guidance for PBKDF2-HMAC-SHA256).</summary>
        public const int DefaultIterations = 600_000;

        /// <summary>Largest iteration count a key file may name.</summary>
        public const int MaxIterations = 10_000_000;

        /// <summary>The PEM label of an encrypted PKCS#8 key.</summary>
        public const string PemLabel = "ENCRYPTED PRIVATE KEY";

        /// <summary>The first line of a key file.</summary>
        public const string PemHeader = "-----BEGIN " + PemLabel + "-----";
        private const string Pbes2Oid = "1.2.840.113549.1.5.13";
        private const string Pbkdf2Oid = "1.2.840.113549.1.5.12";
        private const string HmacSha256Oid = "1.2.840.113549.2.9";
        private const string Aes256CbcOid = "2.16.840.1.101.3.4.1.42";
        private const int SaltSize = 16;
        private const int AesKeySize = 32;
        private const int AesBlockSize = 16;

        /// <summary>Iterations used for new files. Test hook only: tests lower it to stay fast.</summary>
        internal static int IterationsForNewFiles { get; set; } = DefaultIterations;

        /// <summary>Encrypts <paramref name="key"/> under <paramref name="passphrase"/> and returns the PEM text.</summary>
        public static string Encrypt(SigningKey key, string passphrase)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(passphrase);
            byte[] plaintext = key.ExportPrivateKeyInfo();
            return Seal(plaintext, passphrase, PemLabel);
        }

        /// <summary>
        /// Encrypts <paramref name="plaintext"/> with the same PBES2 scheme as a key file and returns PEM
        /// text labelled <paramref name="label"/>. Zeroes <paramref name="plaintext"/> afterwards.
        /// </summary>
        internal static string Seal(byte[] plaintext, string passphrase, string label)
        {
            ArgumentNullException.ThrowIfNull(plaintext);
            ArgumentNullException.ThrowIfNull(passphrase);
            byte[] salt = RandomNumberGenerator.GetBytes(SaltSize);
            byte[] iv = RandomNumberGenerator.GetBytes(AesBlockSize);
            int iterations = IterationsForNewFiles;
            byte[] aesKey = DeriveKey(passphrase, salt, iterations);
            byte[] ciphertext;
            try
            {
                using (Aes aes = Aes.Create())
                {
                    aes.Key = aesKey;
                    ciphertext = aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
                CryptographicOperations.ZeroMemory(aesKey);
            }

            AsnWriter writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Pbes2Oid);
                    using (writer.PushSequence())
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(Pbkdf2Oid);
                            using (writer.PushSequence())
                            {
                                writer.WriteOctetString(salt);
                                writer.WriteInteger(iterations);
                                using (writer.PushSequence())
                                {
                                    writer.WriteObjectIdentifier(HmacSha256Oid);
                                    writer.WriteNull();
                                }
                            }
                        }

                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(Aes256CbcOid);
                            writer.WriteOctetString(iv);
                        }
                    }
                }

                writer.WriteOctetString(ciphertext);
            }

            return PemEncoding.WriteString(label, writer.Encode()) + "\n";
        }

        /// <summary>Decrypts PEM text made by <see cref="Encrypt"/> (or by OpenSSL with the same scheme).</summary>
        /// <exception cref="CompanionException">Kind WrongPassphrase when the passphrase does not decrypt
        /// the key; kind InputError when the file is not an encrypted key in the supported scheme.</exception>
        public static SigningKey Decrypt(string pemText, string passphrase)
        {
            byte[] plaintext = Unseal(pemText, passphrase, PemLabel);
            try
            {
                return SigningKey.FromPrivateKeyInfo(plaintext);
            }
            catch (CompanionException e) when (e.Kind == CompanionErrorKind.InputError)
            {
                // Padding happened to check out under a wrong key but the content is not a key.
                throw new CompanionException(CompanionErrorKind.WrongPassphrase, "wrong passphrase (or corrupted key file)", e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }

        /// <summary>
        /// Decrypts PEM text labelled <paramref name="label"/> made by <see cref="Seal"/>; the caller
        /// zeroes the returned plaintext after use.
        /// </summary>
        /// <exception cref="CompanionException">WrongPassphrase when the padding does not check out; InputError
        /// when the text holds no such block or the structure is not the supported scheme.</exception>
        internal static byte[] Unseal(string pemText, string passphrase, string label)
        {
            ArgumentNullException.ThrowIfNull(pemText);
            ArgumentNullException.ThrowIfNull(passphrase);
            if (!PemEncoding.TryFind(pemText, out PemFields fields) || !pemText.AsSpan()[fields.Label].SequenceEqual(label))
            {
                throw new CompanionException(CompanionErrorKind.InputError, "no '-----BEGIN " + label + "-----' block found");
            }

            byte[] der = Convert.FromBase64String(pemText[fields.Base64Data]);
            Pbes2Parameters parameters;
            byte[] ciphertext;
            try
            {
                parameters = ReadStructure(der, out ciphertext);
            }
            catch (AsnContentException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "malformed encrypted private key: " + e.Message, e);
            }

            byte[] aesKey = DeriveKey(passphrase, parameters.Salt, parameters.Iterations);
            try
            {
                using (Aes aes = Aes.Create())
                {
                    aes.Key = aesKey;
                    return aes.DecryptCbc(ciphertext, parameters.Iv, PaddingMode.PKCS7);
                }
            }
            catch (CryptographicException e)
            {
                throw new CompanionException(CompanionErrorKind.WrongPassphrase, "wrong passphrase", e);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(aesKey);
            }
        }

        /// <summary>Encrypts and writes <paramref name="key"/> to <paramref name="path"/> atomically, mode 0600.</summary>
        public static void Write(string path, SigningKey key, string passphrase)
        {
            AtomicFile.WriteAllBytes(path, Encoding.ASCII.GetBytes(Encrypt(key, passphrase)), AtomicFile.PrivateFileMode);
        }

        /// <summary>Reads and decrypts a key file.</summary>
        /// <exception cref="CompanionException">InputError (missing, unreadable, malformed) or WrongPassphrase.</exception>
        public static SigningKey Read(string path, string passphrase)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (IOException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read key file '" + path + "': " + e.Message, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read key file '" + path + "': " + e.Message, e);
            }

            try
            {
                return Decrypt(text, passphrase);
            }
            catch (CompanionException e)
            {
                throw new CompanionException(e.Kind, "key file '" + path + "': " + e.Message, e);
            }
        }

        private static byte[] DeriveKey(string passphrase, byte[] salt, int iterations)
        {
            byte[] password = Encoding.UTF8.GetBytes(passphrase);
            try
            {
                return Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, AesKeySize);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(password);
            }
        }

        private static Pbes2Parameters ReadStructure(byte[] der, out byte[] ciphertext)
        {
            AsnReader outer = new AsnReader(der, AsnEncodingRules.DER);
            AsnReader info = outer.ReadSequence();
            EndOf(outer);
            AsnReader algorithm = info.ReadSequence();
            ciphertext = info.ReadOctetString();
            EndOf(info);
            Expect(algorithm.ReadObjectIdentifier(), Pbes2Oid, "encryption scheme is not PBES2");
            AsnReader pbes2 = algorithm.ReadSequence();
            EndOf(algorithm);
            AsnReader kdf = pbes2.ReadSequence();
            AsnReader cipher = pbes2.ReadSequence();
            EndOf(pbes2);

            Expect(kdf.ReadObjectIdentifier(), Pbkdf2Oid, "key derivation is not PBKDF2");
            AsnReader pbkdf2 = kdf.ReadSequence();
            EndOf(kdf);
            Pbes2Parameters result = new Pbes2Parameters { Salt = pbkdf2.ReadOctetString() };
            if (!pbkdf2.TryReadInt32(out int iterations) || iterations < 1 || iterations > MaxIterations)
            {
                throw new AsnContentException("PBKDF2 iteration count out of range 1.." + MaxIterations);
            }

            result.Iterations = iterations;
            if (pbkdf2.HasData && pbkdf2.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                if (!pbkdf2.TryReadInt32(out int keyLength) || keyLength != AesKeySize)
                {
                    throw new AsnContentException("PBKDF2 key length is not 32");
                }
            }

            if (!pbkdf2.HasData)
            {
                throw new AsnContentException("PBKDF2 pseudo-random function is HMAC-SHA1 (only HMAC-SHA256 is accepted)");
            }

            AsnReader prf = pbkdf2.ReadSequence();
            EndOf(pbkdf2);
            Expect(prf.ReadObjectIdentifier(), HmacSha256Oid, "PBKDF2 pseudo-random function is not HMAC-SHA256");
            if (prf.HasData)
            {
                prf.ReadNull();
            }

            EndOf(prf);
            Expect(cipher.ReadObjectIdentifier(), Aes256CbcOid, "cipher is not AES-256-CBC");
            result.Iv = cipher.ReadOctetString();
            EndOf(cipher);
            if (result.Iv.Length != AesBlockSize || ciphertext.Length == 0 || ciphertext.Length % AesBlockSize != 0)
            {
                throw new AsnContentException("bad IV or ciphertext length");
            }

            return result;
        }

        private static void Expect(string actual, string expected, string message)
        {
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                throw new AsnContentException(message + " (" + actual + ")");
            }
        }

        private static void EndOf(AsnReader reader)
        {
            if (reader.HasData)
            {
                throw new AsnContentException("unexpected data after the structure");
            }
        }

        private sealed class Pbes2Parameters
        {
            public byte[] Salt { get; set; } = Array.Empty<byte>();

            public int Iterations { get; set; }

            public byte[] Iv { get; set; } = Array.Empty<byte>();
        }
    }
}
