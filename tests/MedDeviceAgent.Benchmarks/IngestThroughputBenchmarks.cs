using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Companion.Pki.Tls;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.TestSupport;
using MedDeviceAgent.Protocol;
using MQTTnet;
using MQTTnet.Protocol;

namespace MedDeviceAgent.Benchmarks
{
    /// <summary>
    /// Ingest throughput with MAC verification and storage on, against the anchor mosquitto_pub -> mosquitto_sub (QoS 1,
    /// same message size, same Mosquitto, same run). One operation moves <see cref="Messages"/> messages of one device
    /// through Mosquitto (configured by 'mda broker mosquitto-config' from a real PKI, mutual TLS).
    /// </summary>
    /// <remarks>
    /// <para>Anchor: <c>mosquitto_pub -l -q 1</c> publishes N lines (text of the telemetry message's size; mosquitto_pub's
    /// line mode cannot carry the binary COSE bytes, which hold 0x00 and 0x0A) and <c>mosquitto_sub -q 1 -C N</c>, already
    /// subscribed, exits after the last: the time from starting the publisher to the subscriber's exit.</para>
    /// <para>PublisherAnchor: the ingest's publisher (MQTTnet, 20 QoS 1 publishes in flight like mosquitto_pub's default)
    /// to mosquitto_sub, so the publisher's own share can be told apart.</para>
    /// <para>Ingest: the same MQTTnet publisher sends N real COSE_Mac0 telemetry messages (a new boot each operation, so
    /// every one is accepted) and the in-process <see cref="IngestMonitor"/> (persistent session, verification with the
    /// core's verifier, batched commits, PUBACK after commit) stores them: the time until the Nth is committed.</para>
    /// <para><see cref="Publishers"/>: 1 (one stream) or 4 (four devices publishing at once, each its share of the
    /// messages; the anchor then runs four mosquitto_pub at once): the ingest's throughput is the rate it stores, so the
    /// 4-publisher case shows whether the monitor keeps up when one publisher is not the limit.</para>
    /// <para>IngestDrain: the messages are published while the monitor is away (the broker keeps them in its persistent
    /// session, the queue unbounded here); the timed part is the monitor connecting, draining and storing all of them,
    /// with no publisher competing for the two cores (in the Ingest benchmarks the MQTTnet publisher runs in the same
    /// process as the monitor and costs about as much CPU as mosquitto_pub and mosquitto_sub together).</para>
    /// <para>PostgreSQL: MDA_TEST_POSTGRES, else a throw-away cluster (as the tests do).</para>
    /// </remarks>
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
    public class IngestThroughputBenchmarks
    {
        /// <summary>Messages per operation.</summary>
        public const int Messages = 10000;

        private const string Passphrase = "bench-passphrase";
        private string _root = string.Empty;
        private string _pki = string.Empty;
        private string[] _devices = Array.Empty<string>();
        private string _operator = string.Empty;
        private byte[][] _keys = Array.Empty<byte[]>();
        private int _port;
        private Process? _mosquitto;
        private Process? _subscriber;
        private string[] _lines = Array.Empty<string>();
        private int _messageSize;
        private int _boot;
        private byte[][][] _batches = Array.Empty<byte[][]>();
        private CancellationTokenSource? _stop;
        private IngestMonitor? _monitor;
        private Task? _monitorRun;
        private string _db = string.Empty;
        private DeviceKeyRing? _keyRing;
        private long _storedBefore;

        /// <summary>Publishers sending at once, each as its own device (the messages are split evenly between them).</summary>
        [Params(1, 4)]
        public int Publishers { get; set; }

        /// <summary>Makes the PKI and starts Mosquitto.</summary>
        [GlobalSetup(Targets = new[] { nameof(Anchor_MosquittoPubToMosquittoSub), nameof(PublisherAnchor_MqttNetToMosquittoSub) })]
        public void SetupAnchor() => SetupCommon();

        /// <summary>Also starts the monitor into a new SQLite file.</summary>
        [GlobalSetup(Target = nameof(Ingest_Sqlite))]
        public void SetupSqlite()
        {
            SetupCommon();
            StartMonitor(Path.Combine(_root, "telemetry.db"));
        }

