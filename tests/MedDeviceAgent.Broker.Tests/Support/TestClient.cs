using System.IO;
using System.Security.Cryptography.X509Certificates;
using MedDeviceAgent.Companion.Pki.Tls;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>A client identity made by <see cref="TestPki"/>: its CN, PEM texts and files, and the certificate.</summary>
    public sealed class TestClient
    {
        /// <summary>Holds the parts.</summary>
        public TestClient(string name, string certificatePem, string keyPem, string certificatePath, string keyPath, X509Certificate2 certificate)
        {
            Name = name;
            CertificatePem = certificatePem;
            KeyPem = keyPem;
            CertificatePath = certificatePath;
            KeyPath = keyPath;
            Certificate = certificate;
        }

        /// <summary>The identity in a provisioning bundle folder as <c>mda pki issue-device</c>/<c>issue-operator</c> wrote it (cert.pem, key.pem).</summary>
        public static TestClient FromBundle(string name, string bundle)
        {
            string certPath = Path.Combine(bundle, ProvisioningBundle.CertificateFile);
            string keyPath = Path.Combine(bundle, ProvisioningBundle.KeyFile);
            string pem = File.ReadAllText(certPath);
            return new TestClient(name, pem, File.ReadAllText(keyPath), certPath, keyPath, X509Certificate2.CreateFromPem(pem));
        }

        /// <summary>The certificate's CN.</summary>
        public string Name { get; }

        /// <summary>Certificate PEM.</summary>
        public string CertificatePem { get; }

        /// <summary>Private key PEM (PKCS#8).</summary>
        public string KeyPem { get; }

        /// <summary>Certificate file.</summary>
        public string CertificatePath { get; }

        /// <summary>Key file.</summary>
        public string KeyPath { get; }

        /// <summary>The certificate (public part).</summary>
        public X509Certificate2 Certificate { get; }
    }
}
