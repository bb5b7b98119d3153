using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Ingest.Tests.Support;
using MedDeviceAgent.Protocol;
using Xunit;

namespace MedDeviceAgent.Ingest.Tests
{
    /// <summary>
    /// Presence end to end through a real broker (embedded or Mosquitto) into SQLite or PostgreSQL: a device registers
    /// the agent's Last Will and publishes its retained state; the fleet sees it online, sees it vanish when its link is
    /// severed (the broker publishes the will) and come back; a hostile state is recorded and telemetry goes on.
    /// </summary>
    /// <remarks>
    /// Retained states outlive a test on the fixture's brokers, and every monitor records the presence of each known
    /// device whose retained state it receives: each test clears the retained state it leaves (an empty retained
    /// message) so that other tests' device counts stay theirs.
    /// </remarks>
    [Collection(IngestCollection.Name)]
    public sealed class PresenceMonitorTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
        private readonly IngestFixture _fixture;

        public PresenceMonitorTests(IngestFixture fixture)
        {
            _fixture = fixture;
        }

        [Theory]
        [MemberData(nameof(MonitorTests.BrokersAndDatabases), MemberType = typeof(MonitorTests))]
        public async Task Monitor_DeviceConnectsIsSeveredAndReturns_FleetShowsOnlineOfflineOnline(string broker, string kind)
        {
            string db = StoreKind.NewDatabase(kind);
            IssuedDevice d = _fixture.IssueDevice("pres");
            string stateTopic = d.Telemetry.StateTopic;
            using TcpRelay relay = new TcpRelay(_fixture.Port(broker));
            MonitorRun? monitor = MonitorRun.Start(_fixture.PkiDirectory, IngestFixture.Passphrase, _fixture.Port(broker), db, _fixture.NextOperator());
            DevicePublisher device = new DevicePublisher(d, relay.Port, StatePayload.CreateOfflineWill());
            using ITelemetryStore store = StoreKind.Open(db);
            try
            {
                // Connect as the agent does: the will in CONNECT, then the retained state (online), then telemetry.
                await device.PublishAsync(TestDevice.State(true, 1), stateTopic, retain: true);
                await device.PublishAsync(d.Telemetry.Message(1, 0));
                Assert.True(Poll.Until(() => Presence(store, d.Id)?.Online == true && store.ReadTotals().Telemetry == 1, Wait), monitor.Log);
                JsonObject row = FleetDevice(db, d.Id);
                Assert.Equal("online", row["presence"]!.GetValue<string>());
                Assert.Equal("broker", row["state"]!["assertedBy"]!.GetValue<string>());
                Assert.Equal("device", row["state"]!["source"]!.GetValue<string>());
                long onlineSince = Presence(store, d.Id)!.SinceMs;

                // The radio link is cut: no DISCONNECT, so the broker publishes the retained will.
                relay.Refuse = true;
                relay.Sever();
                Assert.True(Poll.Until(() => Presence(store, d.Id) is { Online: false, FromWill: true }, Wait), "no will recorded\n" + monitor.Log);
                row = FleetDevice(db, d.Id);
                Assert.Equal("offline", row["presence"]!.GetValue<string>());
                Assert.Equal("will", row["state"]!["source"]!.GetValue<string>());
                Assert.True(Presence(store, d.Id)!.SinceMs >= onlineSince);

                // Back on the network: it reconnects (will again) and publishes its state.
                relay.Refuse = false;
                await device.PublishAsync(TestDevice.State(true, 1), stateTopic, retain: true);
                await device.PublishAsync(d.Telemetry.Message(1, 1));
                Assert.True(Poll.Until(() => Presence(store, d.Id)?.Online == true && store.ReadTotals().Telemetry == 2, Wait), monitor.Log);
                Assert.Equal(3, Presence(store, d.Id)!.States);

                // A hostile state on its topic: recorded with its reason; presence unchanged, telemetry still stored.
                await device.PublishAsync(new byte[] { 0xA6, 0x00, 0x01 }, stateTopic);
                await device.PublishAsync(d.Telemetry.Message(1, 2));
                Assert.True(Poll.Until(() => store.ReadTotals().Telemetry == 3 && store.ReadRejections(10).Any(r => r.Result == TelemetryResult.InvalidState), Wait), monitor.Log);
                Assert.Equal((true, 3L), (Presence(store, d.Id)!.Online, Presence(store, d.Id)!.States));
                Assert.Equal(Enumerable.Range(0, 3).Select(i => (1L, (long)i)), store.ReadSequences(d.Id));
                Assert.Equal(3, monitor.Monitor.Counters.StatesRecorded);
                Assert.Equal(1, monitor.Monitor.Counters.StateRejections);

                // Another monitor (a new session) receives the retained state at its subscribe: nothing changes.
                await monitor.DisposeAsync();
                monitor = MonitorRun.Start(_fixture.PkiDirectory, IngestFixture.Passphrase, _fixture.Port(broker), db, _fixture.NextOperator());
                Assert.True(Poll.Until(() => monitor.Monitor.Counters.StatesUnchanged >= 1, Wait), monitor.Log);
                Assert.Equal(0, monitor.Monitor.Counters.StatesRecorded);
                Assert.Equal(3, Presence(store, d.Id)!.States);
                Assert.Equal(1, store.ReadTotals().Online);
            }
            finally
            {
                // Leave no retained state behind (other tests count their devices), then stop cleanly (no will).
                await device.PublishAsync(Array.Empty<byte>(), stateTopic, retain: true);
                await device.DisposeAsync();
                if (monitor != null)
                {
                    await monitor.DisposeAsync();
                }
            }
        }

