using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Companion.IO;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>
    /// A device's telemetry MAC key (32 random bytes, HMAC-SHA256) kept in the PKI directory for the companion, mode 0600.
    /// Current files (PEM label "MDA WRAPPED TELEMETRY KEY") hold the key wrapped by the PKI's
    /// <see cref="TelemetryKeyVault"/> (AES-256-GCM bound to the device id and serial). Files of earlier versions (label
    /// "MDA ENCRYPTED TELEMETRY KEY": the PBES2 scheme of the key files, one PBKDF2 derivation each) are still read.
    /// </summary>
    /// <remarks>
    /// Reading a current file costs one AES-GCM decryption once the vault is open; reading an earlier file costs one
    /// PBKDF2 derivation (about a quarter of a second). A wrong passphrase is reported as such (the vault, or the earlier
    /// file's fixed plaintext prefix, checks it), never as a wrong key.
    /// </remarks>
    public static class TelemetryKeyFile
    {
        /// <summary>The length of a telemetry key in bytes.</summary>
        public const int KeySize = 32;

        /// <summary>The PEM label of current files.</summary>
        public const string PemLabel = "MDA WRAPPED TELEMETRY KEY";

        /// <summary>The PEM label of files written before the wrapping key existed (still read).</summary>
        public const string LegacyPemLabel = "MDA ENCRYPTED TELEMETRY KEY";

        private static readonly byte[] LegacyPrefix = Encoding.ASCII.GetBytes("mda-telemetry-hmac-sha256-v1:");

        /// <summary>A fresh key from the operating system's random source.</summary>
        public static byte[] Generate()
        {
            return RandomNumberGenerator.GetBytes(KeySize);
        }

        /// <summary>Wraps <paramref name="key"/> with <paramref name="vault"/> for the device and serial and writes it to <paramref name="path"/> atomically, mode 0600.</summary>
        public static void Write(string path, byte[] key, TelemetryKeyVault vault, string deviceId, string serial)
        {
            ArgumentNullException.ThrowIfNull(vault);
            byte[] wrapped = vault.Wrap(key, deviceId, serial);
            string pem = PemEncoding.WriteString(PemLabel, wrapped) + "\n";
            AtomicFile.WriteAllBytes(path, Encoding.ASCII.GetBytes(pem), AtomicFile.PrivateFileMode);
        }

        /// <summary>
        /// Reads a telemetry key file of device <paramref name="deviceId"/> (certificate <paramref name="serial"/>): a current
        /// file with <paramref name="vault"/>, an earlier one with <paramref name="passphrase"/>. The caller zeroes the key.
        /// </summary>
        /// <exception cref="CompanionException">PkiError when it is missing, malformed or not this device's; WrongPassphrase.</exception>
        public static byte[] Read(string path, string deviceId, string serial, Func<TelemetryKeyVault> vault, string passphrase)
        {
            ArgumentNullException.ThrowIfNull(vault);
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "cannot read telemetry key file '" + path + "': " + e.Message, e);
            }

            if (!PemEncoding.TryFind(text, out PemFields fields))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "telemetry key file '" + path + "' holds no PEM block");
            }

            ReadOnlySpan<char> label = text.AsSpan()[fields.Label];
            if (label.SequenceEqual(PemLabel))
            {
                byte[] wrapped;
                try
                {
                    wrapped = Convert.FromBase64String(text[fields.Base64Data]);
                }
                catch (FormatException e)
                {
                    throw new CompanionException(CompanionErrorKind.PkiError, "telemetry key file '" + path + "' is not valid base64", e);
                }

                return vault().Unwrap(wrapped, deviceId, serial);
            }

            if (!label.SequenceEqual(LegacyPemLabel))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "telemetry key file '" + path + "' has the PEM label '" + label.ToString() + "', not '" + PemLabel + "'");
            }

            byte[] plaintext = EncryptedPrivateKeyFile.Unseal(text, passphrase, LegacyPemLabel);
            try
            {
                if (plaintext.Length != LegacyPrefix.Length + KeySize || !plaintext.AsSpan(0, LegacyPrefix.Length).SequenceEqual(LegacyPrefix))
                {
                    throw new CompanionException(CompanionErrorKind.WrongPassphrase, "telemetry key file '" + path + "': wrong passphrase (or corrupted file)");
                }

                return plaintext.AsSpan(LegacyPrefix.Length).ToArray();
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }

        /// <summary>Writes <paramref name="key"/> in the earlier PBES2 format (kept for compatibility tests of the reader).</summary>
        internal static void WriteLegacy(string path, byte[] key, string passphrase)
        {
            byte[] plaintext = new byte[LegacyPrefix.Length + KeySize];
            LegacyPrefix.CopyTo(plaintext, 0);
            key.CopyTo(plaintext, LegacyPrefix.Length);
            string pem = EncryptedPrivateKeyFile.Seal(plaintext, passphrase, LegacyPemLabel);
            AtomicFile.WriteAllBytes(path, Encoding.ASCII.GetBytes(pem), AtomicFile.PrivateFileMode);
        }
    }
}