        /// <summary>Also starts the monitor into a new PostgreSQL database.</summary>
        [GlobalSetup(Target = nameof(Ingest_Postgres))]
        public void SetupPostgres()
        {
            SetupCommon();
            StartMonitor(PostgresServer.CreateDatabase());
        }

        /// <summary>Drain benchmarks: a new SQLite file whose session the monitor opens once, then leaves.</summary>
        [GlobalSetup(Target = nameof(IngestDrain_Sqlite))]
        public void SetupDrainSqlite()
        {
            SetupCommon();
            _db = Path.Combine(_root, "drain.db");
            StartMonitor(_db);
            StopMonitor();
        }

        /// <summary>Drain benchmarks: a new PostgreSQL database whose session the monitor opens once, then leaves.</summary>
        [GlobalSetup(Target = nameof(IngestDrain_Postgres))]
        public void SetupDrainPostgres()
        {
            SetupCommon();
            _db = PostgresServer.CreateDatabase();
            StartMonitor(_db);
            StopMonitor();
        }

        /// <summary>With the monitor away, publishes the next boot's messages: the broker keeps them in the monitor's session.</summary>
        [IterationSetup(Targets = new[] { nameof(IngestDrain_Sqlite), nameof(IngestDrain_Postgres) })]
        public void PreloadSession()
        {
            PrepareMessages();
            PublishAll();
        }

        /// <summary>Stops the monitor of a drain iteration.</summary>
        [IterationCleanup(Targets = new[] { nameof(IngestDrain_Sqlite), nameof(IngestDrain_Postgres) })]
        public void StopDrainMonitor() => StopMonitor();

        /// <summary>Starts mosquitto_sub for the anchors.</summary>
        [IterationSetup(Targets = new[] { nameof(Anchor_MosquittoPubToMosquittoSub), nameof(PublisherAnchor_MqttNetToMosquittoSub) })]
        public void StartSubscriber()
        {
            _subscriber = Start("mosquitto_sub", "-h", "127.0.0.1", "-p", _port.ToString(CultureInfo.InvariantCulture), "--cafile", Path.Combine(_operator, "ca.pem"), "--cert", Path.Combine(_operator, "cert.pem"), "--key", Path.Combine(_operator, "key.pem"), "-i", "ops-bench", "-t", "mda/v1/+/+/telemetry", "-q", "1", "-C", Messages.ToString(CultureInfo.InvariantCulture));
            Thread.Sleep(700);
            PrepareMessages();
        }

        /// <summary>Prepares the next boot's messages.</summary>
        [IterationSetup(Targets = new[] { nameof(Ingest_Sqlite), nameof(Ingest_Postgres) })]
        public void PrepareMessages()
        {
            _boot++;
            _batches = new byte[Publishers][][];
            for (int d = 0; d < Publishers; d++)
            {
                TelemetryEncoder encoder = new TelemetryEncoder(new PortableMessageAuthenticator(_keys[d], 0, _keys[d].Length), Encoding.UTF8.GetBytes(_devices[d]));
                TelemetryMessage message = new TelemetryMessage { FirmwareVersion = "1.2.3", FreeMemory = 50000, SecurityFloor = 4, HasSensor = true, Sensor = 21 };
                byte[][] batch = new byte[Messages / Publishers][];
                for (int i = 0; i < batch.Length; i++)
                {
                    message.Boot = _boot;
                    message.Sequence = i;
                    message.UptimeSeconds = i;
                    encoder.Encode(message);
                    batch[i] = encoder.ToArray();
                }

                _batches[d] = batch;
            }

            _storedBefore = _monitor?.Counters.Stored ?? 0;
        }