        [Fact]
        public async Task MonitorCli_StatesOnTheBroker_SummaryCountsStatesAndFleetStatusShowsPresence()
        {
            IssuedDevice d = _fixture.IssueDevice("pres");
            string db = StoreKind.NewDatabase(StoreKind.Sqlite);
            string stateTopic = d.Telemetry.StateTopic;
            DevicePublisher device = new DevicePublisher(d, _fixture.EmbeddedPort);
            try
            {
                await device.PublishAsync(TestDevice.State(true, 2), stateTopic, retain: true);

                // The retained state reaches the monitor at its subscribe; a malformed one follows while it runs.
                StringWriter output = new StringWriter();
                Task<int> run = Task.Run(() => CliApp.Run(new[] { "monitor", "--pki", _fixture.PkiDirectory, "--operator", _fixture.NextOperator(), "--broker", "127.0.0.1:" + _fixture.EmbeddedPort.ToString(CultureInfo.InvariantCulture), "--db", db, "--duration", "4", "--json" }, output, TextWriter.Null));
                using (ITelemetryStore store = StoreKind.Open(db))
                {
                    Assert.True(Poll.Until(() => Presence(store, d.Id) != null, Wait), "no presence");
                }

                await device.PublishAsync(new byte[] { 0x01 }, stateTopic);
                Assert.Equal(ExitCodes.Ok, await run);
                JsonObject summary = JsonNode.Parse(output.ToString())!.AsObject();
                Assert.Equal(1, summary["statesRecorded"]!.GetValue<long>());
                Assert.Equal(1, summary["stateRejections"]!.GetValue<long>());
                Assert.Equal(1, summary["rejections"]!["InvalidState"]!.GetValue<long>());

                StringWriter plain = new StringWriter();
                Assert.Equal(ExitCodes.Ok, CliApp.Run(new[] { "fleet", "status", "--db", db }, plain, TextWriter.Null));
                string text = plain.ToString();
                Assert.Contains("fleet status (sqlite, schema " + StoreSchema.CurrentVersion.ToString(CultureInfo.InvariantCulture) + ")", text, StringComparison.Ordinal);
                Assert.Matches(@"presence:\s+online", text);
                Assert.Contains("broker-asserted", text, StringComparison.Ordinal);
                Assert.Matches(@"online:\s+1", text);
                Assert.Matches(@"state rejections:\s+1", text);
            }
            finally
            {
                await device.PublishAsync(Array.Empty<byte>(), stateTopic, retain: true);
                await device.DisposeAsync();
            }
        }

        private static DevicePresence? Presence(ITelemetryStore store, string id) => store.ReadPresence().SingleOrDefault(p => p.DeviceId == id);

        private static JsonObject FleetDevice(string db, string id)
        {
            StringWriter json = new StringWriter();
            Assert.Equal(ExitCodes.Ok, CliApp.Run(new[] { "fleet", "status", "--db", db, "--json" }, json, TextWriter.Null));
            JsonObject report = JsonNode.Parse(json.ToString())!.AsObject();
            Assert.Contains("broker-asserted", report["note"]!.GetValue<string>(), StringComparison.Ordinal);
            return report["devices"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == id)!.AsObject();
        }
    }
}
