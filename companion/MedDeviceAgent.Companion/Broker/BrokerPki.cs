using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// What a broker is configured from, read from a PKI directory exactly as <c>mda pki</c> wrote it
    /// (<see cref="TlsAuthority"/>): the CA bundle <c>tls/ca.pem</c>, the broker certificate <c>tls/broker.pem</c>,
    /// its encrypted private key in <c>tls/keys/</c> (unlocked with the PKI passphrase), the CRL <c>tls/crl.pem</c>,
    /// and the operators registered in <c>tls/tls.json</c> (<see cref="LiveOperators"/>).
    /// </summary>
    /// <remarks>
    /// There is no other layout: the broker reads the PKI's own files, so issuing, revoking and moving between
    /// brokers needs no copying or conversion. The key stays encrypted at rest; the embedded broker decrypts it
    /// into memory only, and <see cref="MosquittoConfig"/> writes a clear copy (mode 0600) where Mosquitto needs one.
    /// Opening reads two small JSON files; nothing is cached beyond the paths.
    /// </remarks>
    public sealed class BrokerPki
    {
        private BrokerPki(PkiDirectory pki, TlsAuthority tls)
        {
            Pki = pki;
            Authority = tls;
        }

        /// <summary>The PKI directory.</summary>
        public PkiDirectory Pki { get; }

        /// <summary>The TLS side of the PKI as it was when opened (the operator register is re-read by <see cref="LiveOperators"/>).</summary>
        public TlsAuthority Authority { get; }

        /// <summary>Full path of the PKI directory.</summary>
        public string DirectoryPath => Pki.DirectoryPath;

        /// <summary>ca.pem: the device CA and the TLS root; client certificates must chain to it.</summary>
        public string CaPath => Authority.CaBundlePath;

        /// <summary>The broker's server certificate (its SANs are the <c>--broker-host</c> names).</summary>
        public string CertificatePath => Authority.BrokerCertificatePath;

        /// <summary>The device CA's CRL; re-read by the embedded broker whenever its content changes.</summary>
        public string CrlPath => Authority.CrlPath;

        /// <summary>tls/tls.json, the register the operators come from.</summary>
        public string RegisterPath => Path.Combine(Pki.DirectoryPath, TlsAuthority.FolderName, TlsAuthority.MetadataFileName);

        /// <summary>
        /// Opens the PKI in <paramref name="pkiDirectory"/> and checks that the files a broker reads exist.
        /// </summary>
        /// <exception cref="CompanionException">InputError when the folder is missing, is not a PKI (no pki.json) or a
        /// TLS file is missing; PkiError when pki.json or tls.json is malformed or the PKI has no TLS hierarchy
        /// (the message names <c>mda pki tls-init</c>).</exception>
        public static BrokerPki Open(string pkiDirectory)
        {
            ArgumentException.ThrowIfNullOrEmpty(pkiDirectory);
            string full = Path.GetFullPath(pkiDirectory);
            if (!Directory.Exists(full) || !File.Exists(Path.Combine(full, PkiDirectory.MetadataFileName)))
            {
                throw new CompanionException(CompanionErrorKind.InputError, "'" + pkiDirectory + "' is not a PKI directory (" + Path.Combine(full, PkiDirectory.MetadataFileName) + " is missing); make one with 'mda pki init --dir " + pkiDirectory + "'");
            }

            PkiDirectory pki = PkiDirectory.Open(full);
            TlsAuthority tls = TlsAuthority.Open(pki);
            BrokerPki result = new BrokerPki(pki, tls);
            foreach (string path in new[] { result.CaPath, result.CertificatePath, result.CrlPath })
            {
                if (!File.Exists(path))
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "the PKI's TLS file is missing: " + path);
                }
            }

            return result;
        }

        /// <summary>A register of the live operators that follows tls/tls.json (see <see cref="LiveOperators"/>).</summary>
        public LiveOperators OpenOperators() => new LiveOperators(Pki);

        /// <summary>
        /// The broker certificate with its private key, decrypted with <paramref name="passphrase"/>, ready for an
        /// in-process TLS server (SslStream, MQTTnet).
        /// </summary>
        /// <exception cref="CompanionException">WrongPassphrase; PkiError when the key file is missing; InputError when
        /// the certificate and key do not form a pair or cannot be read.</exception>
        public X509Certificate2 LoadServerCertificate(string passphrase)
        {
            ArgumentNullException.ThrowIfNull(passphrase);
            try
            {
                using X509Certificate2 loaded = Authority.LoadBrokerCertificate(passphrase);

                // SslStream on some platforms needs a key it can persist; a PKCS#12 round trip gives one everywhere.
                return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
            }
            catch (Exception e) when (e is CryptographicException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "broker certificate or key unreadable (" + CertificatePath + "): " + e.Message, e);
            }
        }

        /// <summary>The broker's private key decrypted to unencrypted PKCS#8 PEM (for Mosquitto; write it mode 0600).</summary>
        /// <exception cref="CompanionException">WrongPassphrase; PkiError when the key file is missing.</exception>
        public string ExportKeyPem(string passphrase)
        {
            ArgumentNullException.ThrowIfNull(passphrase);
            return Authority.ExportBrokerKeyPem(passphrase);
        }
    }
}
