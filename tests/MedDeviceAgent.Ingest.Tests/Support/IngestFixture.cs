using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Threading;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;

namespace MedDeviceAgent.Ingest.Tests.Support
{
    /// <summary>
    /// A real PKI made with 'mda pki init' (TlsAuthority: TLS root, device CA, broker certificate for localhost and
    /// 127.0.0.1), a pool of operator identities, and two brokers configured from it: the embedded broker (in-process)
    /// and Mosquitto started from 'mda broker mosquitto-config'. Devices are issued per test ('mda pki issue-device').
    /// </summary>
    public sealed class IngestFixture : IDisposable
    {
        /// <summary>Theory name of the embedded broker.</summary>
        public const string Embedded = "embedded";

        /// <summary>Theory name of Mosquitto.</summary>
        public const string Mosquitto = "mosquitto";

        /// <summary>The passphrase of the test PKI (set as MDA_PASSPHRASE for the process and its children).</summary>
        public const string Passphrase = "ingest-tests-passphrase";

        /// <summary>Operators issued at start (Mosquitto's ACL names them when it starts).</summary>
        public const int OperatorCount = 16;

        private readonly MosquittoProcess _mosquitto;
        private int _nextOperator;
        private int _nextDevice;

        /// <summary>Makes the PKI and starts both brokers.</summary>
        public IngestFixture()
        {
            Environment.SetEnvironmentVariable("MDA_PASSPHRASE", Passphrase);
            Root = Directory.CreateTempSubdirectory("mda-ingest-").FullName;
            PkiDirectory = Path.Combine(Root, "pki");
            Cli("pki", "init", "--dir", PkiDirectory);
            Directory.CreateDirectory(Path.Combine(Root, "operators"));
            Directory.CreateDirectory(Path.Combine(Root, "devices"));
            for (int i = 1; i <= OperatorCount; i++)
            {
                string name = "ops-" + i.ToString(CultureInfo.InvariantCulture);
                Cli("pki", "issue-operator", "--dir", PkiDirectory, "--name", name, "--out", Path.Combine(Root, "operators", name));
            }

            EmbeddedPort = FreePort();
            Broker = EmbeddedBroker.StartAsync(PkiDirectory, Passphrase, IPAddress.Loopback, EmbeddedPort, null, TextWriter.Null).GetAwaiter().GetResult();

            MosquittoPort = FreePort();
            string config = Path.Combine(Root, "mosquitto");
            Cli("broker", "mosquitto-config", "--pki", PkiDirectory, "--port", MosquittoPort.ToString(CultureInfo.InvariantCulture), "--out", config, "--user", Environment.UserName);
            _mosquitto = MosquittoProcess.Start(Path.Combine(config, MosquittoConfig.ConfigFileName), MosquittoPort);
        }

        /// <summary>Temporary root of everything.</summary>
        public string Root { get; }

        /// <summary>The PKI folder.</summary>
        public string PkiDirectory { get; }

        /// <summary>The shared embedded broker.</summary>
        public EmbeddedBroker Broker { get; }

        /// <summary>Its port.</summary>
        public int EmbeddedPort { get; }

        /// <summary>Mosquitto's port.</summary>
        public int MosquittoPort { get; }

        /// <summary>Port of the named broker.</summary>
        public int Port(string broker) => broker == Embedded ? EmbeddedPort : MosquittoPort;

        /// <summary>What Mosquitto printed.</summary>
        public string MosquittoLog => _mosquitto.Log;

        /// <summary>A 127.0.0.1 port nothing listened on a moment ago.</summary>
        public static int FreePort() => LocalPorts.Free();

        /// <summary>An operator bundle no other test uses (a fresh MQTT session).</summary>
        public string NextOperator()
        {
            int n = Interlocked.Increment(ref _nextOperator);
            if (n > OperatorCount)
            {
                throw new InvalidOperationException("operator pool exhausted: raise IngestFixture.OperatorCount");
            }

            return Path.Combine(Root, "operators", "ops-" + n.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>Issues a new device (unique id with <paramref name="prefix"/>) and returns its bundle.</summary>
        public IssuedDevice IssueDevice(string prefix = "dev")
        {
            string id = prefix + "-" + Interlocked.Increment(ref _nextDevice).ToString(CultureInfo.InvariantCulture);
            string bundle = Path.Combine(Root, "devices", id);
            Cli("pki", "issue-device", "--dir", PkiDirectory, "--device-id", id, "--out", bundle);
            return new IssuedDevice(id, bundle);
        }

        /// <summary>Runs mda in-process; throws unless it exits 0.</summary>
        public static void Cli(params string[] args)
        {
            StringWriter output = new StringWriter();
            StringWriter error = new StringWriter();
            int code = CliApp.Run(args, output, error);
            if (code != 0)
            {
                throw new InvalidOperationException("mda " + string.Join(' ', args) + " exited " + code + ": " + error);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _mosquitto.Dispose();

            Broker.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(Root, true);
            }
            catch (IOException)
            {
            }
        }

    }
}
