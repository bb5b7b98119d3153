using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;
using MedDeviceAgent.Companion.Tests.Support;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// The certificates work for TLS: a mutual-TLS handshake with SslStream (server = broker
    /// certificate, client = a device bundle), each side building the peer's chain against ca.pem
    /// alone (custom root trust, EKU checked); a device of another PKI is refused.
    /// </summary>
    [Collection(CliCollection.Name)]
    public sealed class TlsHandshakeTests : IDisposable
    {
        private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
        private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
        private readonly TempDir temp = new TempDir();

        public TlsHandshakeTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        [Theory]
        [InlineData("ed25519")]
        [InlineData("p256")]
        public async Task Handshake_BrokerAndDeviceCertificates_MutualTlsSucceedsBothWays(string algorithm)
        {
            string dir = PkiCliTests.InitPki(temp, algorithm);
            string bundle = PkiTlsCliTests.IssueDevice(dir, "dev-7", temp.File("bundle"));
            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(dir));
            using X509Certificate2 server = tls.LoadBrokerCertificate(Mda.Passphrase);
            using X509Certificate2 client = X509Certificate2.CreateFromPemFile(Path.Combine(bundle, "cert.pem"), Path.Combine(bundle, "key.pem"));

            (string? clientSeen, string? serverSeen) = await Handshake(server, client, Path.Combine(bundle, "ca.pem"), "localhost");

            Assert.Equal("CN=dev-7, O=acme", clientSeen);
            Assert.Contains("CN=localhost", serverSeen, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Handshake_DeviceOfAnotherPki_ServerRefusesIt()
        {
            string dir = PkiCliTests.InitPki(temp, "p256", "pki");
            string other = PkiCliTests.InitPki(temp, "p256", "other");
            string foreign = PkiTlsCliTests.IssueDevice(other, "dev-7", temp.File("foreign"));
            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(dir));
            using X509Certificate2 server = tls.LoadBrokerCertificate(Mda.Passphrase);
            using X509Certificate2 client = X509Certificate2.CreateFromPemFile(Path.Combine(foreign, "cert.pem"), Path.Combine(foreign, "key.pem"));

            await Assert.ThrowsAnyAsync<Exception>(() => Handshake(server, client, Path.Combine(dir, "tls", "ca.pem"), "localhost"));
        }

        [Fact]
        public async Task Handshake_WrongBrokerName_ClientRefusesServer()
        {
            string dir = PkiCliTests.InitPki(temp, "p256");
            string bundle = PkiTlsCliTests.IssueDevice(dir, "dev-7", temp.File("bundle"));
            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(dir));
            using X509Certificate2 server = tls.LoadBrokerCertificate(Mda.Passphrase);
            using X509Certificate2 client = X509Certificate2.CreateFromPemFile(Path.Combine(bundle, "cert.pem"), Path.Combine(bundle, "key.pem"));

            await Assert.ThrowsAnyAsync<Exception>(() => Handshake(server, client, Path.Combine(bundle, "ca.pem"), "broker.elsewhere.example"));
        }

        /// <summary>Runs one handshake; returns the subject each side saw of its peer. Throws when either side refuses.</summary>
        private static async Task<(string? ClientSeen, string? ServerSeen)> Handshake(X509Certificate2 serverCertificate, X509Certificate2 clientCertificate, string caBundle, string targetHost)
        {
            X509Certificate2Collection anchors = new X509Certificate2Collection();
            anchors.ImportFromPemFile(caBundle);
            TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                string? clientSeen = null;
                string? serverSeen = null;
                Task serverSide = Task.Run(async () =>
                {
                    using TcpClient accepted = await listener.AcceptTcpClientAsync();
                    using SslStream stream = new SslStream(accepted.GetStream(), false);
                    await stream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = serverCertificate,
                        ClientCertificateRequired = true,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                            certificate != null && (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0 && Chains(certificate, anchors, ClientAuth),
                    });
                    clientSeen = stream.RemoteCertificate?.Subject;
                    await stream.WriteAsync(new byte[] { 1 });
                });
                using TcpClient connection = new TcpClient();
                await connection.ConnectAsync(IPAddress.Loopback, port);
                using SslStream client = new SslStream(connection.GetStream(), false);
                Task clientSide = client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = targetHost,
                    ClientCertificates = new X509CertificateCollection { clientCertificate },
                    LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        certificate != null && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && Chains(certificate, anchors, ServerAuth),
                });
                Task both = Task.WhenAll(serverSide, clientSide);
                Task first = await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(30)));
                Assert.True(first == both || serverSide.IsFaulted || clientSide.IsFaulted, "handshake timed out");
                await clientSide;
                byte[] one = new byte[1];
                Assert.Equal(1, await client.ReadAsync(one));
                await serverSide;
                serverSeen = client.RemoteCertificate?.Subject;
                return (clientSeen, serverSeen);
            }
            finally
            {
                listener.Stop();
            }
        }

        /// <summary>True when <paramref name="certificate"/> chains to the TLS root of <paramref name="anchors"/> (its other certificates as intermediates) with <paramref name="purpose"/>.</summary>
        private static bool Chains(X509Certificate certificate, X509Certificate2Collection anchors, string purpose)
        {
            using X509Chain chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(purpose));
            foreach (X509Certificate2 anchor in anchors)
            {
                if (anchor.SubjectName.RawData.AsSpan().SequenceEqual(anchor.IssuerName.RawData))
                {
                    chain.ChainPolicy.CustomTrustStore.Add(anchor);
                }
                else
                {
                    chain.ChainPolicy.ExtraStore.Add(anchor);
                }
            }

            using X509Certificate2 leaf = new X509Certificate2(certificate);
            return chain.Build(leaf);
        }
    }
}
