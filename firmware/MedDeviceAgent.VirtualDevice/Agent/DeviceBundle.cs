using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>
    /// A device's provisioning bundle as <c>mda pki issue-device</c> writes it (<c>ca.pem</c>, <c>cert.pem</c>,
    /// <c>key.pem</c>, <c>telemetry.key</c>), checked: the certificate and key belong together, the certificate's CN is a
    /// valid device id, the telemetry key is 32 bytes. A virtual device keeps a copy in its state folder.
    /// </summary>
    /// <remarks>Holds the PEM texts and the key bytes in memory; <see cref="CopyTo"/> writes the secrets with mode 0600.</remarks>
    public sealed class DeviceBundle
    {
        /// <summary>CA chain that verifies the broker.</summary>
        public const string CaFile = "ca.pem";

        /// <summary>The device certificate.</summary>
        public const string CertificateFile = "cert.pem";

        /// <summary>The device private key (secret).</summary>
        public const string KeyFile = "key.pem";

        /// <summary>The 32-byte telemetry MAC key (secret).</summary>
        public const string TelemetryKeyFile = "telemetry.key";

        /// <summary>Size of the telemetry key.</summary>
        public const int TelemetryKeySize = 32;

        private readonly byte[] _telemetryKey;

        private DeviceBundle(string caPem, string certificatePem, string keyPem, byte[] telemetryKey, string deviceId)
        {
            CaPem = caPem;
            CertificatePem = certificatePem;
            KeyPem = keyPem;
            _telemetryKey = telemetryKey;
            DeviceId = deviceId;
        }

        /// <summary>PEM of the CA chain.</summary>
        public string CaPem { get; }

        /// <summary>PEM of the device certificate.</summary>
        public string CertificatePem { get; }

        /// <summary>PEM of the device key.</summary>
        public string KeyPem { get; }

        /// <summary>The device id: the certificate's CN.</summary>
        public string DeviceId { get; }

        /// <summary>A copy of the telemetry key.</summary>
        public byte[] TelemetryKey => (byte[])_telemetryKey.Clone();

        /// <summary>True when <paramref name="folder"/> holds a device certificate (a bundle or a state folder provisioned from one).</summary>
        public static bool IsPresent(string folder) => File.Exists(Path.Combine(folder, CertificateFile));

        /// <summary>Loads and checks the bundle in <paramref name="folder"/>.</summary>
        /// <exception cref="FileNotFoundException">A bundle file is missing.</exception>
        /// <exception cref="InvalidDataException">A file is malformed, the key does not match the certificate, the CN is not a valid device id, or the telemetry key is not 32 bytes.</exception>
        public static DeviceBundle Load(string folder)
        {
            ArgumentNullException.ThrowIfNull(folder);
            string ca = ReadText(folder, CaFile);
            string certificate = ReadText(folder, CertificateFile);
            string key = ReadText(folder, KeyFile);
            string keyPath = Path.Combine(folder, TelemetryKeyFile);
            if (!File.Exists(keyPath))
            {
                throw new FileNotFoundException("the bundle has no " + TelemetryKeyFile, keyPath);
            }

            byte[] telemetryKey = File.ReadAllBytes(keyPath);
            if (telemetryKey.Length != TelemetryKeySize)
            {
                throw new InvalidDataException(TelemetryKeyFile + " must be " + TelemetryKeySize + " bytes, not " + telemetryKey.Length);
            }

            string deviceId;
            try
            {
                using X509Certificate2 loaded = X509Certificate2.CreateFromPem(certificate, key);
                deviceId = loaded.GetNameInfo(X509NameType.SimpleName, false);
                X509Certificate2Collection chain = new X509Certificate2Collection();
                chain.ImportFromPem(ca);
                if (chain.Count == 0)
                {
                    throw new InvalidDataException(CaFile + " holds no certificate");
                }

                foreach (X509Certificate2 c in chain)
                {
                    c.Dispose();
                }
            }
            catch (CryptographicException e)
            {
                throw new InvalidDataException("the bundle's certificate and key do not match or cannot be read: " + e.Message, e);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException("the bundle's certificate and key do not match or cannot be read: " + e.Message, e);
            }

            if (!TopicParser.IsValidIdentifier(deviceId))
            {
                throw new InvalidDataException("the certificate's CN '" + deviceId + "' is not a valid device id (1-64 of A-Z a-z 0-9 . _ -)");
            }

            return new DeviceBundle(ca, certificate, key, telemetryKey, deviceId);
        }

        /// <summary>Writes the four files into <paramref name="folder"/> (created if needed); key and telemetry key with mode 0600 where the OS has modes.</summary>
        /// <exception cref="IOException">A file cannot be written.</exception>
        public void CopyTo(string folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, CaFile), CaPem);
            File.WriteAllText(Path.Combine(folder, CertificateFile), CertificatePem);
            WriteSecret(Path.Combine(folder, KeyFile), System.Text.Encoding.ASCII.GetBytes(KeyPem));
            WriteSecret(Path.Combine(folder, TelemetryKeyFile), _telemetryKey);
        }

        private static void WriteSecret(string path, byte[] content)
        {
            FileStreamOptions options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (FileStream stream = new FileStream(path, options))
            {
                stream.Write(content, 0, content.Length);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        private static string ReadText(string folder, string name)
        {
            string path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("the bundle has no " + name, path);
            }

            return File.ReadAllText(path);
        }
    }
}
