using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using MedDeviceAgent.Broker.Tests.Support;
using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>The embedded broker on its own PKI: revocation without restart, fail-closed CRL, limits, logging and counting.</summary>
    public sealed class EmbeddedBrokerTests : IAsyncLifetime
    {
        private readonly TestPki _pki = new TestPki("ops-1");
        private readonly StringWriter _log = new StringWriter();
        private EmbeddedBroker? _broker;
        private int _port;

        private EmbeddedBroker Broker => _broker!;

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            BrokerLimits limits = new BrokerLimits { ConnectTimeout = TimeSpan.FromSeconds(1), TlsHandshakeTimeout = TimeSpan.FromSeconds(1), MaxPayloadBytes = 1024, PublishesPerSecond = 0.5, PublishBurst = 3 };
            for (int attempt = 1; _broker == null; attempt++)
            {
                _port = BrokersFixture.FreePort();
                try
                {
                    _broker = await EmbeddedBroker.StartAsync(_pki.Files, TestPki.Passphrase, IPAddress.Loopback, _port, limits, TextWriter.Synchronized(_log));
                }
                catch (SocketException) when (attempt < 3)
                {
                    // Port taken meanwhile.
                }
            }
        }

        /// <inheritdoc />
        public async Task DisposeAsync()
        {
            if (_broker != null)
            {
                await _broker.DisposeAsync();
            }

            _pki.Dispose();
        }

        [Fact]
        public async Task Connect_AfterCrlUpdate_RefusedWithoutRestart()
        {
            TestClient device = _pki.IssueClient("dev-late");
            await using (NetClient before = await NetClient.ConnectAsync(_port, _pki.CaPem, device, "dev-late"))
            {
                Assert.True(before.IsConnected);
            }

            _pki.WriteCrl(device);
            Assert.True(await NetClient.IsRefusedAsync(_port, _pki.CaPem, device, "dev-late"));
            Assert.NotEqual(0, MosquittoClients.Publish(_port, _pki.Files.CaPath, device, "dev-late", "mda/v1/pump/dev-late/telemetry").ExitCode);
            Assert.Contains("certificate revoked", _log.ToString(), StringComparison.Ordinal);
            Assert.True(Broker.Counters.RefusedCertificates >= 2);

            // Another device of the same CA still connects: the new CRL is trusted, only the revoked serial is refused.
            await using NetClient other = await NetClient.ConnectAsync(_port, _pki.CaPem, _pki.IssueClient("dev-ok"), "dev-ok");
            Assert.True(other.IsConnected);
        }

        [Fact]
        public async Task Connected_CertificateRevoked_DisconnectedWhenCrlRead()
        {
            TestClient device = _pki.IssueClient("dev-a");
            TestClient keeper = _pki.IssueClient("dev-b");
            TestClient op = _pki.IssueClient("ops-1");
            await using NetClient revokedDevice = await NetClient.ConnectAsync(_port, _pki.CaPem, device, "dev-a");
            await using NetClient otherDevice = await NetClient.ConnectAsync(_port, _pki.CaPem, keeper, "dev-b");
            await using NetClient revokedOperator = await NetClient.ConnectAsync(_port, _pki.CaPem, op, "ops-1");
            Assert.True(revokedDevice.IsConnected && otherDevice.IsConnected && revokedOperator.IsConnected);

            _pki.WriteCrl(device, op);
            Assert.True(Poll.Until(() => !revokedDevice.IsConnected && !revokedOperator.IsConnected, TimeSpan.FromSeconds(10)), "a revoked client kept its connection");
            Assert.True(otherDevice.IsConnected);
            Assert.Equal(2, Broker.Counters.RevokedDisconnects);
            string log = _log.ToString();
            Assert.Contains("disconnected dev-a (connected): certificate revoked", log, StringComparison.Ordinal);
            Assert.Contains("disconnected ops-1 (connected): certificate revoked", log, StringComparison.Ordinal);

            // Revoked means revoked: the reconnect is refused at the handshake.
            Assert.True(await NetClient.IsRefusedAsync(_port, _pki.CaPem, device, "dev-a"));
            await otherDevice.PublishAsync("mda/v1/pump/dev-b/telemetry");
            Assert.True(otherDevice.IsConnected);
        }

        [Fact]
        public async Task Connected_CrlBecomesUntrusted_EveryoneDisconnected()
        {
            await using NetClient client = await NetClient.ConnectAsync(_port, _pki.CaPem, _pki.IssueClient("dev-a"), "dev-a");
            _pki.WriteUntrustedCrl();
            Assert.True(Poll.Until(() => !client.IsConnected, TimeSpan.FromSeconds(10)), "the client kept its connection under an untrusted CRL");
            Assert.Contains("disconnected dev-a (connected): CRL from", _log.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Connect_CrlPastNextUpdate_RefusedAndConnectedDisconnected()
        {
            TestClient device = _pki.IssueClient("dev-a");
            await using NetClient connected = await NetClient.ConnectAsync(_port, _pki.CaPem, device, "dev-a");

            // Signed as if 31 days ago: its next update was yesterday.
            _pki.Tls.RefreshCrl(TestPki.Passphrase, DateTimeOffset.UtcNow.AddDays(-(MedDeviceAgent.Companion.Pki.Tls.TlsAuthority.CrlValidDays + 1)));
            Assert.True(Poll.Until(() => !connected.IsConnected, TimeSpan.FromSeconds(10)), "the client kept its connection under an expired CRL");
            Assert.True(await NetClient.IsRefusedAsync(_port, _pki.CaPem, device, "dev-a"));
            Assert.Contains("CRL expired", _log.ToString(), StringComparison.Ordinal);

            _pki.WriteCrl();
            await using NetClient back = await NetClient.ConnectAsync(_port, _pki.CaPem, device, "dev-a");
            Assert.True(back.IsConnected);
        }

        [Fact]
        public async Task Connect_CrlCorruptOrFromOtherCa_EveryoneRefused()
        {
            TestClient device = _pki.IssueClient("dev-a");
            File.WriteAllText(_pki.Files.CrlPath, "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
            Assert.True(await NetClient.IsRefusedAsync(_port, _pki.CaPem, device, "dev-a"));
            _pki.WriteUntrustedCrl();
            Assert.True(await NetClient.IsRefusedAsync(_port, _pki.CaPem, device, "dev-a"));
            Assert.Contains("not signed by a trusted CA", _log.ToString(), StringComparison.Ordinal);
            File.Delete(_pki.Files.CrlPath);
            Assert.True(await NetClient.IsRefusedAsync(_port, _pki.CaPem, device, "dev-a"));
            _pki.WriteCrl();
            await using NetClient back = await NetClient.ConnectAsync(_port, _pki.CaPem, device, "dev-a");
            Assert.True(back.IsConnected);
        }

        [Fact]
        public async Task DeniedOperations_LoggedWithIdentityAndCounted()
        {
            TestClient device = _pki.IssueClient("dev-a");
            await using NetClient client = await NetClient.ConnectAsync(_port, _pki.CaPem, device, "dev-a");
            await client.PublishAsync("mda/v1/pump/dev-b/telemetry");
            await client.SubscribeAsync("mda/v1/#");
            Assert.Equal(1, Broker.Counters.DeniedPublishes);
            Assert.Equal(1, Broker.Counters.DeniedSubscriptions);
            string log = _log.ToString();
            Assert.Contains("denied PUBLISH by dev-a to 'mda/v1/pump/dev-b/telemetry'", log, StringComparison.Ordinal);
            Assert.Contains("denied SUBSCRIBE by dev-a to 'mda/v1/#'", log, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Publish_OverRateLimit_DisconnectedWithoutAcknowledgementAndCounted()
        {
            // 0.5/s with a burst of 3: the fourth publish's token is 2 s away, beyond the 1 s wait, so the broker closes
            // the connection instead of acknowledging it (the client keeps the message; nothing acknowledged is lost).
            TestClient device = _pki.IssueClient("dev-a");
            await using NetClient op = await NetClient.ConnectAsync(_port, _pki.CaPem, _pki.IssueClient("ops-1"), "ops-1");
            await op.SubscribeAsync("mda/v1/#");
            await using NetClient client = await NetClient.ConnectAsync(_port, _pki.CaPem, device, "dev-a");
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal(MQTTnet.MqttClientPublishReasonCode.Success, await client.PublishForCodeAsync("mda/v1/pump/dev-a/telemetry/" + i));
            }

            await Assert.ThrowsAnyAsync<Exception>(() => client.PublishForCodeAsync("mda/v1/pump/dev-a/telemetry/3"));
            Assert.True(Poll.Until(() => !client.IsConnected), "the client stayed connected");
            Assert.True(Poll.Until(() => op.Received.Count >= 3));
            await Task.Delay(300);
            Assert.Equal(3, op.Received.Count);
            Assert.False(op.HasReceived("mda/v1/pump/dev-a/telemetry/3"));
            Assert.Equal(1, Broker.Counters.RateLimited);
            Assert.Contains("over the rate limit for 1 s; disconnected without acknowledging", _log.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Publish_OverPayloadLimit_DroppedAndDisconnected()
        {
            TestClient device = _pki.IssueClient("dev-a");
            await using NetClient client = await NetClient.ConnectAsync(_port, _pki.CaPem, device, "dev-a");
            string outcome = "acknowledged";
            try
            {
                await client.PublishAsync("mda/v1/pump/dev-a/telemetry", new byte[2048]);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException || e is OperationCanceledException)
            {
                // The broker closes the connection instead of acknowledging.
                outcome = e.GetType().Name + ": " + e.Message;
            }

            Assert.True(Poll.Until(() => !client.IsConnected), "the client stayed connected (publish: " + outcome + "; log: " + _log + ")");
            Assert.Equal(1, Broker.Counters.Oversized);
        }

        [Fact]
        public async Task Connect_TlsDoneButNoConnect_ClosedAfterConnectTimeout()
        {
            using RawTls tls = await RawTls.ConnectAsync(_port, _pki.IssueClient("dev-a"));
            Stopwatch watch = Stopwatch.StartNew();
            Assert.Equal(0, RawTls.ReadUntilClosed(tls.Stream));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), "closed after " + watch.Elapsed);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(40)]
        public async Task Connect_SilentOrHalfClientHello_ClosedAfterHandshakeTimeoutOthersServed(int helloBytes)
        {
            // A TLS record header announcing a 512-byte ClientHello, then part of it (or nothing at all).
            byte[] partial = new byte[helloBytes];
            if (helloBytes > 0)
            {
                partial[0] = 0x16;
                partial[1] = 0x03;
                partial[2] = 0x01;
                partial[3] = 0x02;
                partial[4] = 0x00;
                partial[5] = 0x01; // handshake type ClientHello
            }

            using TcpClient stalled = new TcpClient();
            await stalled.ConnectAsync(IPAddress.Loopback, _port);
            NetworkStream stream = stalled.GetStream();
            await stream.WriteAsync(partial);
            Stopwatch watch = Stopwatch.StartNew();

            // Meanwhile another client connects and works.
            await using (NetClient other = await NetClient.ConnectAsync(_port, _pki.CaPem, _pki.IssueClient("dev-ok"), "dev-ok"))
            {
                Assert.True(other.IsConnected);
            }

            Assert.Equal(0, RawTls.ReadUntilClosed(stream));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "closed after " + watch.Elapsed);
            Assert.True(Poll.Until(() => Broker.Counters.HandshakeTimeouts == 1));
            Assert.Contains("no TLS handshake within 1 s", _log.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Connect_WithoutTls_Refused()
        {
            MQTTnet.MqttClientFactory factory = new MQTTnet.MqttClientFactory();
            using MQTTnet.IMqttClient plain = factory.CreateMqttClient();
            MQTTnet.MqttClientOptions options = factory.CreateClientOptionsBuilder().WithTcpServer("127.0.0.1", _port).WithClientId("dev-a").WithTimeout(TimeSpan.FromSeconds(3)).Build();
            await Assert.ThrowsAnyAsync<Exception>(() => plain.ConnectAsync(options));
        }
    }
}
