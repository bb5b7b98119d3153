using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Ingest;

namespace MedDeviceAgent.EndToEnd.Tests.Support
{
    /// <summary>
    /// The whole telemetry chain of one test: N <see cref="ChainDevice"/>s (real agents, file flash) -> a
    /// <see cref="ChainBroker"/> (embedded or Mosquitto) -> monitors (in process, <see cref="IngestMonitor"/>, or
    /// <c>mda monitor</c> processes) -> a fresh database (SQLite or PostgreSQL); and the audit every scenario ends with
    /// (<see cref="AssertEveryMessageExactlyOnce"/>).
    /// </summary>
    public sealed class Chain : IAsyncDisposable
    {
        /// <summary>Bound of every wait of a chain test (generous: the machine is shared).</summary>
        public static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

        private readonly ChainFixture _fixture;
        private readonly List<ChainDevice> _devices = new List<ChainDevice>();
        private readonly List<MonitorRun> _monitors = new List<MonitorRun>();
        private readonly List<MdaProcess> _processes = new List<MdaProcess>();
        private readonly StringBuilder _retiredLogs = new StringBuilder();

        private Chain(ChainFixture fixture, ChainBroker broker, string storeKind, string db)
        {
            _fixture = fixture;
            Broker = broker;
            StoreKindName = storeKind;
            Db = db;
            Operator = fixture.NextOperator();
        }

        /// <summary>The broker.</summary>
        public ChainBroker Broker { get; }

        /// <summary>"sqlite" or "postgresql".</summary>
        public string StoreKindName { get; }

        /// <summary>The database (--db value).</summary>
        public string Db { get; }

        /// <summary>The operator identity of the chain's (first) monitor: the same on every restart, so its persistent session resumes.</summary>
        public string Operator { get; }

        /// <summary>The devices.</summary>
        public IReadOnlyList<ChainDevice> Devices => _devices;

        /// <summary>The in-process monitors started so far (running or stopped).</summary>
        public IReadOnlyList<MonitorRun> Monitors => _monitors;

        /// <summary>Starts the broker and makes a fresh database of <paramref name="storeKind"/>; no monitor, no device yet.</summary>
        public static async Task<Chain> StartAsync(ChainFixture fixture, string broker, string storeKind)
        {
            ChainBroker started = await ChainBroker.StartAsync(fixture, broker);
            string db = StoreKind.NewDatabase(storeKind);
            StoreKind.Open(db).Dispose();
            return new Chain(fixture, started, storeKind, db);
        }

        /// <summary>Starts an in-process monitor (<paramref name="identity"/>, default <see cref="Operator"/>) and waits until it is subscribed.</summary>
        public MonitorRun StartMonitor(string? identity = null, string? share = null)
        {
            MonitorRun run = MonitorRun.Start(_fixture.PkiDirectory, ChainFixture.Passphrase, Broker.Port, Db, identity ?? Operator, share, batchSize: 10);
            _monitors.Add(run);
            return run;
        }

        /// <summary>Starts <c>mda monitor</c> as a process (<paramref name="identity"/>, default <see cref="Operator"/>) and waits until it says it subscribed.</summary>
        public MdaProcess StartMonitorProcess(string? identity = null, string? share = null)
        {
            List<string> args = new List<string> { "monitor", "--pki", _fixture.PkiDirectory, "--operator", identity ?? Operator, "--broker", "127.0.0.1:" + Broker.Port.ToString(CultureInfo.InvariantCulture), "--db", Db, "--batch-size", "10" };
            if (share != null)
            {
                args.Add("--share");
                args.Add(share);
            }

            MdaProcess process = MdaProcess.Start(ChainFixture.Passphrase, args.ToArray());
            _processes.Add(process);
            if (!Poll.Until(() => process.HasExited || process.AllOutput.Contains("subscribed", StringComparison.Ordinal), Wait) || process.HasExited)
            {
                throw new InvalidOperationException("mda monitor did not subscribe:\n" + process.AllOutput + "\n" + Diagnostics());
            }

            return process;
        }

        /// <summary>Kills a monitor process with SIGKILL (no commit, no acknowledgement, no DISCONNECT) and keeps its output for the diagnostics.</summary>
        public void Kill(MdaProcess monitor)
        {
            monitor.Kill();
            _retiredLogs.Append("--- killed monitor process ---\n").Append(monitor.AllOutput);
        }

        /// <summary>Issues and starts <paramref name="count"/> devices publishing every <paramref name="periodMs"/> ms through the broker.</summary>
        public void StartDevices(int count, int periodMs, string prefix = "pump")
        {
            for (int i = 0; i < count; i++)
            {
                (string id, string bundle) = _fixture.IssueDevice(prefix);
                _devices.Add(new ChainDevice(id, bundle, _fixture.NewFolder("flash-" + id), Broker.Port, periodMs, tearSeed: 100 + _devices.Count));
            }
        }

