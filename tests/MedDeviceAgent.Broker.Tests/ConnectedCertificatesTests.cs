using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>The broker's register of connected clients' certificates: expiry found and forgotten, reconnects replace.</summary>
    public sealed class ConnectedCertificatesTests
    {
        [Fact]
        public void Expired_CertificatePastNotAfter_ReturnedOnceOthersKept()
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            using X509Certificate2 shortLived = SelfSigned("dev-a", now.AddHours(-2), now.AddHours(-1));
            using X509Certificate2 live = SelfSigned("dev-b", now.AddHours(-2), now.AddDays(1));
            ConnectedCertificates connected = new ConnectedCertificates();
            connected.Add("dev-a", shortLived);
            connected.Add("dev-b", live);

            Assert.Equal(new[] { "dev-a" }, connected.Expired(now.UtcDateTime));
            Assert.Empty(connected.Expired(now.UtcDateTime));
            Assert.Equal(1, connected.Count);
            Assert.Equal(new[] { "dev-b" }, connected.Expired(now.AddDays(2).UtcDateTime));
        }

        [Fact]
        public void Add_SameClientIdAgain_ReplacesTheCertificate()
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            using X509Certificate2 old = SelfSigned("dev-a", now.AddHours(-2), now.AddHours(-1));
            using X509Certificate2 renewed = SelfSigned("dev-a", now.AddHours(-2), now.AddDays(1));
            ConnectedCertificates connected = new ConnectedCertificates();
            connected.Add("dev-a", old);
            connected.Add("dev-a", renewed);
            Assert.Empty(connected.Expired(now.UtcDateTime));
            connected.Remove("dev-a");
            Assert.Equal(0, connected.Count);
        }

        private static X509Certificate2 SelfSigned(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256).CreateSelfSigned(notBefore, notAfter);
        }
    }
}
