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
        private string _device = string.Empty;
        private string _operator = string.Empty;
        private byte[] _key = Array.Empty<byte>();
        private int _port;
        private Process? _mosquitto;
        private Process? _subscriber;
        private string _lines = string.Empty;
        private int _messageSize;
        private int _boot;
        private byte[][] _batch = Array.Empty<byte[]>();
        private CancellationTokenSource? _stop;
        private IngestMonitor? _monitor;
        private Task? _monitorRun;
        private long _storedBefore;

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
            TelemetryEncoder encoder = new TelemetryEncoder(new PortableMessageAuthenticator(_key, 0, _key.Length), Encoding.UTF8.GetBytes(_device));
            TelemetryMessage message = new TelemetryMessage { FirmwareVersion = "1.2.3", FreeMemory = 50000, SecurityFloor = 4, HasSensor = true, Sensor = 21 };
            _batch = new byte[Messages][];
            for (int i = 0; i < Messages; i++)
            {
                message.Boot = _boot;
                message.Sequence = i;
                message.UptimeSeconds = i;
                encoder.Encode(message);
                _batch[i] = encoder.ToArray();
            }

            _storedBefore = _monitor?.Counters.Stored ?? 0;
        }

        /// <summary>mosquitto_pub -l to mosquitto_sub.</summary>
        [Benchmark(Baseline = true)]
        public void Anchor_MosquittoPubToMosquittoSub()
        {
            using Process publisher = Start("bash", "-c", "mosquitto_pub -h 127.0.0.1 -p " + _port.ToString(CultureInfo.InvariantCulture) + " --cafile '" + Path.Combine(_root, _device, "ca.pem") + "' --cert '" + Path.Combine(_root, _device, "cert.pem") + "' --key '" + Path.Combine(_root, _device, "key.pem") + "' -i " + _device + " -t " + Topics.TelemetryTopic("pump", _device) + " -q 1 -l < '" + _lines + "'");
            WaitSubscriber();
            publisher.WaitForExit();
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

        /// <summary>Stops everything.</summary>
        [GlobalCleanup]
        public void Cleanup()
        {
            if (_stop != null)
            {
                _stop.Cancel();
                _monitorRun!.GetAwaiter().GetResult();
            }

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

        private void PublishAndWaitStored()
        {
            PublishAll();
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

        private async Task PublishAllAsync()
        {
            MqttClientFactory factory = new MqttClientFactory();
            using IMqttClient client = factory.CreateMqttClient();
            string bundle = Path.Combine(_root, _device);
            using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(Path.Combine(bundle, "cert.pem"), Path.Combine(bundle, "key.pem"));
            using X509Certificate2 own = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            await client.ConnectAsync(factory.CreateClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", _port)
                .WithClientId(_device)
                .WithCleanSession(true)
                .WithTlsOptions(t => t.UseTls(true).WithTargetHost("127.0.0.1").WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithClientCertificates(new X509Certificate2Collection(own)).WithCertificateValidationHandler(_ => true))
                .Build());
            string topic = Topics.TelemetryTopic("pump", _device);
            using SemaphoreSlim window = new SemaphoreSlim(20);
            Task[] pending = new Task[_batch.Length];
            for (int i = 0; i < _batch.Length; i++)
            {
                await window.WaitAsync();
                MqttApplicationMessage message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(_batch[i]).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
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
            _device = "bench-dev";
            _operator = Path.Combine(_root, "ops-bench");
            Cli("pki", "issue-device", "--dir", _pki, "--device-id", _device, "--out", Path.Combine(_root, _device));
            Cli("pki", "issue-operator", "--dir", _pki, "--name", "ops-bench", "--out", _operator);
            _key = File.ReadAllBytes(Path.Combine(_root, _device, ProvisioningBundle.TelemetryKeyFile));
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
            _messageSize = _batch[0].Length;
            _lines = Path.Combine(_root, "lines.txt");
            File.WriteAllText(_lines, string.Concat(Enumerable.Repeat(new string('x', _messageSize) + "\n", Messages)));
            Console.WriteLine("// telemetry message size " + _messageSize + " bytes, " + Messages + " messages per operation");
        }

        private void StartMonitor(string db)
        {
            MonitorOptions options = new MonitorOptions { Host = "127.0.0.1", Port = _port };
            OperatorBundle.Apply(_operator, options);
            _monitor = new IngestMonitor(options, () => TelemetryStores.Open(db), new DeviceKeyRing(_pki, Passphrase), TextWriter.Null);
            _stop = new CancellationTokenSource();
            _monitorRun = _monitor.RunAsync(_stop.Token);
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