        /// <summary>Waits until every device had at least <paramref name="messages"/> messages acknowledged; fails with the diagnostics otherwise.</summary>
        public void WaitAcknowledged(int messages)
        {
            Assert.True(Poll.Until(() => _devices.All(d => d.Acknowledged.Count >= messages || d.IsDone), Wait), "devices did not reach " + messages + " acknowledged messages\n" + Diagnostics());
            Assert.All(_devices, d => Assert.True(d.Faults.Length == 0, d.Describe()));
        }

        /// <summary>Waits until the store holds at least <paramref name="messages"/> messages of every device.</summary>
        public void WaitStored(int messages)
        {
            using ITelemetryStore store = StoreKind.Open(Db);
            Assert.True(Poll.Until(() => _devices.All(d => store.ReadSequences(d.DeviceId).Count >= messages), Wait), "the store did not reach " + messages + " messages per device\n" + Diagnostics());
        }

        /// <summary>
        /// Lets every device drain its queue and stop cleanly, then waits until the store holds every message the devices
        /// had acknowledged; fails with the diagnostics when that does not happen within <see cref="Wait"/>.
        /// </summary>
        public void Finish()
        {
            foreach (ChainDevice device in _devices)
            {
                device.Finish();
            }

            foreach (ChainDevice device in _devices)
            {
                Assert.True(device.WaitDone(Wait), "device did not drain and stop: " + device.Describe() + "\n" + Diagnostics());
            }

            using ITelemetryStore store = StoreKind.Open(Db);
            bool complete = Poll.Until(
                () => _devices.All(d =>
                {
                    HashSet<(long, long)> stored = new HashSet<(long, long)>(store.ReadSequences(d.DeviceId));
                    return d.Acknowledged.All(stored.Contains);
                }),
                Wait);
            Assert.True(complete, "the store does not hold every acknowledged message\n" + Diagnostics());
        }

        /// <summary>
        /// The audit of the whole chain, from the store: for every device, every message its agent queued and the broker
        /// acknowledged is stored exactly once; nothing is stored the device did not produce; in order of arrival when
        /// <paramref name="ordered"/> (boot, then sequence strictly increasing, no late delivery); per boot the sequences
        /// run from 0 without a gap (unless the device's queue dropped, then no more are missing than it counted); boot
        /// counters strictly increase; no gap recorded; every rejection of a chain device is a Replayed duplicate, and only
        /// when <paramref name="replaysAllowed"/>; no rejection suppressed. Returns the rejections of other devices for the
        /// scenario to check.
        /// </summary>
        public IReadOnlyList<RejectionRecord> AssertEveryMessageExactlyOnce(bool replaysAllowed, bool ordered = true)
        {
            string diagnostics = Diagnostics();
            using ITelemetryStore store = StoreKind.Open(Db);
            foreach (ChainDevice device in _devices)
            {
                string who = device.DeviceId + " (" + Broker.Kind + ", " + StoreKindName + "): ";
                Assert.True(device.Faults.Length == 0, who + device.Describe());
                IReadOnlyList<(long Boot, long Sequence, bool Late)> rows = StoreView.InArrivalOrder(Db, device.DeviceId);
                List<(long Boot, long Sequence)> stored = rows.Select(r => (r.Boot, r.Sequence)).ToList();
                HashSet<(long, long)> storedSet = new HashSet<(long, long)>(stored);
                Assert.True(storedSet.Count == stored.Count, who + "a message is stored twice\n" + diagnostics);

                List<(long, long)> lostAcknowledged = device.Acknowledged.Where(p => !storedSet.Contains(p)).ToList();
                Assert.True(lostAcknowledged.Count == 0, who + lostAcknowledged.Count + " acknowledged messages not stored, first " + First(lostAcknowledged) + "\n" + diagnostics);

                List<(long, long)> lostQueued = device.Queued.Where(p => !storedSet.Contains(p)).ToList();
                Assert.True(lostQueued.Count <= device.Dropped, who + lostQueued.Count + " queued messages not stored, first " + First(lostQueued) + ", the queue dropped " + device.Dropped + "\n" + diagnostics);

                HashSet<(long, long)> produced = new HashSet<(long, long)>(device.Queued.Concat(device.Uncertain));
                List<(long, long)> foreign = stored.Where(p => !produced.Contains(p)).ToList();
                Assert.True(foreign.Count == 0, who + foreign.Count + " stored messages the device never queued, first " + First(foreign) + "\n" + diagnostics);

                if (ordered)
                {
                    for (int i = 1; i < stored.Count; i++)
                    {
                        Assert.True(stored[i].CompareTo(stored[i - 1]) > 0, who + "stored out of order: " + stored[i - 1] + " then " + stored[i] + "\n" + diagnostics);
                    }

                    Assert.True(rows.All(r => !r.Late), who + "a late delivery in a single-monitor chain\n" + diagnostics);
                }

                if (device.Dropped == 0)
                {
                    foreach (IGrouping<long, (long Boot, long Sequence)> boot in stored.GroupBy(p => p.Boot))
                    {
                        List<long> sequences = boot.Select(p => p.Sequence).OrderBy(s => s).ToList();
                        Assert.True(sequences.SequenceEqual(Enumerable.Range(0, sequences.Count).Select(s => (long)s)), who + "boot " + boot.Key + " has a gap: " + string.Join(",", sequences) + "\n" + diagnostics);
                    }
                }

                IReadOnlyList<long> boots = device.Boots;
                for (int i = 1; i < boots.Count; i++)
                {
                    Assert.True(boots[i] > boots[i - 1], who + "boot counter reused: " + string.Join(",", boots));
                }

                Assert.True(device.UnknownAcknowledged <= device.Uncertain.Count, who + device.UnknownAcknowledged + " acknowledged messages the device did not queue");
            }

            HashSet<string> ids = new HashSet<string>(_devices.Select(d => d.DeviceId), StringComparer.Ordinal);
            Assert.True(store.ReadGaps().All(g => !ids.Contains(g.DeviceId)) || _devices.Any(d => d.Dropped > 0), "gaps recorded: " + string.Join("; ", store.ReadGaps().Select(g => g.DeviceId + " " + g.Boot + " " + g.First + "-" + g.Last)) + "\n" + diagnostics);
            StoreTotals totals = store.ReadTotals();
            Assert.True(totals.SuppressedRejections == 0, "rejections were suppressed: " + totals.SuppressedRejections);
            IReadOnlyList<RejectionRecord> rejections = store.ReadRejections(100000);
            List<RejectionRecord> ours = rejections.Where(r => r.ClaimedDevice != null && ids.Contains(r.ClaimedDevice)).ToList();
            Assert.True(ours.All(r => replaysAllowed && r.Result == TelemetryResult.Replayed), "rejections of chain devices: " + string.Join(", ", ours.Select(r => r.ClaimedDevice + " " + r.Result)) + "\n" + diagnostics);
            return rejections.Where(r => r.ClaimedDevice == null || !ids.Contains(r.ClaimedDevice)).ToList();
        }

