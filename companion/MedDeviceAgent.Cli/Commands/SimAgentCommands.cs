using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.VirtualDevice;
using MedDeviceAgent.VirtualDevice.Agent;
using PackageRequest = MedDeviceAgent.Companion.Packaging.PackageRequest;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>'mda sim run' and 'mda sim fleet': the device agent of virtual devices against a broker.</summary>
    internal static class SimAgentCommands
    {
        /// <summary>Batches larger than this report their issuing progress (a line per chunk) on stderr.</summary>
        private const int IssueProgressThreshold = 256;

        /// <summary>Test hook: cancelled to stop a running 'sim run' or 'sim fleet' as Ctrl-C would.</summary>
        internal static CancellationToken? TestCancel { get; set; }

        /// <summary>Loads a bundle folder for 'sim init --bundle' (exit 3 when it is missing or refused).</summary>
        public static DeviceBundle LoadBundle(string folder)
        {
            if (!Directory.Exists(folder))
            {
                throw new CompanionException(CompanionErrorKind.InputError, "bundle folder '" + folder + "' does not exist");
            }

            try
            {
                return DeviceBundle.Load(folder);
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "bundle '" + folder + "' refused: " + e.Message, e);
            }
        }

        /// <summary>Builds 'sim run'.</summary>
        public static Command Run()
        {
            Option<string> state = new Option<string>("--state") { Description = "Folder of a virtual device provisioned with 'sim init --bundle'", Required = true };
            Option<string> broker = BrokerOption();
            Option<double> period = new Option<double>("--period") { Description = "Telemetry period in seconds (default 10)", DefaultValueFactory = _ => 10 };
            Option<long> count = new Option<long>("--count") { Description = "Stop (exit 0) once this many messages are acknowledged" };
            Option<double?> duration = new Option<double?>("--duration") { Description = "Stop after this many seconds" };
            Option<bool> json = CliOptions.Json();
            Command command = new Command("run", "Run the device agent of a virtual device: connects to the broker over mutual TLS with the bundle's certificate (the broker verified against its ca.pem), publishes the retained state and a Last Will, takes telemetry every --period into the flash queue and sends it oldest first at QoS 1 (deleted only after PUBACK), reconnects with jittered back-off. Ctrl-C stops cleanly. Progress on stderr, a summary (sent, acked, queued, dropped, reconnects) on stdout. Exit codes: 0 done (count reached, duration over, or Ctrl-C without --count), 2 usage, 3 no virtual device or no bundle in --state, 8 --count not reached before the run ended");
            foreach (Option o in new Option[] { state, broker, period, count, duration, json })
            {
                command.Options.Add(o);
            }

            command.SetAction(r => CommandRunner.Run(r, (output, error) =>
            {
                (string host, int port) = ParseBroker(r.GetValue(broker)!);
                int periodMs = PeriodMilliseconds(r.GetValue(period));
                long wanted = r.GetValue(count);
                if (wanted < 0)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--count must be 0 or more");
                }

                TimeSpan? limit = Duration(r.GetValue(duration));
                string dir = r.GetValue(state)!;
                SimDevice device = SimStateFolder.Open(dir);
                try
                {
                    if (!DeviceBundle.IsPresent(dir))
                    {
                        throw new CompanionException(CompanionErrorKind.InputError, "'" + dir + "' was not provisioned from a bundle: run 'mda sim init --bundle BUNDLE ...' first");
                    }

                    DeviceBundle bundle = LoadBundle(dir);
                    if (bundle.DeviceId != device.Engine.State.Trust.DeviceId)
                    {
                        throw new CompanionException(CompanionErrorKind.InputError, "the bundle in '" + dir + "' is for " + bundle.DeviceId + ", the device is " + device.Engine.State.Trust.DeviceId);
                    }

                    VirtualAgentOptions options = new VirtualAgentOptions { BrokerHost = host, BrokerPort = port, TelemetryPeriodMilliseconds = periodMs };
                    using VirtualAgent agent = new VirtualAgent(device, bundle, options);
                    using CancellationTokenSource stop = CancelSource();
                    error.WriteLine("sim run: " + bundle.DeviceId + " (boot " + agent.Agent.BootCounter.ToString(CultureInfo.InvariantCulture) + ") to " + host + ":" + port.ToString(CultureInfo.InvariantCulture) + ", telemetry every " + (periodMs / 1000.0).ToString(CultureInfo.InvariantCulture) + " s; Ctrl-C stops");
                    agent.Start();
                    AgentRunSummary summary = AgentRun.Run(agent, wanted, limit, stop.Token, TimeSpan.FromSeconds(5), p => error.WriteLine("  " + Line(p)));
                    bool complete = wanted == 0 || summary.CountReached;
                    if (r.GetValue(json))
                    {
                        output.WriteLine(JsonSerializer.Serialize(new
                        {
                            deviceId = summary.DeviceId,
                            boot = summary.Boot,
                            seconds = Math.Round(summary.Seconds, 3),
                            sent = summary.Sent,
                            acked = summary.Acknowledged,
                            queued = summary.Queued,
                            pending = summary.Pending,
                            dropped = summary.Dropped,
                            reconnects = summary.Reconnects,
                            connectFailures = summary.ConnectFailures,
                            countReached = summary.CountReached,
                            cancelled = summary.Cancelled,
                        }));
                    }
                    else
                    {
                        output.WriteLine((complete ? "done: " : "INCOMPLETE: ") + Line(summary));
                    }

                    return complete ? ExitCodes.Ok : ExitCodes.NotCompleted;
                }
                finally
                {
                    SimStateFolder.Close(device);
                }
            }));
            return command;
        }

        /// <summary>Builds 'sim fleet'.</summary>
        public static Command Fleet()
        {
            Option<string> pki = new Option<string>("--pki") { Description = "PKI directory (from 'mda pki init'); the passphrase comes from MDA_PASSPHRASE or a prompt", Required = true };
            Option<int> devices = new Option<int>("--devices") { Description = "Number of virtual devices", Required = true };
            Option<string> broker = BrokerOption();
            Option<double> period = new Option<double>("--period") { Description = "Telemetry period of each device in seconds (default 10)", DefaultValueFactory = _ => 10 };
            Option<double> duration = new Option<double>("--duration") { Description = "Length of the run in seconds (default 60)", DefaultValueFactory = _ => 60 };
            Option<string?> work = new Option<string?>("--work") { Description = "Work folder for the fleet's bundles (default PKI/fleet); bundles issued there are reused on a rerun" };
            Option<string> deviceClass = new Option<string>("--device-class") { Description = "Device class of the fleet", DefaultValueFactory = _ => "sim-fleet" };
            Option<string> prefix = new Option<string>("--id-prefix") { Description = "Device ids are PREFIX-00001.. (default fleet)", DefaultValueFactory = _ => "fleet" };
            Option<int> workers = new Option<int>("--workers") { Description = "Worker threads stepping the agents (default: processor count, at least 2)", DefaultValueFactory = _ => Math.Max(2, Environment.ProcessorCount) };
            Option<string?> timeline = new Option<string?>("--timeline") { Description = "Also write FILE (CSV: device,boot,sequence,queued_unix_ms,steady), one line per message queued, for end-to-end latency against the store's received_ms (tools/perf/fleet-load.sh)" };
            Option<bool> json = CliOptions.Json();
            Command command = new Command("fleet", "Run N virtual devices' agents in one process (a few worker threads, not one per device) against a broker, for load tests: bundles are issued on the fly by the PKI into the work folder and reused on a rerun; devices live on in-memory flash. Summary: connected, connect time p50/p99, messages acked, lost (dropped by full queues), still queued, publish latency p50/p99 over the run and in the steady state (after every device connected once). Exit codes: 0 done, 2 usage, 3 a damaged bundle in the work folder, 4 wrong passphrase, 5 PKI missing or a device id with a live certificate but no bundle in the work folder, 6 cannot write the work folder");
            foreach (Option o in new Option[] { pki, devices, broker, period, duration, work, deviceClass, prefix, workers, timeline, json })
            {
                command.Options.Add(o);
            }

            command.SetAction(r => CommandRunner.Run(r, (output, error) =>
            {
                (string host, int port) = ParseBroker(r.GetValue(broker)!);
                int count = r.GetValue(devices);
                if (count < 1 || count > 100000)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--devices must be from 1 to 100000");
                }

                if (r.GetValue(workers) < 1)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--workers must be at least 1");
                }

                int periodMs = PeriodMilliseconds(r.GetValue(period));
                TimeSpan length = Duration(r.GetValue(duration)) ?? TimeSpan.FromSeconds(60);
                PackageRequest.CheckIdentifier(r.GetValue(deviceClass)!, "--device-class");
                PackageRequest.CheckIdentifier(SimFleet.DeviceId(r.GetValue(prefix)!, count), "--id-prefix");
                PkiDirectory directory = PkiDirectory.Open(r.GetValue(pki)!);
                TlsAuthority tls = TlsAuthority.Open(directory);
                string workFolder = r.GetValue(work) ?? Path.Combine(r.GetValue(pki)!, "fleet");
                string? passphrase = null;
                System.Collections.Generic.IReadOnlyList<DeviceBundle> bundles;
                int issued;
                try
                {
                    bundles = SimFleet.Bundles(workFolder, r.GetValue(prefix)!, count, missing =>
                    {
                        passphrase ??= PassphraseSource.Get(error, isNew: false);
                        error.WriteLine("sim fleet: issuing " + missing.Count.ToString(CultureInfo.InvariantCulture) + " device bundles into " + Path.Combine(workFolder, SimFleet.BundlesFolder));
                        tls.IssueDevices(missing, TlsAuthority.DefaultValidDays, passphrase, DateTimeOffset.UtcNow, done =>
                        {
                            if (missing.Count > IssueProgressThreshold)
                            {
                                error.WriteLine("sim fleet: issued " + done.ToString(CultureInfo.InvariantCulture) + " of " + missing.Count.ToString(CultureInfo.InvariantCulture));
                            }
                        });
                    }, out issued);
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
                {
                    throw new CompanionException(e is InvalidDataException ? CompanionErrorKind.InputError : CompanionErrorKind.OutputError, "fleet work folder '" + workFolder + "': " + e.Message, e);
                }

                TrustAnchor anchor = new TrustAnchor();
                byte[] raw = directory.Root.PublicKey.RawKey;
                anchor.Set(1, directory.Root.PublicKey.Algorithm, raw, 0, raw.Length);
                VirtualAgentOptions options = new VirtualAgentOptions { BrokerHost = host, BrokerPort = port, TelemetryPeriodMilliseconds = periodMs, MaxIdleMilliseconds = Math.Min(1000, periodMs) };
                long boot;
                try
                {
                    boot = SimFleet.NextBoot(workFolder);
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
                {
                    throw new CompanionException(e is InvalidDataException ? CompanionErrorKind.InputError : CompanionErrorKind.OutputError, "fleet work folder '" + workFolder + "': " + e.Message, e);
                }

                System.Collections.Generic.IReadOnlyList<VirtualAgent> agents = SimFleet.Agents(bundles, r.GetValue(deviceClass)!, anchor, options, boot);
                error.WriteLine("sim fleet: " + count.ToString(CultureInfo.InvariantCulture) + " devices (" + issued.ToString(CultureInfo.InvariantCulture) + " bundles issued now, " + (count - issued).ToString(CultureInfo.InvariantCulture) + " reused) to " + host + ":" + port.ToString(CultureInfo.InvariantCulture) + " for " + length.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s on " + r.GetValue(workers).ToString(CultureInfo.InvariantCulture) + " workers");
                FleetSummary summary;
                try
                {
                    using CancellationTokenSource stop = CancelSource();
                    System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
                    summary = new AgentFleet(agents, r.GetValue(workers)) { RecordQueueTimes = r.GetValue(timeline) != null }.Run(() => stop.IsCancellationRequested || watch.Elapsed >= length);
                }
                finally
                {
                    foreach (VirtualAgent agent in agents)
                    {
                        agent.Dispose();
                    }
                }

                if (r.GetValue(timeline) is string timelinePath)
                {
                    try
                    {
                        FleetTimeline.Write(timelinePath, summary.QueueTimes);
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        throw new CompanionException(CompanionErrorKind.OutputError, "cannot write --timeline '" + timelinePath + "': " + e.Message, e);
                    }
                }

                if (r.GetValue(json))
                {
                    output.WriteLine(JsonSerializer.Serialize(new
                    {
                        devices = summary.Devices,
                        connected = summary.Connected,
                        seconds = Math.Round(summary.Seconds, 3),
                        connectP50Ms = Math.Round(summary.ConnectP50Ms, 1),
                        connectP99Ms = Math.Round(summary.ConnectP99Ms, 1),
                        queued = summary.Queued,
                        acked = summary.Acknowledged,
                        pending = summary.Pending,
                        lost = summary.Lost,
                        reconnects = summary.Reconnects,
                        latencyP50Ms = Math.Round(summary.LatencyP50Ms, 2),
                        latencyP99Ms = Math.Round(summary.LatencyP99Ms, 2),
                        steadyMessages = summary.SteadyMessages,
                        steadyLatencyP50Ms = Math.Round(summary.SteadyLatencyP50Ms, 2),
                        steadyLatencyP99Ms = Math.Round(summary.SteadyLatencyP99Ms, 2),
                        bundlesIssued = issued,
                    }));
                }
                else
                {
                    output.WriteLine("devices   " + summary.Devices.ToString(CultureInfo.InvariantCulture) + ", connected " + summary.Connected.ToString(CultureInfo.InvariantCulture) + " (connect p50 " + Ms(summary.ConnectP50Ms) + ", p99 " + Ms(summary.ConnectP99Ms) + ")");
                    output.WriteLine("messages  queued " + summary.Queued.ToString(CultureInfo.InvariantCulture) + ", acked " + summary.Acknowledged.ToString(CultureInfo.InvariantCulture) + ", still queued " + summary.Pending.ToString(CultureInfo.InvariantCulture) + ", lost " + summary.Lost.ToString(CultureInfo.InvariantCulture) + ", reconnects " + summary.Reconnects.ToString(CultureInfo.InvariantCulture));
                    output.WriteLine("latency   queue to PUBACK p50 " + Ms(summary.LatencyP50Ms) + ", p99 " + Ms(summary.LatencyP99Ms) + "; steady state (" + summary.SteadyMessages.ToString(CultureInfo.InvariantCulture) + " messages) p50 " + Ms(summary.SteadyLatencyP50Ms) + ", p99 " + Ms(summary.SteadyLatencyP99Ms));
                }

                return ExitCodes.Ok;
            }));
            return command;
        }

        /// <summary>Splits HOST:PORT ([v6]:PORT for an IPv6 address).</summary>
        internal static (string Host, int Port) ParseBroker(string value)
        {
            int colon = value.LastIndexOf(':');
            string host = colon > 0 ? value.Substring(0, colon) : string.Empty;
            if (host.StartsWith('[') && host.EndsWith(']'))
            {
                host = host.Substring(1, host.Length - 2);
            }

            if (host.Length == 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "--broker must be HOST:PORT (port 1-65535), not '" + value + "'");
            }

            return (host, port);
        }

        private static Option<string> BrokerOption() => new Option<string>("--broker") { Description = "Broker HOST:PORT (the host must match the broker certificate, e.g. 127.0.0.1:8883)", Required = true };

        private static int PeriodMilliseconds(double seconds)
        {
            if (double.IsNaN(seconds) || seconds < 0.01 || seconds > 86400)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "--period must be from 0.01 to 86400 seconds");
            }

            return (int)Math.Round(seconds * 1000);
        }

        private static TimeSpan? Duration(double? seconds)
        {
            if (seconds == null)
            {
                return null;
            }

            if (double.IsNaN(seconds.Value) || seconds.Value <= 0 || seconds.Value > 31 * 86400)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "--duration must be above 0 and at most 31 days");
            }

            return TimeSpan.FromSeconds(seconds.Value);
        }

        /// <summary>Cancelled by Ctrl-C (the process keeps running to stop cleanly) or by the test hook.</summary>
        private static CancellationTokenSource CancelSource()
        {
            CancellationTokenSource source = TestCancel is CancellationToken test ? CancellationTokenSource.CreateLinkedTokenSource(test) : new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                try
                {
                    source.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The run is over.
                }
            };
            return source;
        }

        private static string Line(AgentRunSummary s)
        {
            return "sent " + s.Sent.ToString(CultureInfo.InvariantCulture) + ", acked " + s.Acknowledged.ToString(CultureInfo.InvariantCulture) + ", queued " + s.Pending.ToString(CultureInfo.InvariantCulture) + ", dropped " + s.Dropped.ToString(CultureInfo.InvariantCulture) + ", reconnects " + s.Reconnects.ToString(CultureInfo.InvariantCulture) + (s.Connected ? " (connected)" : " (not connected)") + ", " + s.Seconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
        }

        private static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture) + " ms";
    }
}