        /// <summary>mosquitto_pub -l to mosquitto_sub.</summary>
        [Benchmark(Baseline = true)]
        public void Anchor_MosquittoPubToMosquittoSub()
        {
            Process[] publishers = new Process[Publishers];
            for (int d = 0; d < Publishers; d++)
            {
                string device = _devices[d];
                publishers[d] = Start("bash", "-c", "mosquitto_pub -h 127.0.0.1 -p " + _port.ToString(CultureInfo.InvariantCulture) + " --cafile '" + Path.Combine(_root, device, "ca.pem") + "' --cert '" + Path.Combine(_root, device, "cert.pem") + "' --key '" + Path.Combine(_root, device, "key.pem") + "' -i " + device + " -t " + Topics.TelemetryTopic("pump", device) + " -q 1 -l < '" + _lines[d] + "'");
            }

            WaitSubscriber();
            foreach (Process publisher in publishers)
            {
                publisher.WaitForExit();
                publisher.Dispose();
            }
        }

        /// <summary>The ingest's MQTTnet publisher to mosquitto_sub.</summary>
        [Benchmark]
        public void PublisherAnchor_MqttNetToMosquittoSub()
        {
            PublishAll();
            WaitSubscriber();
        }

        /// <summary>MQTTnet publisher to the monitor storing into SQLite.</summary>
        [Benchmark]
        public void Ingest_Sqlite() => PublishAndWaitStored();

        /// <summary>MQTTnet publisher to the monitor storing into PostgreSQL.</summary>
        [Benchmark]
        public void Ingest_Postgres() => PublishAndWaitStored();

        /// <summary>
        /// The monitor connects (resuming its session), drains the messages the broker kept for it and stores them: the
        /// time until the last is committed. No publisher runs meanwhile, so this is the ingest's own throughput.
        /// </summary>
        [Benchmark]
        public void IngestDrain_Sqlite() => DrainStored();

        /// <summary>The same into PostgreSQL.</summary>
        [Benchmark]
        public void IngestDrain_Postgres() => DrainStored();

        /// <summary>Stops everything.</summary>
        [GlobalCleanup]
        public void Cleanup()
        {
            StopMonitor();

            if (_mosquitto != null && !_mosquitto.HasExited)
            {
                _mosquitto.Kill();
            }

            try
            {
                Directory.Delete(_root, true);
            }
            catch (IOException)
            {
            }
        }

        private void DrainStored()
        {
            StartMonitor(_db, waitConnected: false);
            _storedBefore = 0;
            WaitStored();
        }

        private void StopMonitor()
        {
            if (_stop != null)
            {
                _stop.Cancel();
                _monitorRun!.GetAwaiter().GetResult();
                _stop.Dispose();
                _stop = null;
                _monitor = null;
            }
        }

        private void PublishAndWaitStored()
        {
            PublishAll();
            WaitStored();
        }

        private void WaitStored()
        {
            DateTime until = DateTime.UtcNow.AddMinutes(2);
            while (_monitor!.Counters.Stored - _storedBefore < Messages)
            {
                if (DateTime.UtcNow > until)
                {
                    throw new InvalidOperationException("stored only " + (_monitor.Counters.Stored - _storedBefore) + "; rejected " + _monitor.Counters.Rejected);
                }

                Thread.Sleep(1);
            }
        }

        private void WaitSubscriber()
        {
            if (!_subscriber!.WaitForExit(120000))
            {
                throw new InvalidOperationException("mosquitto_sub did not receive every message");
            }

            _subscriber.Dispose();
        }

        private void PublishAll()
        {
            PublishAllAsync().GetAwaiter().GetResult();
        }

        private Task PublishAllAsync()
        {
            Task[] publishers = new Task[Publishers];
            for (int d = 0; d < Publishers; d++)
            {
                publishers[d] = PublishAsync(_devices[d], _batches[d]);
            }

            return Task.WhenAll(publishers);
        }

        private async Task PublishAsync(string device, byte[][] batch)
        {
            MqttClientFactory factory = new MqttClientFactory();
            using IMqttClient client = factory.CreateMqttClient();
            string bundle = Path.Combine(_root, device);
            using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(Path.Combine(bundle, "cert.pem"), Path.Combine(bundle, "key.pem"));
            using X509Certificate2 own = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            await client.ConnectAsync(factory.CreateClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", _port)
                .WithClientId(device)
                .WithCleanSession(true)
                .WithTlsOptions(t => t.UseTls(true).WithTargetHost("127.0.0.1").WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithClientCertificates(new X509Certificate2Collection(own)).WithCertificateValidationHandler(_ => true))
                .Build());
            string topic = Topics.TelemetryTopic("pump", device);
            using SemaphoreSlim window = new SemaphoreSlim(20);
            Task[] pending = new Task[batch.Length];
            for (int i = 0; i < batch.Length; i++)
            {
                await window.WaitAsync();
                MqttApplicationMessage message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(batch[i]).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
                pending[i] = client.PublishAsync(message).ContinueWith(_ => window.Release(), TaskScheduler.Default);
            }

            await Task.WhenAll(pending);
            await client.DisconnectAsync();
        }

