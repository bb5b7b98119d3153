using System;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>
    /// One mosquitto with mutual TLS (<c>require_certificate true</c>) and a chain made at test time into its temporary
    /// directory: listener 0 has a broker certificate naming only 127.0.0.1, listener 1 one naming localhost too.
    /// </summary>
    public sealed class TlsBrokerFixture : IDisposable
    {
        /// <summary>Makes the chain, writes the broker's files and starts it.</summary>
        public TlsBrokerFixture()
        {
            Certificates = new TestCertificates("mda test fleet CA");
            (string ClientPem, string ClientKeyPem) client = Certificates.IssueClient("device-0001");
            ClientPem = client.ClientPem;
            ClientKeyPem = client.ClientKeyPem;

            Broker = new MosquittoBroker();
            try
            {
                string ca = Broker.WriteFile("ca.pem", Certificates.CaPem);
                string ipOnly = Listener("ip", Certificates.IssueServer(includeLocalhost: false), ca);
                string withLocalhost = Listener("localhost", Certificates.IssueServer(includeLocalhost: true), ca);
                Broker.Start(ipOnly, withLocalhost);
            }
            catch
            {
                // xunit does not dispose a fixture whose constructor threw.
                Broker.Dispose();
                throw;
            }
        }

        /// <summary>The broker.</summary>
        public MosquittoBroker Broker { get; }

        /// <summary>The chain's CA (can issue more).</summary>
        public TestCertificates Certificates { get; }

        /// <summary>PEM of the device certificate.</summary>
        public string ClientPem { get; }

        /// <summary>PEM of the device key.</summary>
        public string ClientKeyPem { get; }

        /// <summary>Mutual-TLS options to listener <paramref name="listener"/> by <paramref name="host"/>, trusting the chain's CA.</summary>
        public MqttTransportOptions Options(int listener, string host, bool withClientCertificate)
        {
            MqttTransportOptions options = PlainBrokerFixture.Options(Broker.Ports[listener]);
            options.Host = host;
            options.UseTls = true;
            options.CaCertificatePem = Certificates.CaPem;
            if (withClientCertificate)
            {
                options.SetClientCertificate(ClientPem, ClientKeyPem);
            }

            return options;
        }

        /// <inheritdoc />
        public void Dispose() => Broker.Dispose();

        private string Listener(string name, (string CertificatePem, string KeyPem) server, string caPath)
        {
            string certificate = Broker.WriteFile(name + "-server.pem", server.CertificatePem);
            string key = Broker.WriteFile(name + "-server.key", server.KeyPem);
            return "allow_anonymous true\n"
                + "cafile " + caPath + "\n"
                + "certfile " + certificate + "\n"
                + "keyfile " + key + "\n"
                + "require_certificate true\n";
        }
    }
}
