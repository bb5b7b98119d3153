using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Ingest;

namespace MedDeviceAgent.TestSupport.Ingest
{
    /// <summary>An in-process <see cref="IngestMonitor"/> running until disposed.</summary>
    public sealed class MonitorRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly StringWriter _log;
        private readonly TextWriter _synchronizedLog;

        private MonitorRun(IngestMonitor monitor, StringWriter log, TextWriter synchronizedLog)
        {
            _log = log;
            _synchronizedLog = synchronizedLog;
            Monitor = monitor;
            Run = monitor.RunAsync(_stop.Token);
        }

        /// <summary>The monitor.</summary>
        public IngestMonitor Monitor { get; }

        /// <summary>Its run.</summary>
        public Task Run { get; }

        /// <summary>What it logged.</summary>
        public string Log
        {
            get
            {
                // The monitor writes through TextWriter.Synchronized, whose methods lock the wrapper instance.
                lock (_synchronizedLog)
                {
                    return _log.ToString();
                }
            }
        }

        /// <summary>
        /// Starts a monitor on 127.0.0.1:<paramref name="port"/> into <paramref name="db"/> with <paramref name="operatorBundle"/>, the device keys of
        /// the PKI in <paramref name="pkiDirectory"/> (unlocked with <paramref name="passphrase"/>) and, unless <paramref name="waitConnected"/> is
        /// false, waits until it is connected.
        /// </summary>
        public static MonitorRun Start(string pkiDirectory, string passphrase, int port, string db, string operatorBundle, string? share = null, int batchSize = 100, bool waitConnected = true)
        {
            MonitorOptions options = new MonitorOptions { Host = "127.0.0.1", Port = port, ShareGroup = share, BatchSize = batchSize, ReconnectDelay = TimeSpan.FromMilliseconds(300) };
            OperatorBundle.Apply(operatorBundle, options);
            StringWriter log = new StringWriter();
            TextWriter synchronizedLog = TextWriter.Synchronized(log);
            MonitorRun run = new MonitorRun(new IngestMonitor(options, () => TelemetryStores.Open(db), new DeviceKeyRing(pkiDirectory, passphrase), synchronizedLog), log, synchronizedLog);
            if (waitConnected && !Poll.Until(() => run.Monitor.IsConnected || run.Run.IsCompleted, TimeSpan.FromSeconds(20)))
            {
                throw new InvalidOperationException("monitor did not connect: " + log);
            }

            if (run.Run.IsFaulted)
            {
                run.Run.GetAwaiter().GetResult();
            }

            return run;
        }

        /// <summary>Stops it (commits and acknowledges what it holds) and waits.</summary>
        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            await Run;
            _stop.Dispose();
        }
    }
}
