using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using MedDeviceAgent.Broker.Tests.Support;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.Cli;
using MedDeviceAgent.TestSupport;
using MQTTnet.Formatter;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>
    /// What a broker restart keeps: a persistent subscriber that is offline while messages are acknowledged to their
    /// publisher receives every one of them after the broker restarted.
    /// </summary>
    public sealed class BrokerRestartTests : IDisposable
    {
        private readonly TestPki _pki = new TestPki("ops-1");

        /// <inheritdoc />
        public void Dispose() => _pki.Dispose();

        [Fact]
        public async Task Mosquitto_RestartedWithSigterm_OfflinePersistentSubscriberReceivesEveryMessage()
        {
            int port = BrokersFixture.FreePort();
            string output = Path.Combine(_pki.Directory, "mosquitto");
            Assert.Equal(0, CliApp.Run(new[] { "broker", "mosquitto-config", "--pki", _pki.Directory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", output, "--user", Environment.UserName }, TextWriter.Null, TextWriter.Null));
            string config = Path.Combine(output, MosquittoConfig.ConfigFileName);
            TestClient op = _pki.IssueClient("ops-1");
            TestClient device = _pki.IssueClient("dev-a");
            string tag = Guid.NewGuid().ToString("N");
            MosquittoProcess first = MosquittoProcess.Start(config, port);
            try
            {
                await using (NetClient subscriber = await NetClient.ConnectAsync(port, _pki.CaPem, op, "ops-1", MqttProtocolVersion.V500, persistentSession: true))
                {
                    await subscriber.SubscribeAsync("mda/v1/+/+/telemetry/#");
                }

                await using NetClient publisher = await NetClient.ConnectAsync(port, _pki.CaPem, device, "dev-a", MqttProtocolVersion.V311, persistentSession: false);
                for (int i = 0; i < 5; i++)
                {
                    await publisher.PublishAsync("mda/v1/pump/dev-a/telemetry/" + tag + "/" + i);
                }

                MdaProcess.Signal(first.Id, 15);
                using Process stopping = Process.GetProcessById(first.Id);
                Assert.True(stopping.WaitForExit(15_000), "mosquitto did not stop on SIGTERM");
            }
            finally
            {
                first.Dispose();
            }

            Assert.True(File.Exists(Path.Combine(output, MosquittoConfig.PersistenceFolderName, "mosquitto.db")), "no persistence file was written");
            using MosquittoProcess second = MosquittoProcess.Start(config, port);
            await using NetClient back = await NetClient.ConnectAsync(port, _pki.CaPem, op, "ops-1", MqttProtocolVersion.V500, persistentSession: true);
            Assert.True(
                Poll.Until(() => Array.TrueForAll(new[] { 0, 1, 2, 3, 4 }, i => back.HasReceived("mda/v1/pump/dev-a/telemetry/" + tag + "/" + i)), TimeSpan.FromSeconds(15)),
                "received after the restart: " + string.Join(", ", back.Received) + "\n" + second.Log);
        }
    }
}