        /// <summary>Everything useful when a chain test fails: devices, broker log, monitor logs (tails).</summary>
        public string Diagnostics()
        {
            StringBuilder text = new StringBuilder();
            text.Append("broker ").Append(Broker.Kind).Append(" port ").Append(Broker.Port).Append(", store ").Append(StoreKindName).Append('\n');
            foreach (ChainDevice device in _devices)
            {
                text.Append("device ").Append(device.Describe()).Append('\n');
            }

            try
            {
                using ITelemetryStore store = StoreKind.Open(Db);
                StoreTotals totals = store.ReadTotals();
                text.Append("store: telemetry ").Append(totals.Telemetry).Append(", rejections ").Append(totals.Rejections).Append(", gaps ").Append(totals.OpenGaps).Append(", missing ").Append(totals.Missing).Append('\n');
                foreach (RejectionRecord r in store.ReadRejections(20))
                {
                    text.Append("  rejection ").Append(r.ClaimedDevice).Append(' ').Append(r.Result).Append(" size ").Append(r.Size).Append('\n');
                }
            }
#pragma warning disable CA1031 // Diagnostics only.
            catch (Exception e)
#pragma warning restore CA1031
            {
                text.Append("store unreadable: ").Append(e.Message).Append('\n');
            }

            text.Append("--- broker log (tail) ---\n").Append(Tail(Broker.Log));
            int n = 0;
            foreach (MonitorRun monitor in _monitors)
            {
                text.Append("--- monitor ").Append(++n).Append(" (received ").Append(monitor.Monitor.Counters.Received).Append(", stored ").Append(monitor.Monitor.Counters.Stored).Append(", rejected ").Append(monitor.Monitor.Counters.Rejected).Append(") ---\n").Append(Tail(monitor.Log));
            }

            text.Append(Tail(_retiredLogs.ToString()));
            foreach (MdaProcess process in _processes)
            {
                text.Append("--- monitor process ---\n").Append(Tail(process.AllOutput));
            }

            return text.ToString();
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            foreach (ChainDevice device in _devices)
            {
                device.Dispose();
            }

            foreach (MonitorRun monitor in _monitors)
            {
                if (!monitor.Run.IsCompleted)
                {
                    await monitor.DisposeAsync();
                }
            }

            foreach (MdaProcess process in _processes)
            {
                process.Dispose();
            }

            await Broker.DisposeAsync();
        }

        private static string First(List<(long, long)> pairs) => pairs.Count == 0 ? "-" : pairs[0].ToString();

        private static string Tail(string log)
        {
            const int Max = 6000;
            return log.Length <= Max ? log : "...\n" + log.Substring(log.Length - Max);
        }
    }
}
