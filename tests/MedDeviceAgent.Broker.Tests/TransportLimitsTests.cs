using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using MedDeviceAgent.Broker.Tests.Support;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.TestSupport;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>Limits enforced at the transport, with raw sockets and raw TLS: packet size and pending TLS handshakes.</summary>
    public sealed class TransportLimitsTests : IAsyncLifetime
    {
        private readonly TestPki _pki = new TestPki("ops-1");
        private readonly StringWriter _log = new StringWriter();
        private EmbeddedBroker? _broker;
        private int _port;

        private EmbeddedBroker Broker => _broker!;

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            // A long handshake timeout so that silent connections stay pending for the whole test.
            BrokerLimits limits = new BrokerLimits { MaxPacketBytes = 2048, MaxPayloadBytes = 1024, MaxPendingHandshakes = 4, TlsHandshakeTimeout = TimeSpan.FromSeconds(60) };
            (_broker, _port) = await TestBroker.StartAsync(_pki, limits, _log);
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

        [Theory]
        [InlineData(new byte[] { 0x32, 0xFF, 0xFF, 0xFF, 0x7F })] // PUBLISH announcing 268,435,455 bytes
        [InlineData(new byte[] { 0x32, 0x81, 0x10 })] // 2,049 bytes: just over the limit
        [InlineData(new byte[] { 0x32, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // a fifth length byte: malformed
        public async Task Publish_AnnouncedLengthOverLimit_CutOffBeforeBodyOthersServed(byte[] header)
        {
            await using NetClient op = await NetClient.ConnectAsync(_port, _pki.CaPem, _pki.IssueClient("ops-1"), "ops-1");
            await op.SubscribeAsync("mda/v1/#");
            using RawTls raw = await RawTls.ConnectAsync(_port, _pki.IssueClient("dev-a"));
            raw.Stream.Write(RawTls.Connect311("dev-a"));
            Assert.Equal(new byte[] { 0x20, 0x02, 0x00, 0x00 }, raw.ReadExactly(4)); // CONNACK accepted

            // Only the fixed header is sent, never a body byte: the broker closes at once rather than waiting to buffer it.
            raw.Stream.Write(header);
            raw.Stream.Flush();
            Assert.Equal(0, RawTls.ReadUntilClosed(raw.Stream));
            Assert.True(Poll.Until(() => Broker.Counters.Oversized == 1), "not counted; log:\n" + _log);
            Assert.Contains("bytes; not read", _log.ToString(), StringComparison.Ordinal);

            // Another device is served, and a packet at the limit passes.
            await using NetClient other = await NetClient.ConnectAsync(_port, _pki.CaPem, _pki.IssueClient("dev-b"), "dev-b");
            await other.PublishAsync("mda/v1/pump/dev-b/telemetry", new byte[1000]);
            Assert.True(Poll.Until(() => op.HasReceived("mda/v1/pump/dev-b/telemetry")));
        }

        [Fact]
        public async Task Connect_PendingHandshakesAtLimit_ExtraClosedConnectedServed()
        {
            await using NetClient op = await NetClient.ConnectAsync(_port, _pki.CaPem, _pki.IssueClient("ops-1"), "ops-1");
            await op.SubscribeAsync("mda/v1/#");
            await using NetClient device = await NetClient.ConnectAsync(_port, _pki.CaPem, _pki.IssueClient("dev-a"), "dev-a");
            List<TcpClient> silent = new List<TcpClient>();
            try
            {
                for (int i = 0; i < 4; i++)
                {
                    TcpClient tcp = new TcpClient();
                    await tcp.ConnectAsync(IPAddress.Loopback, _port);
                    silent.Add(tcp);
                }

                // Each silent connection is accepted and waits for its ClientHello; the fifth finds 4 pending and is closed.
                using TcpClient extra = new TcpClient();
                await extra.ConnectAsync(IPAddress.Loopback, _port);
                Assert.Equal(0, RawTls.ReadUntilClosed(extra.GetStream()));
                Assert.True(Broker.Counters.PendingHandshakesRefused >= 1);
                Assert.Contains("TLS handshakes already pending", _log.ToString(), StringComparison.Ordinal);

                // A connected client is still served meanwhile.
                await device.PublishAsync("mda/v1/pump/dev-a/telemetry/during");
                Assert.True(Poll.Until(() => op.HasReceived("mda/v1/pump/dev-a/telemetry/during")));
            }
            finally
            {
                foreach (TcpClient tcp in silent)
                {
                    tcp.Dispose();
                }
            }

            // Once the silent connections are gone their slots are free again: a new client connects.
            TestClient late = _pki.IssueClient("dev-b");
            Assert.True(
                Poll.Until(() => !NetClient.IsRefusedAsync(_port, _pki.CaPem, late, "dev-b").GetAwaiter().GetResult(), TimeSpan.FromSeconds(20)),
                "no client could connect after the silent connections closed; log:\n" + _log);
        }
    }
}
