using System;
using System.IO;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>
    /// A throw-away broker PKI made at test time (ECDSA P-256, valid one day) in the layout the broker reads
    /// (<see cref="BrokerFiles"/>): a device CA, a broker certificate for 127.0.0.1 and localhost, a CRL and the
    /// operator list; plus client certificates (PEM files under clients/) from this CA or from another CA.
    /// </summary>
    public sealed class TestPki : IDisposable
    {
        private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
        private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
        private readonly X509Certificate2 _ca;
        private readonly X509Certificate2 _otherCa;
        private BigInteger _crlNumber = 1;

        /// <summary>Makes the PKI folder with an empty CRL and the given operators.</summary>
        public TestPki(params string[] operators)
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("mda-broker-pki-").FullName;
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, "tls"));
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, "clients"));
            _ca = NewCa("mda test device CA");
            _otherCa = NewCa("some other CA");
            Files = BrokerFiles.FromPkiDirectory(Directory);
            File.WriteAllText(Files.CaPath, _ca.ExportCertificatePem());
            SubjectAlternativeNameBuilder names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            (string serverPem, string serverKey) = Issue(_ca, "mda test broker", ServerAuthOid, names.Build(), out _);
            File.WriteAllText(Files.CertificatePath, serverPem);
            File.WriteAllText(Files.KeyPath, serverKey);
            File.WriteAllText(Files.OperatorsPath, "# operators\n" + string.Join("\n", operators) + "\n");
            WriteCrl();
        }

        /// <summary>The PKI folder.</summary>
        public string Directory { get; }

        /// <summary>The broker files inside it.</summary>
        public BrokerFiles Files { get; }

        /// <summary>PEM of the device CA (the broker's certificate chains to it too).</summary>
        public string CaPem => _ca.ExportCertificatePem();

        /// <summary>Issues a client certificate with CN <paramref name="name"/> from the device CA (or another CA) and writes its PEM files.</summary>
        public TestClient IssueClient(string name, bool fromOtherCa = false)
        {
            (string pem, string key) = Issue(fromOtherCa ? _otherCa : _ca, name, ClientAuthOid, null, out X509Certificate2 certificate);
            string label = name + (fromOtherCa ? "-other" : string.Empty);
            string certPath = Path.Combine(Directory, "clients", label + ".pem");
            string keyPath = Path.Combine(Directory, "clients", label + ".key");
            File.WriteAllText(certPath, pem);
            File.WriteAllText(keyPath, key);
            return new TestClient(name, pem, key, certPath, keyPath, certificate);
        }

        /// <summary>Rewrites the CRL (next number) with the given clients revoked.</summary>
        public void WriteCrl(params TestClient[] revoked)
        {
            CertificateRevocationListBuilder builder = new CertificateRevocationListBuilder();
            foreach (TestClient client in revoked)
            {
                builder.AddEntry(client.Certificate, DateTimeOffset.UtcNow.AddMinutes(-1));
            }

            byte[] der = builder.Build(_ca, _crlNumber, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256);
            _crlNumber += 1;
            string temp = Files.CrlPath + ".tmp";
            File.WriteAllText(temp, PemEncoding.WriteString("X509 CRL", der));
            File.Move(temp, Files.CrlPath, true);
        }

        /// <summary>A CRL signed by the other CA (a forgery for the device CA's name is not possible; this one is simply untrusted).</summary>
        public void WriteUntrustedCrl()
        {
            byte[] der = new CertificateRevocationListBuilder().Build(_otherCa, 1, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256);
            File.WriteAllText(Files.CrlPath, PemEncoding.WriteString("X509 CRL", der));
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _ca.Dispose();
            _otherCa.Dispose();
            try
            {
                System.IO.Directory.Delete(Directory, true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaning.
            }
        }

        private static X509Certificate2 NewCa(string name)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            CertificateRequest request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            DateTimeOffset now = DateTimeOffset.UtcNow;
            return request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        }

        private static (string Pem, string Key) Issue(X509Certificate2 ca, string name, string usageOid, X509Extension? names, out X509Certificate2 certificate)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            CertificateRequest request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(usageOid) }, false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
            if (names != null)
            {
                request.CertificateExtensions.Add(names);
            }

            byte[] serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            DateTimeOffset notBefore = new DateTimeOffset(ca.NotBefore).AddMinutes(1);
            DateTimeOffset notAfter = new DateTimeOffset(ca.NotAfter).AddMinutes(-1);
            certificate = request.Create(ca, notBefore, notAfter, serial);
            return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
        }
    }
}
