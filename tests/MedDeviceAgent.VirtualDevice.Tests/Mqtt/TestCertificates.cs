using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>
    /// A throw-away certificate chain made at test time (ECDSA P-256, valid one day): a CA, broker certificates and a
    /// device client certificate, as PEM. Never written anywhere but a test's temporary directory.
    /// </summary>
    public sealed class TestCertificates
    {
        private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
        private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

        private readonly X509Certificate2 _ca;
        private readonly ECDsa _caKey;

        /// <summary>Makes a new CA with the given common name.</summary>
        public TestCertificates(string caName)
        {
            _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            CertificateRequest request = new CertificateRequest("CN=" + caName, _caKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            DateTimeOffset now = DateTimeOffset.UtcNow;
            _ca = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
            CaPem = _ca.ExportCertificatePem();
        }

        /// <summary>The CA certificate (PEM).</summary>
        public string CaPem { get; }

        /// <summary>A broker certificate for 127.0.0.1 (IP name) and, when <paramref name="includeLocalhost"/>, the DNS name localhost.</summary>
        public (string CertificatePem, string KeyPem) IssueServer(bool includeLocalhost)
        {
            SubjectAlternativeNameBuilder names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            if (includeLocalhost)
            {
                names.AddDnsName("localhost");
            }

            return Issue("CN=mda test broker", ServerAuthOid, names.Build());
        }

        /// <summary>A device client certificate.</summary>
        public (string CertificatePem, string KeyPem) IssueClient(string deviceName) => Issue("CN=" + deviceName, ClientAuthOid, null);

        private (string CertificatePem, string KeyPem) Issue(string subject, string usageOid, X509Extension? names)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            CertificateRequest request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(usageOid) }, false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
            if (names != null)
            {
                request.CertificateExtensions.Add(names);
            }

            byte[] serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            // Inside the CA's validity (which has whole seconds), as an issuer requires.
            DateTimeOffset notBefore = new DateTimeOffset(_ca.NotBefore).AddMinutes(1);
            DateTimeOffset notAfter = new DateTimeOffset(_ca.NotAfter).AddMinutes(-1);
            using X509Certificate2 certificate = request.Create(_ca, notBefore, notAfter, serial);
            return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
        }
    }
}
