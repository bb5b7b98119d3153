using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Tests.Mqtt;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent.Support
{
    /// <summary>
    /// A real PKI made with the companion library (<c>mda pki init</c>'s code: update root, TLS root, device CA, broker
    /// certificate for 127.0.0.1 and localhost), device bundles as <c>mda pki issue-device</c> writes them, an operator
    /// identity, and brokers started from it: the embedded broker and Mosquitto.
    /// </summary>
    /// <remarks>
    /// The embedded broker reads the PKI directory itself (as <c>mda broker --pki</c>); Mosquitto gets a listener written
    /// here from the same files (the broker key exported in clear beside the PKI).
    /// </remarks>
    public sealed class AgentPki : IDisposable
    {
        public const string Passphrase = "agent-tests-passphrase-0123";
        public const string Operator = "ops-1";

        public AgentPki()
        {
            Root = Directory.CreateTempSubdirectory("mda-agent-pki-").FullName;
            PkiPath = Path.Combine(Root, "pki");
            DateTimeOffset now = DateTimeOffset.UtcNow;
            Pki = PkiDirectory.Initialize(PkiPath, CoseAlgorithm.EdDSA, "acme", now.AddDays(-1).ToUnixTimeSeconds(), now.AddDays(30).ToUnixTimeSeconds(), Passphrase, now);
            Tls = TlsAuthority.Initialize(Pki, new[] { "127.0.0.1", "localhost" }, Passphrase, now);
            OperatorBundle = Path.Combine(Root, "operator");
            Tls.IssueOperator(Operator, 30, OperatorBundle, Passphrase, now);
            BrokerKeyPath = Path.Combine(Root, "broker-key.pem");
            File.WriteAllText(BrokerKeyPath, Tls.ExportBrokerKeyPem(Passphrase));
        }

        public string Root { get; }
        public string PkiPath { get; }
        public PkiDirectory Pki { get; }
        public TlsAuthority Tls { get; }
        public string OperatorBundle { get; }
        public string BrokerKeyPath { get; }

        /// <summary>Issues a bundle for <paramref name="deviceId"/> (once per id) and returns its folder.</summary>
        public string IssueDevice(string deviceId)
        {
            string bundle = Path.Combine(Root, "bundles", deviceId);
            if (!Directory.Exists(bundle))
            {
                Directory.CreateDirectory(Path.Combine(Root, "bundles"));
                Tls.IssueDevice(deviceId, 30, bundle, Passphrase, DateTimeOffset.UtcNow);
            }

            return bundle;
        }

        /// <summary>The telemetry key the PKI keeps for <paramref name="deviceId"/> (what the ingest would use).</summary>
        public byte[] TelemetryKey(string deviceId) => Tls.UnlockTelemetryKey(deviceId, Passphrase);

        /// <summary>Starts the embedded broker on <paramref name="port"/> (0: a free one).</summary>
        public EmbeddedBroker StartEmbedded(int port, TextWriter log)
        {
            for (int attempt = 1; ; attempt++)
            {
                int chosen = port != 0 ? port : MosquittoBroker.FreePort();
                try
                {
                    return EmbeddedBroker.StartAsync(PkiPath, Passphrase, IPAddress.Loopback, chosen, null, log).GetAwaiter().GetResult();
                }
                catch (System.Net.Sockets.SocketException) when (attempt < 20)
                {
                    // The port is taken (or not yet released after a stop): wait and retry.
                    System.Threading.Thread.Sleep(100);
                }
            }
        }

        /// <summary>Stops an embedded broker (its clients see the connection drop).</summary>
        public static void Stop(EmbeddedBroker broker) => broker.DisposeAsync().AsTask().GetAwaiter().GetResult();

        /// <summary>The listener body of a Mosquitto started from the PKI (mutual TLS, CN as the user name).</summary>
        public string MosquittoListener()
        {
            StringBuilder body = new StringBuilder();
            body.Append("cafile ").Append(Tls.CaBundlePath).Append('\n');
            body.Append("certfile ").Append(Tls.BrokerCertificatePath).Append('\n');
            body.Append("keyfile ").Append(BrokerKeyPath).Append('\n');
            body.Append("require_certificate true\n");
            body.Append("use_identity_as_username true\n");
            body.Append("tls_version tlsv1.2\n");
            return body.ToString();
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaning.
            }
        }
    }
}
