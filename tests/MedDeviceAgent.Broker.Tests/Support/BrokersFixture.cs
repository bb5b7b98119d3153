using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>
    /// One test PKI and two brokers configured from it: the embedded broker, and a real Mosquitto started unchanged
    /// from the files 'mda broker mosquitto-config' wrote. Identities: devices dev-a and dev-b, dev-r (revoked in the
    /// CRL before either broker started), a dev-a certificate from another CA, and the operator ops-1.
    /// </summary>
    public sealed class BrokersFixture : IDisposable
    {
        /// <summary>Name used in theory data for the embedded broker.</summary>
        public const string Embedded = "embedded";

        /// <summary>Name used in theory data for Mosquitto.</summary>
        public const string Mosquitto = "mosquitto";

        private readonly MosquittoProcess _mosquitto;

        /// <summary>Makes the PKI and starts both brokers.</summary>
        public BrokersFixture()
        {
            Pki = new TestPki("ops-1");
            DeviceA = Pki.IssueClient("dev-a");
            DeviceB = Pki.IssueClient("dev-b");
            Revoked = Pki.IssueClient("dev-r");
            OtherCa = Pki.IssueClient("dev-a", fromOtherCa: true);
            Operator = Pki.IssueClient("ops-1");
            Pki.WriteCrl(Revoked);

            EmbeddedLog = new StringWriter();
            EmbeddedPort = MosquittoPort = 0;
            for (int attempt = 1; Broker == null; attempt++)
            {
                int port = FreePort();
                try
                {
                    Broker = EmbeddedBroker.StartAsync(Pki.Directory, TestPki.Passphrase, IPAddress.Loopback, port, null, TextWriter.Synchronized(EmbeddedLog)).GetAwaiter().GetResult();
                    EmbeddedPort = port;
                }
                catch (SocketException) when (attempt < 3)
                {
                    // Port taken meanwhile: another one.
                }
            }

            MosquittoPort = FreePort();
            ConfigDirectory = Path.Combine(Pki.Directory, "mosquitto");
            int code = CliApp.Run(new[] { "broker", "mosquitto-config", "--pki", Pki.Directory, "--port", MosquittoPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", ConfigDirectory, "--user", Environment.UserName }, TextWriter.Null, TextWriter.Null);
            if (code != 0)
            {
                throw new InvalidOperationException("mosquitto-config exited " + code);
            }

            _mosquitto = MosquittoProcess.Start(Path.Combine(ConfigDirectory, MosquittoConfig.ConfigFileName), MosquittoPort);
        }

        /// <summary>The PKI.</summary>
        public TestPki Pki { get; }

        /// <summary>Device dev-a.</summary>
        public TestClient DeviceA { get; }

        /// <summary>Device dev-b.</summary>
        public TestClient DeviceB { get; }

        /// <summary>Device dev-r, revoked.</summary>
        public TestClient Revoked { get; }

        /// <summary>A certificate with CN dev-a from another CA.</summary>
        public TestClient OtherCa { get; }

        /// <summary>The operator ops-1.</summary>
        public TestClient Operator { get; }

        /// <summary>The embedded broker.</summary>
        public EmbeddedBroker Broker { get; }

        /// <summary>What the embedded broker logged.</summary>
        public StringWriter EmbeddedLog { get; }

        /// <summary>The embedded broker's port.</summary>
        public int EmbeddedPort { get; }

        /// <summary>Mosquitto's port.</summary>
        public int MosquittoPort { get; }

        /// <summary>Where mosquitto-config wrote.</summary>
        public string ConfigDirectory { get; }

        /// <summary>What Mosquitto printed.</summary>
        public string MosquittoLog => _mosquitto.Log;

        /// <summary>The port of the named broker.</summary>
        public int Port(string broker) => broker == Embedded ? EmbeddedPort : MosquittoPort;

        /// <summary>Returns a 127.0.0.1 port that nothing listened on a moment ago.</summary>
        public static int FreePort() => LocalPorts.Free();

        /// <summary>True once something accepts TCP on 127.0.0.1:<paramref name="port"/>.</summary>
        public static bool Accepts(int port) => LocalPorts.Accepts(port);

        /// <inheritdoc />
        public void Dispose()
        {
            _mosquitto.Dispose();

            Broker.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Pki.Dispose();
        }
    }
}
