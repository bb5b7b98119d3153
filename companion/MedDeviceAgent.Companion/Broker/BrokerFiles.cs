using System;
using System.IO;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// The PEM and text files a broker is configured from: the device CA, the broker's certificate and key, the
    /// device CRL and the operator names. <see cref="FromPkiDirectory"/> gives the fixed names inside a PKI folder.
    /// </summary>
    /// <remarks>
    /// The PKI writes these files; the embedded broker and the generated Mosquitto configuration read the same ones,
    /// so moving between brokers needs no conversion. The key may be an unencrypted PKCS#8/SEC1 PEM or an encrypted
    /// PKCS#8 PEM (passphrase from <c>MDA_PASSPHRASE</c>).
    /// </remarks>
    public sealed class BrokerFiles
    {
        /// <summary>Device CA certificate(s), relative to the PKI folder.</summary>
        public const string CaFileName = "tls/ca.pem";

        /// <summary>Broker server certificate, relative to the PKI folder.</summary>
        public const string CertificateFileName = "tls/broker-cert.pem";

        /// <summary>Broker server private key, relative to the PKI folder.</summary>
        public const string KeyFileName = "tls/broker-key.pem";

        /// <summary>Certificate revocation list of the device CA, relative to the PKI folder.</summary>
        public const string CrlFileName = "tls/crl.pem";

        /// <summary>Operator identities (one certificate CN a line, '#' starts a comment), relative to the PKI folder.</summary>
        public const string OperatorsFileName = "tls/operators.txt";

        /// <summary>Explicit file paths.</summary>
        public BrokerFiles(string caPath, string certificatePath, string keyPath, string crlPath, string operatorsPath)
        {
            CaPath = Require(caPath, nameof(caPath));
            CertificatePath = Require(certificatePath, nameof(certificatePath));
            KeyPath = Require(keyPath, nameof(keyPath));
            CrlPath = Require(crlPath, nameof(crlPath));
            OperatorsPath = Require(operatorsPath, nameof(operatorsPath));
        }

        /// <summary>PEM file with the device CA and its issuers up to a self-signed root.</summary>
        public string CaPath { get; }

        /// <summary>PEM file with the broker's server certificate.</summary>
        public string CertificatePath { get; }

        /// <summary>PEM file with the broker's private key.</summary>
        public string KeyPath { get; }

        /// <summary>PEM file with the CRL(s) of the device CA; re-read by the embedded broker whenever its content changes.</summary>
        public string CrlPath { get; }

        /// <summary>Text file with the operator identities.</summary>
        public string OperatorsPath { get; }

        /// <summary>The fixed file names inside <paramref name="pkiDirectory"/> (<see cref="CaFileName"/> and the others).</summary>
        public static BrokerFiles FromPkiDirectory(string pkiDirectory)
        {
            ArgumentException.ThrowIfNullOrEmpty(pkiDirectory);
            return new BrokerFiles(
                Path.GetFullPath(Path.Combine(pkiDirectory, CaFileName)),
                Path.GetFullPath(Path.Combine(pkiDirectory, CertificateFileName)),
                Path.GetFullPath(Path.Combine(pkiDirectory, KeyFileName)),
                Path.GetFullPath(Path.Combine(pkiDirectory, CrlFileName)),
                Path.GetFullPath(Path.Combine(pkiDirectory, OperatorsFileName)));
        }

        /// <summary>Throws <see cref="CompanionException"/> (input error) naming the first file that does not exist.</summary>
        public void CheckExist()
        {
            foreach (string path in new[] { CaPath, CertificatePath, KeyPath, CrlPath, OperatorsPath })
            {
                if (!File.Exists(path))
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "broker file missing: " + path);
                }
            }
        }

        private static string Require(string value, string name)
        {
            ArgumentException.ThrowIfNullOrEmpty(value, name);
            return value;
        }
    }
}
