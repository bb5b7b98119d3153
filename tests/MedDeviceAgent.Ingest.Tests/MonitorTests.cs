using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.IO;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Ingest.Tests.Support;
using MedDeviceAgent.Protocol;
using Xunit;

namespace MedDeviceAgent.Ingest.Tests
{
    /// <summary>The monitor end to end: devices publish through a real broker (embedded or Mosquitto) into SQLite or PostgreSQL.</summary>
    [Collection(IngestCollection.Name)]
    public sealed class MonitorTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
        private readonly IngestFixture _fixture;

        public MonitorTests(IngestFixture fixture)
        {
            _fixture = fixture;
        }

        public static IEnumerable<object[]> BrokersAndDatabases => new[]
        {
            new object[] { IngestFixture.Embedded, StoreKind.Sqlite },
            new object[] { IngestFixture.Embedded, StoreKind.Postgres },
            new object[] { IngestFixture.Mosquitto, StoreKind.Sqlite },
            new object[] { IngestFixture.Mosquitto, StoreKind.Postgres },
        };

        [Theory]
        [MemberData(nameof(BrokersAndDatabases))]
        public async Task Monitor_DevicesPublishThroughBroker_EachStoredOnceAndHostileOnesRecorded(string broker, string kind)
        {
            string db = StoreKind.NewDatabase(kind);
            IssuedDevice a = _fixture.IssueDevice();
            IssuedDevice b = _fixture.IssueDevice();
            await using MonitorRun monitor = MonitorRun.Start(_fixture.PkiDirectory, IngestFixture.Passphrase, _fixture.Port(broker), db, _fixture.NextOperator());

            // Issued while the monitor runs: picked up from the PKI.
            IssuedDevice late = _fixture.IssueDevice();
            await using DevicePublisher pa = new DevicePublisher(a, _fixture.Port(broker));
            await using DevicePublisher pb = new DevicePublisher(b, _fixture.Port(broker));
            await using DevicePublisher pl = new DevicePublisher(late, _fixture.Port(broker));
            byte[] forged = a.Telemetry.Message(1, 100);
            forged[^3] ^= 0x40;
            for (int i = 0; i < 40; i++)
            {
                await pa.PublishAsync(a.Telemetry.Message(1, i));
                await pb.PublishAsync(b.Telemetry.Message(5, i));
                if (i == 10)
                {
                    await pa.PublishAsync(a.Telemetry.Message(1, 5));
                    await pa.PublishAsync(forged);
                    await pb.PublishAsync(new byte[2000]);
                    await pb.PublishAsync(new byte[] { 0x1C, 0x00 });
                }

                if (i < 5)
                {
                    await pl.PublishAsync(late.Telemetry.Message(0, i));
                }
            }

            using ITelemetryStore store = StoreKind.Open(db);
            Assert.True(Poll.Until(() => store.ReadTotals().Telemetry == 85 && store.ReadTotals().Rejections == 4, Wait), "stored " + store.ReadTotals().Telemetry + ", rejections " + store.ReadTotals().Rejections + "\n" + monitor.Log);
            Assert.Equal(Enumerable.Range(0, 40).Select(i => (1L, (long)i)), store.ReadSequences(a.Id));
            Assert.Equal(Enumerable.Range(0, 40).Select(i => (5L, (long)i)), store.ReadSequences(b.Id));
            Assert.Equal(5, store.ReadSequences(late.Id).Count);
            Assert.Equal(
                new[] { TelemetryResult.BadMac, TelemetryResult.MalformedCbor, TelemetryResult.Replayed, TelemetryResult.TooLarge },
                store.ReadRejections(10).Select(r => r.Result).OrderBy(r => r.ToString(), StringComparer.Ordinal));
            DeviceState state = store.ReadDevices().Single(d => d.DeviceId == b.Id);
            Assert.Equal((5L, 39L, 40L, 2L), (state.LastBoot, state.LastSequence, state.Messages, state.Rejections));
        }

