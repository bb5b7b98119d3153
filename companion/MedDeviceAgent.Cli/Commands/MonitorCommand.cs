using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>'mda monitor': the companion ingest (verify every telemetry message, store it exactly once, record every rejection).</summary>
    internal static class MonitorCommand
    {
        /// <summary>Exit code when the monitor never reached the broker during its run.</summary>
        public const int NeverConnected = 1;

        private const string Help = "Ingest telemetry: subscribe (persistent MQTT 5 session, QoS 1) to every device's telemetry with an operator identity, "
            + "verify each message with the device's key from the PKI (MAC, key id = topic's device, boot counter, sequence), store it exactly once in --db "
            + "(SQLite file, or PostgreSQL 'Host=...;...' / postgres://...) and record every rejection with its reason; acknowledge only after the commit. "
            + "Also records each device's presence from its retained state and Last Will (mda/v1/+/+/state, never shared): broker-asserted, not authenticated. "
            + "Live view on a terminal, plain status lines when redirected, a summary at the end (docs/ingest.md). The passphrase (MDA_PASSPHRASE) decrypts the telemetry keys. "
            + "Without --operator the bundle PKI/" + OperatorBundle.DefaultFolderName + " is used, issued as operator '" + OperatorBundle.DefaultName + "' on first use. "
            + "Exit codes: 0 stopped (--duration, Ctrl-C, SIGTERM), 1 never connected to the broker, 2 usage, 3 database or bundle unreadable, 4 passphrase, 5 PKI error.";

        /// <summary>Builds the command.</summary>
        public static Command Create()
        {
            Option<string> pki = CliOptions.RequiredPath("--pki", "PKI folder (device register and telemetry keys)");
            Option<string?> bundle = new Option<string?>("--operator") { Description = "Operator bundle folder from 'mda pki issue-operator' (ca.pem, cert.pem, key.pem); its CN is the MQTT client id. Default: PKI/" + OperatorBundle.DefaultFolderName };
            Option<string> broker = new Option<string>("--broker") { Description = "Broker HOST:PORT (port 8883 when omitted); HOST must be a name in the broker's certificate", Required = true };
            Option<string> db = CliOptions.RequiredPath("--db", "Telemetry database: a SQLite file path, or a PostgreSQL connection string ('Host=...;Database=...') or postgres:// URI");
            Option<string?> share = new Option<string?>("--share") { Description = "Join the MQTT 5 shared subscription $share/GROUP/... (several monitors, one database)" };
            Option<int?> duration = new Option<int?>("--duration") { Description = "Stop after this many seconds (default: until Ctrl-C or SIGTERM)" };
            Option<int> batch = new Option<int>("--batch-size") { Description = "Most messages per database transaction (1-5000, default 500)", DefaultValueFactory = _ => 500 };
            Option<int> interval = new Option<int>("--interval") { Description = "Seconds between status lines when the output is not a terminal (default 5)", DefaultValueFactory = _ => 5 };
            Option<bool> json = CliOptions.Json();
            Command command = new Command("monitor", Help);
            foreach (Option option in new Option[] { pki, bundle, broker, db, share, duration, batch, interval, json })
            {
                command.Options.Add(option);
            }

            command.SetAction(r => CommandRunner.Run(r, (output, error) =>
            {
                int? seconds = r.GetValue(duration);
                int size = r.GetValue(batch);
                int every = r.GetValue(interval);
                string? group = r.GetValue(share);
                if ((seconds.HasValue && seconds.Value < 1) || size < 1 || size > 5000 || every < 1)
                {
                    error.WriteLine("error: --duration, --batch-size (1-5000) and --interval must be positive");
                    return ExitCodes.Usage;
                }

                if (group != null && (group.Length == 0 || group.IndexOfAny(new[] { '/', '+', '#' }) >= 0))
                {
                    error.WriteLine("error: --share: a group name has no '/', '+' or '#'");
                    return ExitCodes.Usage;
                }

                return Run(r.GetValue(pki)!, r.GetValue(bundle), r.GetValue(broker)!, r.GetValue(db)!, group, seconds, size, every, r.GetValue(json), output, error);
            }));
            return command;
        }

        private static int Run(string pki, string? bundle, string broker, string db, string? share, int? duration, int batchSize, int interval, bool json, TextWriter output, TextWriter error)
        {
            (string host, int port) = BrokerAddress.Parse(broker);
            string passphrase = PassphraseSource.Get(error, isNew: false);
            DeviceKeyRing keys = new DeviceKeyRing(pki, passphrase);
            MonitorOptions options = new MonitorOptions { Host = host, Port = port, ShareGroup = share, BatchSize = batchSize };
            OperatorBundle.Apply(bundle ?? OperatorBundle.EnsureDefault(pki, passphrase, DateTimeOffset.UtcNow), options);
            ITelemetryStore? first = TelemetryStores.Open(db);
            string kind = first.Kind;
            IngestMonitor monitor = new IngestMonitor(
                options,
                () =>
                {
                    ITelemetryStore store = first ?? TelemetryStores.Open(db);
                    first = null;
                    return store;
                },
                keys,
                TextWriter.Synchronized(error));

            using CancellationTokenSource stop = duration.HasValue ? new CancellationTokenSource(TimeSpan.FromSeconds(duration.Value)) : new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            using System.Runtime.InteropServices.PosixSignalRegistration term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            DateTime started = DateTime.UtcNow;
            try
            {
                if (!json)
                {
                    output.WriteLine("monitor " + monitor.ClientId + " -> " + host + ":" + port.ToString(CultureInfo.InvariantCulture) + " " + string.Join(" ", options.Filters) + ", database " + kind + "; " + keys.LiveDevices.ToString(CultureInfo.InvariantCulture) + " devices in the PKI");
                    output.Flush();
                }

                Task run = monitor.RunAsync(stop.Token);
                if (!json && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
                {
                    MonitorView.RunLive(monitor, run, started);
                }
                else
                {
                    MonitorView.RunPlain(monitor, run, started, json ? TextWriter.Null : output, TimeSpan.FromSeconds(interval));
                }

                run.GetAwaiter().GetResult();
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            ReportWriter.Write(output, json, "monitor stopped", Summary(monitor, kind, DateTime.UtcNow - started));
            if (monitor.Counters.Connects == 0)
            {
                error.WriteLine("error: never connected to the broker at " + host + ":" + port.ToString(CultureInfo.InvariantCulture));
                return NeverConnected;
            }

            return ExitCodes.Ok;
        }

        private static JsonObject Summary(IngestMonitor monitor, string kind, TimeSpan elapsed)
        {
            IngestCounters c = monitor.Counters;
            JsonObject rejected = new JsonObject();
            foreach (TelemetryResult result in Enum.GetValues<TelemetryResult>())
            {
                long n = c.Rejections(result);
                if (n > 0)
                {
                    rejected[result.ToString()] = n;
                }
            }

            return new JsonObject
            {
                ["clientId"] = monitor.ClientId,
                ["database"] = kind,
                ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
                ["received"] = c.Received,
                ["stored"] = c.Stored,
                ["late"] = c.Late,
                ["rejected"] = c.Rejected,
                ["rejections"] = rejected,
                ["rejectionsNotStored"] = monitor.SuppressedRejections,
                ["statesRecorded"] = c.StatesRecorded,
                ["statesUnchanged"] = c.StatesUnchanged,
                ["stateRejections"] = c.StateRejections,
                ["devices"] = c.Devices.Count,
                ["batches"] = c.Batches,
                ["failedCommits"] = c.FailedCommits,
                ["connects"] = c.Connects,
                ["acknowledgeFailures"] = c.AcknowledgeFailures,
                ["subscriptionRefusals"] = c.SubscriptionRefusals,
            };
        }
    }
}
