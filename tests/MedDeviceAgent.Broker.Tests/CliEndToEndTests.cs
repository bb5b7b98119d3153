using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using MedDeviceAgent.Broker.Tests.Support;
using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>
    /// The whole path as an operator runs it, every step a separate <c>mda</c> process with production key files:
    /// <c>pki init</c>, <c>issue-device</c>, <c>issue-operator</c>, then <c>mda broker --pki</c> and a Mosquitto from
    /// <c>mda broker mosquitto-config</c> (unchanged), with mosquitto_pub/mosquitto_sub using the bundle files; a device
    /// revoked while each broker runs is refused without a restart (Mosquitto after SIGHUP).
    /// </summary>
    public sealed class CliEndToEndTests : IDisposable
    {
        private const string Passphrase = "end-to-end-passphrase";
        private const int SigHup = 1;
        private readonly string _root = Directory.CreateTempSubdirectory("mda-broker-e2e-").FullName;

        private string Pki => Path.Combine(_root, "pki");

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                Directory.Delete(_root, true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaning.
            }
        }

        [Fact]
        public void PkiToBothBrokers_BundlesConnectAndRevocationWhileRunningRefuses()
        {
            Ok(MdaProcess.Run(Passphrase, "pki", "init", "--dir", Pki));
            TestClient dev1 = IssueDevice("dev-1");
            TestClient dev2 = IssueDevice("dev-2");
            TestClient dev3 = IssueDevice("dev-3");
            Ok(MdaProcess.Run(Passphrase, "pki", "issue-operator", "--dir", Pki, "--name", "ops-1", "--out", Path.Combine(_root, "ops-1")));
            TestClient ops = TestClient.FromBundle("ops-1", Path.Combine(_root, "ops-1"));
            string ca = Path.Combine(_root, "dev-1", "ca.pem");

            // The embedded broker, as a process.
            int port = BrokersFixture.FreePort();
            using (MdaProcess broker = MdaProcess.Start(Passphrase, "broker", "--pki", Pki, "--port", port.ToString(CultureInfo.InvariantCulture)))
            {
                Assert.True(Poll.Until(() => broker.HasExited || broker.Output.Contains("broker listening", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), "broker did not start:\n" + broker.Error);
                Assert.False(broker.HasExited, broker.Error);
                DeliveredToOperator(port, ca, ops, dev1, "embedded-1");
                DeliveredToOperator(port, ca, ops, dev2, "embedded-2");

                Ok(MdaProcess.Run(Passphrase, "pki", "revoke-device", "--dir", Pki, "--device-id", "dev-1"));
                Assert.NotEqual(0, MosquittoClients.Publish(port, ca, dev1, "dev-1", "mda/v1/pump/dev-1/telemetry").ExitCode);
                DeliveredToOperator(port, ca, ops, dev2, "embedded-3");

                broker.Terminate();
                Assert.Equal(0, broker.WaitForExit(TimeSpan.FromSeconds(30)));
                Assert.Contains("refused TLS client certificate", broker.Error, StringComparison.Ordinal);
                Assert.Contains("certificate revoked", broker.Error, StringComparison.Ordinal);
                Assert.Matches("broker stopped; refused: [1-9]", broker.Output);
            }

            // Mosquitto from the generated files, unchanged.
            int mosquittoPort = BrokersFixture.FreePort();
            string config = Path.Combine(_root, "mosquitto");
            Ok(MdaProcess.Run(Passphrase, "broker", "mosquitto-config", "--pki", Pki, "--port", mosquittoPort.ToString(CultureInfo.InvariantCulture), "--out", config, "--user", Environment.UserName));
            using MosquittoProcess mosquitto = MosquittoProcess.Start(Path.Combine(config, MosquittoConfig.ConfigFileName), mosquittoPort);
            Assert.NotEqual(0, MosquittoClients.Publish(mosquittoPort, ca, dev1, "dev-1", "mda/v1/pump/dev-1/telemetry").ExitCode);
            DeliveredToOperator(mosquittoPort, ca, ops, dev3, "mosquitto-1");

            Ok(MdaProcess.Run(Passphrase, "pki", "revoke-device", "--dir", Pki, "--device-id", "dev-3"));

            // Mosquitto reads its crlfile at start and on SIGHUP only (docs/broker.md): until then dev-3 still gets in.
            Assert.Equal(0, MosquittoClients.Publish(mosquittoPort, ca, dev3, "dev-3", "mda/v1/pump/dev-3/telemetry").ExitCode);
            MdaProcess.Signal(mosquitto.Id, SigHup);
            Assert.True(
                Poll.Until(() => MosquittoClients.Publish(mosquittoPort, ca, dev3, "dev-3", "mda/v1/pump/dev-3/telemetry").ExitCode != 0, TimeSpan.FromSeconds(20)),
                "dev-3 still accepted after revoke-device and SIGHUP:\n" + mosquitto.Log);
            DeliveredToOperator(mosquittoPort, ca, ops, dev2, "mosquitto-2");
        }

        [Fact]
        public void Broker_WrongPassphrase_Exit4()
        {
            Ok(MdaProcess.Run(Passphrase, "pki", "init", "--dir", Pki));
            MdaProcess.Result broker = MdaProcess.Run("not-the-passphrase", "broker", "--pki", Pki, "--port", BrokersFixture.FreePort().ToString(CultureInfo.InvariantCulture), "--duration", "1");
            Assert.Equal(4, broker.ExitCode);
            MdaProcess.Result config = MdaProcess.Run("not-the-passphrase", "broker", "mosquitto-config", "--pki", Pki, "--port", "18883", "--out", Path.Combine(_root, "m"));
            Assert.Equal(4, config.ExitCode);
            Assert.False(Directory.Exists(Path.Combine(_root, "m")));
        }

        private static void Ok(MdaProcess.Result result)
        {
            Assert.True(result.ExitCode == 0, "mda exited " + result.ExitCode + ":\n" + result.Output + result.Error);
        }

        private static void DeliveredToOperator(int port, string ca, TestClient op, TestClient device, string tag)
        {
            string topic = "mda/v1/pump/" + device.Name + "/telemetry/" + tag;
            Process sub = MosquittoClients.StartSubscribe(port, ca, op, topic, 15);
            MosquittoClients.Run pub = default!;
            bool published = Poll.Until(
                () =>
                {
                    pub = MosquittoClients.Publish(port, ca, device, device.Name, topic);
                    return pub.ExitCode == 0 && sub.HasExited;
                },
                TimeSpan.FromSeconds(15));
            MosquittoClients.Run received = MosquittoClients.Finish(sub);
            Assert.True(published, "publish by " + device.Name + " exited " + pub.ExitCode + ": " + pub.Error + "; subscriber: " + received.Error);
            Assert.Contains(topic + " hello", received.Output, StringComparison.Ordinal);
        }

        private TestClient IssueDevice(string id)
        {
            string bundle = Path.Combine(_root, id);
            Ok(MdaProcess.Run(Passphrase, "pki", "issue-device", "--dir", Pki, "--device-id", id, "--out", bundle));
            return TestClient.FromBundle(id, bundle);
        }
    }
}
