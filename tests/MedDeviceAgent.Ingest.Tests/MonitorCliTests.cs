using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Ingest.Tests.Support;
using MedDeviceAgent.Protocol;
using Xunit;

namespace MedDeviceAgent.Ingest.Tests
{
    /// <summary>'mda monitor' and 'mda fleet status' through the command line: in-process for output and exit codes, as processes for kills.</summary>
    [Collection(IngestCollection.Name)]
    public sealed class MonitorCliTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
        private readonly IngestFixture _fixture;

        public MonitorCliTests(IngestFixture fixture)
        {
            _fixture = fixture;
        }

        [Fact]
        public async Task Monitor_RedirectedOutput_PlainLinesSummaryAndFleetStatus()
        {
            string db = StoreKind.NewDatabase(StoreKind.Sqlite);
            IssuedDevice a = _fixture.IssueDevice();
            string identity = _fixture.NextOperator();
            StringWriter output = new StringWriter();
            StringWriter error = new StringWriter();
            Task<int> run = Task.Run(() => CliApp.Run(new[] { "monitor", "--pki", _fixture.PkiDirectory, "--operator", identity, "--broker", "127.0.0.1:" + _fixture.EmbeddedPort.ToString(CultureInfo.InvariantCulture), "--db", db, "--duration", "6", "--interval", "1" }, output, error));
            Assert.True(Poll.Until(() => error.ToString().Contains("subscribed", StringComparison.Ordinal), TimeSpan.FromSeconds(20)), error.ToString());
            await using (DevicePublisher publisher = new DevicePublisher(a, _fixture.EmbeddedPort))
            {
                for (int i = 0; i < 20; i++)
                {
                    await publisher.PublishAsync(a.Telemetry.Message(1, i));
                }

                await publisher.PublishAsync(new byte[] { 0x1C });
            }

            Assert.Equal(ExitCodes.Ok, await run);
            string text = output.ToString();
            Assert.Contains("monitor ops-", text, StringComparison.Ordinal);
            Assert.Contains("monitor: ", text, StringComparison.Ordinal);
            Assert.Contains("connected=yes", text, StringComparison.Ordinal);
            Assert.Contains("monitor stopped", text, StringComparison.Ordinal);
            Assert.Matches(@"stored:\s+20", text);
            Assert.Matches(@"malformed cbor:\s+1", text);

            StringWriter json = new StringWriter();
            Assert.Equal(ExitCodes.Ok, CliApp.Run(new[] { "fleet", "status", "--db", db, "--json" }, json, TextWriter.Null));
            JsonObject report = JsonNode.Parse(json.ToString())!.AsObject();
            Assert.Equal("sqlite", report["database"]!.GetValue<string>());
            Assert.Equal(20, report["totals"]!["telemetry"]!.GetValue<long>());
            JsonObject device = report["devices"]!.AsArray().Single()!.AsObject();
            Assert.Equal(a.Id, device["id"]!.GetValue<string>());
            Assert.Equal(19, device["sequence"]!.GetValue<long>());
            Assert.Equal(1, device["rejections"]!.GetValue<long>());
            Assert.Equal("1.2.3", device["firmwareVersion"]!.GetValue<string>());

            StringWriter plain = new StringWriter();
            Assert.Equal(ExitCodes.Ok, CliApp.Run(new[] { "fleet", "status", "--db", db }, plain, TextWriter.Null));
            Assert.Contains("fleet status (sqlite, schema " + StoreSchema.CurrentVersion.ToString(CultureInfo.InvariantCulture) + ")", plain.ToString(), StringComparison.Ordinal);
            Assert.Contains(a.Id, plain.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Monitor_Json_SummaryOnlyOnStdout()
        {
            string db = StoreKind.NewDatabase(StoreKind.Postgres);
            StringWriter output = new StringWriter();
            int code = CliApp.Run(new[] { "monitor", "--pki", _fixture.PkiDirectory, "--operator", _fixture.NextOperator(), "--broker", "127.0.0.1:" + _fixture.MosquittoPort.ToString(CultureInfo.InvariantCulture), "--db", db, "--duration", "2", "--json" }, output, TextWriter.Null);

            Assert.Equal(ExitCodes.Ok, code);
            JsonObject summary = JsonNode.Parse(output.ToString())!.AsObject();
            Assert.Equal("postgresql", summary["database"]!.GetValue<string>());
            Assert.Equal(0, summary["stored"]!.GetValue<long>());
            Assert.True(summary["connects"]!.GetValue<long>() >= 1);
        }

        [Fact]
        public void MonitorAndFleet_BadInput_DocumentedExitCodes()
        {
            string db = StoreKind.NewDatabase(StoreKind.Sqlite);
            string[] common = { "--pki", _fixture.PkiDirectory, "--operator", _fixture.NextOperator(), "--db", db, "--duration", "1" };
            Assert.Equal(ExitCodes.Usage, CliApp.Run(new[] { "monitor", "--broker", "127.0.0.1:99999" }.Concat(common).ToArray(), TextWriter.Null, TextWriter.Null));
            Assert.Equal(ExitCodes.Usage, CliApp.Run(new[] { "monitor", "--broker", "127.0.0.1:1", "--share", "a/b" }.Concat(common).ToArray(), TextWriter.Null, TextWriter.Null));
            Assert.Equal(ExitCodes.InputError, CliApp.Run(new[] { "monitor", "--pki", _fixture.PkiDirectory, "--operator", Path.Combine(_fixture.Root, "no-such-bundle"), "--db", db, "--broker", "127.0.0.1:1" }, TextWriter.Null, TextWriter.Null));
            Assert.Equal(1 /* never connected */, CliApp.Run(new[] { "monitor", "--broker", "127.0.0.1:" + IngestFixture.FreePort().ToString(CultureInfo.InvariantCulture) }.Concat(common).ToArray(), TextWriter.Null, TextWriter.Null));
            Assert.Equal(ExitCodes.InputError, CliApp.Run(new[] { "fleet", "status", "--db", Path.Combine(_fixture.Root, "missing.db") }, TextWriter.Null, TextWriter.Null));
            StringWriter help = new StringWriter();
            CliApp.Run(new[] { "monitor", "--help" }, help, TextWriter.Null);
            Assert.Contains("Exit codes: 0 stopped", help.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Monitor_WrongPassphrase_Exit4()
        {
            _fixture.IssueDevice();
            string? saved = Environment.GetEnvironmentVariable("MDA_PASSPHRASE");
            try
            {
                Environment.SetEnvironmentVariable("MDA_PASSPHRASE", "not the passphrase");
                int code = CliApp.Run(new[] { "monitor", "--pki", _fixture.PkiDirectory, "--operator", _fixture.NextOperator(), "--broker", "127.0.0.1:1", "--db", StoreKind.NewDatabase(StoreKind.Sqlite), "--duration", "1" }, TextWriter.Null, TextWriter.Null);
                Assert.Equal(ExitCodes.WrongPassphrase, code);
            }
            finally
            {
                Environment.SetEnvironmentVariable("MDA_PASSPHRASE", saved);
            }
        }

        [Fact]
        public async Task MonitorProcess_KilledMidStreamAndRestarted_EveryMessageExactlyOnce()
        {
            string db = StoreKind.NewDatabase(StoreKind.Sqlite);
            IssuedDevice a = _fixture.IssueDevice();
            string identity = _fixture.NextOperator();
            string[] args = { "monitor", "--pki", _fixture.PkiDirectory, "--operator", identity, "--broker", "127.0.0.1:" + _fixture.EmbeddedPort.ToString(CultureInfo.InvariantCulture), "--db", db, "--batch-size", "10" };
            using ITelemetryStore store = StoreKind.Open(db);
            MdaProcess first = MdaProcess.Start(IngestFixture.Passphrase, args);
            Assert.True(Poll.Until(() => first.AllOutput.Contains("subscribed", StringComparison.Ordinal), Wait), first.AllOutput);
            await using DevicePublisher publisher = new DevicePublisher(a, _fixture.EmbeddedPort);
            Task stream = Task.Run(async () =>
            {
                for (int i = 0; i < 300; i++)
                {
                    await publisher.PublishAsync(a.Telemetry.Message(4, i));
                }
            });
            Assert.True(Poll.Until(() => store.ReadTotals().Telemetry >= 60, Wait), first.AllOutput);
            first.Kill();
            long atKill = store.ReadTotals().Telemetry;
            await stream;
            first.Dispose();

            using MdaProcess second = MdaProcess.Start(IngestFixture.Passphrase, args);
            Assert.True(Poll.Until(() => store.ReadTotals().Telemetry == 300, Wait), "stored " + store.ReadTotals().Telemetry + " (" + atKill + " at the kill)\n" + second.AllOutput);
            Assert.True(atKill < 300, "killed mid-stream");
            Assert.Equal(Enumerable.Range(0, 300).Select(i => (4L, (long)i)), store.ReadSequences(a.Id));
            Assert.All(store.ReadRejections(100), r => Assert.Equal(TelemetryResult.Replayed, r.Result));
        }

        [Fact]
        public async Task SharedSubscription_TwoMonitorsOneKilledAndRestarted_EveryMessageExactlyOnceInPostgres()
        {
            string db = StoreKind.NewDatabase(StoreKind.Postgres);
            StoreKind.Open(db).Dispose();
            IssuedDevice[] devices = Enumerable.Range(0, 4).Select(_ => _fixture.IssueDevice("fleet")).ToArray();
            string port = _fixture.MosquittoPort.ToString(CultureInfo.InvariantCulture);
            string[] Args(string identity) => new[] { "monitor", "--pki", _fixture.PkiDirectory, "--operator", identity, "--broker", "127.0.0.1:" + port, "--db", db, "--share", "ingest", "--batch-size", "10" };
            string[] one = Args(_fixture.NextOperator());
            string[] two = Args(_fixture.NextOperator());
            using ITelemetryStore store = StoreKind.Open(db);
            MdaProcess a = MdaProcess.Start(IngestFixture.Passphrase, one);
            using MdaProcess b = MdaProcess.Start(IngestFixture.Passphrase, two);
            Assert.True(Poll.Until(() => a.AllOutput.Contains("subscribed", StringComparison.Ordinal) && b.AllOutput.Contains("subscribed", StringComparison.Ordinal), Wait), a.AllOutput + b.AllOutput);

            const int PerDevice = 100;
            Task[] streams = devices.Select(d => Task.Run(async () =>
            {
                await using DevicePublisher publisher = new DevicePublisher(d, _fixture.MosquittoPort);
                for (int i = 0; i < PerDevice; i++)
                {
                    await publisher.PublishAsync(d.Telemetry.Message(1, i));
                }
            })).ToArray();
            Assert.True(Poll.Until(() => store.ReadTotals().Telemetry >= 80, Wait), a.AllOutput + b.AllOutput);
            a.Kill();
            long atKill = store.ReadTotals().Telemetry;
            await Task.WhenAll(streams);
            a.Dispose();

            using MdaProcess again = MdaProcess.Start(IngestFixture.Passphrase, one);
            Assert.True(Poll.Until(() => store.ReadTotals().Telemetry == devices.Length * PerDevice, Wait), "stored " + store.ReadTotals().Telemetry + " (" + atKill + " at the kill)\n" + again.AllOutput + b.AllOutput);
            Assert.True(atKill < devices.Length * PerDevice, "killed mid-stream");
            foreach (IssuedDevice d in devices)
            {
                Assert.Equal(Enumerable.Range(0, PerDevice).Select(i => (1L, (long)i)), store.ReadSequences(d.Id));
            }

            // Delivered out of order between the two members: a message below the mark was stored only as a late delivery into its gap.
            Assert.Empty(store.ReadGaps());
            Assert.DoesNotContain(store.ReadRejections(1000), r => r.Result != TelemetryResult.Replayed);
        }
    }
}
