using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Companion.IO;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>
    /// The PKI-wide telemetry wrapping key: 32 random bytes, kept in <c>tls/keys/telemetry-wrapping-key.pem</c> under the
    /// passphrase (the PBES2 scheme of the key files, one PBKDF2 derivation), that wraps every device's telemetry key with
    /// AES-256-GCM bound to the device id and certificate serial (<see cref="TelemetryKeyFile"/>).
    /// </summary>
    /// <remarks>
    /// <para>Why: a PBKDF2 derivation costs about a quarter of a second by design. With one derivation per device file, a
    /// monitor serving 10,000 devices spent 40 minutes of CPU unlocking keys and issuing a 10,000-device load-test fleet took
    /// as long. With the wrapping key, one derivation opens the vault and each device key then costs one AES-GCM
    /// decryption (microseconds). An attacker who has the PKI directory still needs the passphrase: the wrapping key is
    /// only stored encrypted under it.</para>
    /// <para>The wrapping key is made by the first issuance that needs it (PKIs made before it existed get one then);
    /// it is created exclusively (never replaced), so two issuers cannot end up with keys wrapped under different
    /// wrapping keys. RAM: 32 bytes, zeroed by <see cref="Dispose"/>. Thread-safe after construction.</para>
    /// </remarks>
    public sealed class TelemetryKeyVault : IDisposable
    {
        /// <summary>File of the wrapping key, relative to the PKI directory.</summary>
        public const string RelativePath = TlsAuthority.FolderName + "/keys/telemetry-wrapping-key.pem";

        /// <summary>The PEM label of the wrapping key file.</summary>
        public const string PemLabel = "MDA ENCRYPTED TELEMETRY WRAPPING KEY";

        private const int KeySize = 32;
        private const int NonceSize = 12;
        private const int TagSize = 16;
        private const byte FormatVersion = 1;
        private static readonly byte[] Prefix = Encoding.ASCII.GetBytes("mda-telemetry-wrapping-key-v1:");
        private static readonly byte[] Context = Encoding.ASCII.GetBytes("mda-telemetry-key-v2");
        private readonly byte[] _key;
        private readonly AesGcm _aes;

        private TelemetryKeyVault(byte[] key)
        {
            _key = key;
            _aes = new AesGcm(_key, TagSize);
        }

        /// <summary>Size in bytes of a wrapped key (version, nonce, ciphertext, tag).</summary>
        public static int WrappedSize => 1 + NonceSize + TelemetryKeyFile.KeySize + TagSize;

        /// <summary>True when the PKI directory <paramref name="pkiDirectory"/> has a wrapping key.</summary>
        public static bool Exists(string pkiDirectory) => File.Exists(Path.Combine(pkiDirectory, RelativePath));

        /// <summary>Unlocks the wrapping key of <paramref name="pkiDirectory"/> (one PBKDF2 derivation).</summary>
        /// <exception cref="CompanionException">PkiError when it is missing or malformed; WrongPassphrase.</exception>
        public static TelemetryKeyVault Open(string pkiDirectory, string passphrase)
        {
            string path = Path.Combine(pkiDirectory, RelativePath);
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "cannot read the telemetry wrapping key '" + path + "': " + e.Message, e);
            }

            byte[] plaintext;
            try
            {
                plaintext = EncryptedPrivateKeyFile.Unseal(text, passphrase, PemLabel);
            }
            catch (CompanionException e) when (e.Kind == CompanionErrorKind.InputError)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "telemetry wrapping key '" + path + "': " + e.Message, e);
            }

            try
            {
                if (plaintext.Length != Prefix.Length + KeySize || !plaintext.AsSpan(0, Prefix.Length).SequenceEqual(Prefix))
                {
                    throw new CompanionException(CompanionErrorKind.WrongPassphrase, "telemetry wrapping key '" + path + "': wrong passphrase (or corrupted file)");
                }

                return new TelemetryKeyVault(plaintext.AsSpan(Prefix.Length).ToArray());
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }

        /// <summary>
        /// Unlocks the wrapping key of <paramref name="pkiDirectory"/>, making it first when there is none (written to a
        /// temporary file, then linked into place only if no other process made one meanwhile).
        /// </summary>
        /// <exception cref="CompanionException">PkiError, WrongPassphrase, or OutputError when it cannot be written.</exception>
        public static TelemetryKeyVault OpenOrCreate(string pkiDirectory, string passphrase)
        {
            string path = Path.Combine(pkiDirectory, RelativePath);
            if (!File.Exists(path))
            {
                byte[] plaintext = new byte[Prefix.Length + KeySize];
                Prefix.CopyTo(plaintext, 0);
                RandomNumberGenerator.Fill(plaintext.AsSpan(Prefix.Length));
                string pem = EncryptedPrivateKeyFile.Seal(plaintext, passphrase, PemLabel);
                string temporary = path + ".new-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                try
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    AtomicFile.WriteAllBytes(temporary, Encoding.ASCII.GetBytes(pem), AtomicFile.PrivateFileMode);
                    try
                    {
                        // No overwrite: on Linux a hard link, so a key another issuer made first is kept.
                        File.Move(temporary, path, false);
                    }
                    catch (IOException) when (File.Exists(path))
                    {
                        // Another issuer made it first: use theirs.
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new CompanionException(CompanionErrorKind.OutputError, "cannot write the telemetry wrapping key '" + path + "': " + e.Message, e);
                }
                finally
                {
                    File.Delete(temporary);
                }
            }

            return Open(pkiDirectory, passphrase);
        }

        /// <summary>Wraps <paramref name="key"/> for device <paramref name="deviceId"/> with certificate <paramref name="serial"/>.</summary>
        public byte[] Wrap(byte[] key, string deviceId, string serial)
        {
            ArgumentNullException.ThrowIfNull(key);
            if (key.Length != TelemetryKeyFile.KeySize)
            {
                throw new ArgumentException("a telemetry key is " + TelemetryKeyFile.KeySize + " bytes", nameof(key));
            }

            byte[] wrapped = new byte[WrappedSize];
            wrapped[0] = FormatVersion;
            Span<byte> nonce = wrapped.AsSpan(1, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            _aes.Encrypt(nonce, key, wrapped.AsSpan(1 + NonceSize, TelemetryKeyFile.KeySize), wrapped.AsSpan(1 + NonceSize + TelemetryKeyFile.KeySize, TagSize), AssociatedData(deviceId, serial));
            return wrapped;
        }

        /// <summary>Unwraps a key made by <see cref="Wrap"/> for the same device id and serial; the caller zeroes it after use.</summary>
        /// <exception cref="CompanionException">PkiError when it is malformed, altered, or belongs to another device or certificate.</exception>
        public byte[] Unwrap(ReadOnlySpan<byte> wrapped, string deviceId, string serial)
        {
            if (wrapped.Length != WrappedSize || wrapped[0] != FormatVersion)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "the telemetry key of '" + deviceId + "' is malformed (" + wrapped.Length + " bytes)");
            }

            byte[] key = new byte[TelemetryKeyFile.KeySize];
            try
            {
                _aes.Decrypt(wrapped.Slice(1, NonceSize), wrapped.Slice(1 + NonceSize, TelemetryKeyFile.KeySize), wrapped.Slice(1 + NonceSize + TelemetryKeyFile.KeySize, TagSize), key, AssociatedData(deviceId, serial));
                return key;
            }
            catch (AuthenticationTagMismatchException e)
            {
                CryptographicOperations.ZeroMemory(key);
                throw new CompanionException(CompanionErrorKind.PkiError, "the telemetry key of '" + deviceId + "' (serial " + serial + ") does not verify under this PKI's wrapping key: altered, or another device's", e);
            }
        }

        /// <summary>Zeroes the wrapping key.</summary>
        public void Dispose()
        {
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_key);
        }

        private static byte[] AssociatedData(string deviceId, string serial)
        {
            byte[] id = Encoding.UTF8.GetBytes(deviceId);
            byte[] number = Encoding.ASCII.GetBytes(serial);
            byte[] data = new byte[Context.Length + 1 + id.Length + 1 + number.Length];
            Context.CopyTo(data, 0);
            id.CopyTo(data, Context.Length + 1);
            number.CopyTo(data, Context.Length + 2 + id.Length);
            return data;
        }
    }
}