        private void SetupCommon()
        {
            Environment.SetEnvironmentVariable("MDA_PASSPHRASE", Passphrase);
            _root = Directory.CreateTempSubdirectory("mda-bench-ingest-").FullName;
            _pki = Path.Combine(_root, "pki");
            Cli("pki", "init", "--dir", _pki);
            _devices = new string[Publishers];
            _keys = new byte[Publishers][];
            for (int d = 0; d < Publishers; d++)
            {
                _devices[d] = "bench-dev-" + (d + 1).ToString(CultureInfo.InvariantCulture);
                Cli("pki", "issue-device", "--dir", _pki, "--device-id", _devices[d], "--out", Path.Combine(_root, _devices[d]));
                _keys[d] = File.ReadAllBytes(Path.Combine(_root, _devices[d], ProvisioningBundle.TelemetryKeyFile));
            }

            _operator = Path.Combine(_root, "ops-bench");
            Cli("pki", "issue-operator", "--dir", _pki, "--name", "ops-bench", "--out", _operator);
            _port = LocalPorts.Free();
            string config = Path.Combine(_root, "mosquitto");
            Cli("broker", "mosquitto-config", "--pki", _pki, "--port", _port.ToString(CultureInfo.InvariantCulture), "--out", config, "--user", Environment.UserName);
            // Mosquitto's default max_queued_messages (1000 per session) drops QoS 1 messages of a burst the subscriber has
            // not taken yet; the benchmark measures throughput, so the queue is unbounded here (see docs/ingest.md).
            File.AppendAllText(Path.Combine(config, MosquittoConfig.ConfigFileName), "max_queued_messages 0\n");
            _mosquitto = Start("mosquitto", "-c", Path.Combine(config, MosquittoConfig.ConfigFileName));
            Thread.Sleep(1000);
            PrepareMessages();
            _boot = 0;
            _messageSize = _batches[0][0].Length;
            _lines = new string[Publishers];
            for (int d = 0; d < Publishers; d++)
            {
                _lines[d] = Path.Combine(_root, "lines-" + d.ToString(CultureInfo.InvariantCulture) + ".txt");
                File.WriteAllText(_lines[d], string.Concat(Enumerable.Repeat(new string('x', _messageSize) + "\n", Messages / Publishers)));
            }

            Console.WriteLine("// telemetry message size " + _messageSize + " bytes, " + Messages + " messages per operation");
        }

        private void StartMonitor(string db, bool waitConnected = true)
        {
            MonitorOptions options = new MonitorOptions { Host = "127.0.0.1", Port = _port };
            OperatorBundle.Apply(_operator, options);

            // One key ring for the run: opening it costs a PBKDF2 derivation, which is not ingest throughput.
            _keyRing ??= new DeviceKeyRing(_pki, Passphrase);
            _monitor = new IngestMonitor(options, () => TelemetryStores.Open(db), _keyRing, TextWriter.Null);
            _stop = new CancellationTokenSource();
            _monitorRun = _monitor.RunAsync(_stop.Token);
            if (!waitConnected)
            {
                return;
            }

            DateTime until = DateTime.UtcNow.AddSeconds(20);
            while (!_monitor.IsConnected && DateTime.UtcNow < until)
            {
                Thread.Sleep(50);
            }
        }

        private static void Cli(params string[] args)
        {
            StringWriter error = new StringWriter();
            if (CliApp.Run(args, TextWriter.Null, error) != 0)
            {
                throw new InvalidOperationException("mda " + string.Join(' ', args) + ": " + error);
            }
        }

        private static Process Start(string executable, params string[] args)
        {
            ProcessStartInfo start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            Process process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }

    }
}
