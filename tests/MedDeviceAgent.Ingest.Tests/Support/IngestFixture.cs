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
        public const int OperatorCount = 28;

        private readonly MosquittoProcess _mosquitto;
        private readonly CliPki _pki;

        /// <summary>Makes the PKI and starts both brokers.</summary>
        public IngestFixture()
        {
            _pki = new CliPki("mda-ingest", Passphrase, OperatorCount);
            Root = _pki.Root;
            PkiDirectory = _pki.PkiDirectory;
            EmbeddedPort = FreePort();
            Broker = EmbeddedBroker.StartAsync(PkiDirectory, Passphrase, IPAddress.Loopback, EmbeddedPort, null, TextWriter.Null).GetAwaiter().GetResult();

            MosquittoPort = FreePort();
            string config = Path.Combine(Root, "mosquitto");
            _pki.WriteMosquittoConfig(MosquittoPort, config);
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
        public string NextOperator() => _pki.NextOperator();

        /// <summary>Issues a new device (unique id with <paramref name="prefix"/>) and returns its bundle.</summary>
        public IssuedDevice IssueDevice(string prefix = "dev")
        {
            (string id, string bundle) = _pki.IssueDevice(prefix);
            return new IssuedDevice(id, bundle);
        }

        /// <summary>Runs mda in-process; throws unless it exits 0.</summary>
        public static void Cli(params string[] args) => CliPki.Cli(args);

        /// <inheritdoc />
        public void Dispose()
        {
            _mosquitto.Dispose();

            Broker.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _pki.Dispose();
        }
    }
}