        [Theory]
        [InlineData(IngestFixture.Embedded, StoreKind.Sqlite)]
        [InlineData(IngestFixture.Mosquitto, StoreKind.Postgres)]
        public async Task Monitor_StoppedMidStreamAndRestarted_NothingLostNothingTwice(string broker, string kind)
        {
            string db = StoreKind.NewDatabase(kind);
            string identity = _fixture.NextOperator();
            IssuedDevice a = _fixture.IssueDevice();
            await using DevicePublisher publisher = new DevicePublisher(a, _fixture.Port(broker));
            MonitorRun first = MonitorRun.Start(_fixture.PkiDirectory, IngestFixture.Passphrase, _fixture.Port(broker), db, identity, batchSize: 7);
            Task stream = Task.Run(async () =>
            {
                for (int i = 0; i < 150; i++)
                {
                    await publisher.PublishAsync(a.Telemetry.Message(2, i));
                }
            });

            using ITelemetryStore store = StoreKind.Open(db);
            Assert.True(Poll.Until(() => store.ReadTotals().Telemetry >= 30, Wait), first.Log);
            await first.DisposeAsync();
            long atStop = store.ReadTotals().Telemetry;
            await stream;

            // Everything published while it was away waits in its persistent session.
            await using MonitorRun second = MonitorRun.Start(_fixture.PkiDirectory, IngestFixture.Passphrase, _fixture.Port(broker), db, identity);
            Assert.True(Poll.Until(() => store.ReadTotals().Telemetry == 150, Wait), "stored " + store.ReadTotals().Telemetry + " (" + atStop + " at stop)\n" + second.Log);
            Assert.True(atStop < 150, "the monitor was stopped mid-stream");
            Assert.Equal(Enumerable.Range(0, 150).Select(i => (2L, (long)i)), store.ReadSequences(a.Id));
            Assert.Empty(store.ReadGaps());
        }

        [Fact]
        public async Task Monitor_IdentityNotAnOperator_SubscriptionRefusedNeverReportedConnected()
        {
            // Embedded broker only: Mosquitto 2.0 grants a subscription its ACL would not serve and filters each
            // delivery instead, so there is nothing to detect at SUBACK (docs/ingest.md, "Operator identity").
            const string broker = IngestFixture.Embedded;
            // A device's bundle as the monitor's identity: the broker accepts the TLS connection (a valid device
            // certificate) but its ACL refuses the fleet-wide subscription. Before the fix the monitor printed
            // "subscribed", counted a connection and waited for messages that could never come.
            IssuedDevice device = _fixture.IssueDevice("notop");
            string db = StoreKind.NewDatabase(StoreKind.Sqlite);
            await using MonitorRun monitor = MonitorRun.Start(_fixture.PkiDirectory, IngestFixture.Passphrase, _fixture.Port(broker), db, device.Folder, waitConnected: false);

            Assert.True(Poll.Until(() => monitor.Monitor.Counters.SubscriptionRefusals >= 2, Wait), monitor.Log);
            Assert.Equal(0, monitor.Monitor.Counters.Connects);
            Assert.False(monitor.Monitor.IsConnected);
            Assert.Contains("refused the subscription", monitor.Log, StringComparison.Ordinal);
            Assert.DoesNotContain("), subscribed", monitor.Log, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Monitor_BrokerRestarted_ReconnectsAndEveryMessageStoredOnce()
        {
            string db = StoreKind.NewDatabase(StoreKind.Sqlite);
            int port = IngestFixture.FreePort();
            EmbeddedBroker broker = await EmbeddedBroker.StartAsync(_fixture.PkiDirectory, IngestFixture.Passphrase, IPAddress.Loopback, port, null, TextWriter.Null);
            IssuedDevice a = _fixture.IssueDevice();
            await using DevicePublisher publisher = new DevicePublisher(a, port);
            await using MonitorRun monitor = MonitorRun.Start(_fixture.PkiDirectory, IngestFixture.Passphrase, port, db, _fixture.NextOperator());
            using ITelemetryStore store = StoreKind.Open(db);
            try
            {
                for (int i = 0; i < 50; i++)
                {
                    await publisher.PublishAsync(a.Telemetry.Message(3, i));
                }

                Assert.True(Poll.Until(() => store.ReadTotals().Telemetry == 50, Wait), monitor.Log);
                await broker.DisposeAsync();
                Assert.True(Poll.Until(() => !monitor.Monitor.IsConnected, Wait));
                broker = await EmbeddedBroker.StartAsync(_fixture.PkiDirectory, IngestFixture.Passphrase, IPAddress.Loopback, port, null, TextWriter.Null);
                Assert.True(Poll.Until(() => monitor.Monitor.Counters.Connects >= 2 && monitor.Monitor.IsConnected, Wait), monitor.Log);

                // The device retries until the new broker acknowledges; one message is sent twice (as a device does after a lost PUBACK).
                for (int i = 50; i < 100; i++)
                {
                    await publisher.PublishAsync(a.Telemetry.Message(3, i));
                }

                await publisher.PublishAsync(a.Telemetry.Message(3, 99));
                Assert.True(Poll.Until(() => store.ReadTotals().Telemetry == 100 && store.ReadTotals().Rejections == 1, Wait), "stored " + store.ReadTotals().Telemetry + "\n" + monitor.Log);
                Assert.Equal(Enumerable.Range(0, 100).Select(i => (3L, (long)i)), store.ReadSequences(a.Id));
                Assert.Equal(TelemetryResult.Replayed, store.ReadRejections(1)[0].Result);
            }
            finally
            {
                await broker.DisposeAsync();
            }
        }
    }
}
