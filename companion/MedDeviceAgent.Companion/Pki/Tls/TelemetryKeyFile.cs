using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Companion.IO;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>
    /// A device's telemetry MAC key (32 random bytes, HMAC-SHA256) kept in the PKI directory for the
    /// companion: the same PBES2 scheme as the key files (PBKDF2-HMAC-SHA256, AES-256-CBC), PEM label
    /// "MDA ENCRYPTED TELEMETRY KEY", mode 0600. The plaintext carries a fixed prefix, so a wrong
    /// passphrase is reported as such instead of yielding a wrong key.
    /// </summary>
    /// <remarks>Unlocking costs one PBKDF2 derivation (about a quarter of a second): a monitor should unlock each key once and cache it.</remarks>
    public static class TelemetryKeyFile
    {
        /// <summary>The length of a telemetry key in bytes.</summary>
        public const int KeySize = 32;

        /// <summary>The PEM label.</summary>
        public const string PemLabel = "MDA ENCRYPTED TELEMETRY KEY";

        private static readonly byte[] Prefix = Encoding.ASCII.GetBytes("mda-telemetry-hmac-sha256-v1:");

        /// <summary>A fresh key from the operating system's random source.</summary>
        public static byte[] Generate()
        {
            return RandomNumberGenerator.GetBytes(KeySize);
        }

        /// <summary>Encrypts <paramref name="key"/> and writes it to <paramref name="path"/> atomically, mode 0600.</summary>
        public static void Write(string path, byte[] key, string passphrase)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (key.Length != KeySize)
            {
                throw new ArgumentException("a telemetry key is " + KeySize + " bytes", nameof(key));
            }

            byte[] plaintext = new byte[Prefix.Length + KeySize];
            Prefix.CopyTo(plaintext, 0);
            key.CopyTo(plaintext, Prefix.Length);
            string pem = EncryptedPrivateKeyFile.Seal(plaintext, passphrase, PemLabel);
            AtomicFile.WriteAllBytes(path, Encoding.ASCII.GetBytes(pem), AtomicFile.PrivateFileMode);
        }

        /// <summary>Reads and decrypts a telemetry key file.</summary>
        /// <exception cref="CompanionException">PkiError when it is missing or malformed; WrongPassphrase.</exception>
        public static byte[] Read(string path, string passphrase)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "cannot read telemetry key file '" + path + "': " + e.Message, e);
            }

            byte[] plaintext = EncryptedPrivateKeyFile.Unseal(text, passphrase, PemLabel);
            try
            {
                if (plaintext.Length != Prefix.Length + KeySize || !plaintext.AsSpan(0, Prefix.Length).SequenceEqual(Prefix))
                {
                    throw new CompanionException(CompanionErrorKind.WrongPassphrase, "telemetry key file '" + path + "': wrong passphrase (or corrupted file)");
                }

                return plaintext.AsSpan(Prefix.Length).ToArray();
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
    }
}
