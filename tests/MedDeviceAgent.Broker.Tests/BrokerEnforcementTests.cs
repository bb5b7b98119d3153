using System;
using System.Threading.Tasks;
using MedDeviceAgent.Broker.Tests.Support;
using MQTTnet;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>
    /// What both brokers enforce, proven with independent clients (mosquitto_pub/mosquitto_sub) and the MQTTnet client
    /// against the embedded broker and against Mosquitto started from the generated configuration.
    /// </summary>
    [Collection(BrokersCollection.Name)]
    public sealed class BrokerEnforcementTests
    {
        private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
        private readonly BrokersFixture _f;

        /// <summary>Uses the shared brokers.</summary>
        public BrokerEnforcementTests(BrokersFixture fixture) => _f = fixture;

        /// <summary>Both brokers.</summary>
        public static TheoryData<string> Brokers => new TheoryData<string> { BrokersFixture.Embedded, BrokersFixture.Mosquitto };

        [Theory]
        [MemberData(nameof(Brokers))]
        public async Task Connect_NoClientCertificate_Refused(string broker)
        {
            Assert.True(await NetClient.IsRefusedAsync(_f.Port(broker), _f.Pki.CaPem, null, "dev-a"));
            MosquittoClients.Run run = MosquittoClients.Publish(_f.Port(broker), _f.Pki.Files.CaPath, null, "dev-a", "mda/v1/pump/dev-a/telemetry");
            Assert.NotEqual(0, run.ExitCode);
        }

        [Theory]
        [MemberData(nameof(Brokers))]
        public async Task Connect_CertificateFromOtherCa_Refused(string broker)
        {
            Assert.True(await NetClient.IsRefusedAsync(_f.Port(broker), _f.Pki.CaPem, _f.OtherCa, "dev-a"));
            MosquittoClients.Run run = MosquittoClients.Publish(_f.Port(broker), _f.Pki.Files.CaPath, _f.OtherCa, "dev-a", "mda/v1/pump/dev-a/telemetry");
            Assert.NotEqual(0, run.ExitCode);
        }

        [Theory]
        [MemberData(nameof(Brokers))]
        public async Task Connect_RevokedCertificate_Refused(string broker)
        {
            Assert.True(await NetClient.IsRefusedAsync(_f.Port(broker), _f.Pki.CaPem, _f.Revoked, "dev-r"));
            MosquittoClients.Run run = MosquittoClients.Publish(_f.Port(broker), _f.Pki.Files.CaPath, _f.Revoked, "dev-r", "mda/v1/pump/dev-r/telemetry");
            Assert.NotEqual(0, run.ExitCode);
        }

        [Theory]
        [MemberData(nameof(Brokers))]
        public async Task Connect_ValidDeviceCertificate_Accepted(string broker)
        {
            await using NetClient client = await NetClient.ConnectAsync(_f.Port(broker), _f.Pki.CaPem, _f.DeviceA, "dev-a");
            Assert.True(client.IsConnected);
            MosquittoClients.Run run = MosquittoClients.Publish(_f.Port(broker), _f.Pki.Files.CaPath, _f.DeviceA, "dev-a", "mda/v1/pump/dev-a/telemetry");
            Assert.True(run.ExitCode == 0, run.Error);
        }

        [Fact]
        public async Task Connect_ClientIdNotCn_EmbeddedRefuses()
        {
            Assert.True(await NetClient.IsRefusedAsync(_f.EmbeddedPort, _f.Pki.CaPem, _f.DeviceA, "dev-b"));
            MosquittoClients.Run run = MosquittoClients.Publish(_f.EmbeddedPort, _f.Pki.Files.CaPath, _f.DeviceA, "dev-b", "mda/v1/pump/dev-a/telemetry");
            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("client id 'dev-b' is not the certificate's CN", _f.EmbeddedLog.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Connect_ClientIdNotCn_MosquittoReplacesItWithCnAndKeepsTheOtherSession()
        {
            // Mosquitto has no client-id check; use_username_as_clientid makes the CN the client id, so a device
            // claiming another's id cannot take over that device's session (plain Mosquitto would disconnect dev-b).
            await using NetClient deviceB = await NetClient.ConnectAsync(_f.MosquittoPort, _f.Pki.CaPem, _f.DeviceB, "dev-b");
            await using NetClient impostor = await NetClient.ConnectAsync(_f.MosquittoPort, _f.Pki.CaPem, _f.DeviceA, "dev-b");
            MosquittoClients.Run run = MosquittoClients.Publish(_f.MosquittoPort, _f.Pki.Files.CaPath, _f.DeviceA, "dev-b", "mda/v1/pump/dev-a/telemetry");
            Assert.True(run.ExitCode == 0, run.Error);
            await Task.Delay(Quiet);
            Assert.True(deviceB.IsConnected, "dev-b's session was taken over");
            await deviceB.PublishAsync("mda/v1/pump/dev-b/telemetry");
        }

        [Theory]
        [MemberData(nameof(Brokers))]
        public async Task Publish_UnderAnotherDevicesId_NotDelivered(string broker)
        {
            string tag = Guid.NewGuid().ToString("N");
            await using NetClient observer = await NetClient.ConnectAsync(_f.Port(broker), _f.Pki.CaPem, _f.Operator, "ops-1");
            await observer.SubscribeAsync("mda/v1/#");
            await using NetClient deviceA = await NetClient.ConnectAsync(_f.Port(broker), _f.Pki.CaPem, _f.DeviceA, "dev-a");

            string foreignNet = "mda/v1/pump/dev-b/telemetry/" + tag + "n";
            string foreignCli = "mda/v1/pump/dev-b/telemetry/" + tag + "c";
            string own = "mda/v1/pump/dev-a/telemetry/" + tag;
            try
            {
                await deviceA.PublishAsync(foreignNet);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // A broker may also drop the connection; either way nothing is delivered.
            }

            MosquittoClients.Publish(_f.Port(broker), _f.Pki.Files.CaPath, _f.DeviceA, "dev-a", foreignCli);
            MosquittoClients.Run ownRun = MosquittoClients.Publish(_f.Port(broker), _f.Pki.Files.CaPath, _f.DeviceA, "dev-a", own);
            Assert.True(ownRun.ExitCode == 0, ownRun.Error);
            Assert.True(Poll.Until(() => observer.HasReceived(own)), "the allowed publish did not arrive");
            await Task.Delay(Quiet);
            Assert.False(observer.HasReceived(foreignNet));
            Assert.False(observer.HasReceived(foreignCli));
        }

        [Theory]
        [MemberData(nameof(Brokers))]
        public async Task Subscribe_UnderAnotherDevicesId_ReceivesNothing(string broker)
        {
            string tag = Guid.NewGuid().ToString("N");
            string topic = "mda/v1/pump/dev-b/state/" + tag;
            await using NetClient observer = await NetClient.ConnectAsync(_f.Port(broker), _f.Pki.CaPem, _f.Operator, "ops-1");
            await observer.SubscribeAsync("mda/v1/#");
            await using NetClient deviceA = await NetClient.ConnectAsync(_f.Port(broker), _f.Pki.CaPem, _f.DeviceA, "dev-a");
            MQTTnet.MqttClientSubscribeResultCode code = await deviceA.SubscribeAsync("mda/v1/+/dev-b/#");
            if (broker == BrokersFixture.Embedded)
            {
                Assert.Equal(MQTTnet.MqttClientSubscribeResultCode.NotAuthorized, code);
            }

            await using NetClient deviceB = await NetClient.ConnectAsync(_f.Port(broker), _f.Pki.CaPem, _f.DeviceB, "dev-b");
            await deviceB.PublishRetainedAsync(topic);
            Assert.True(Poll.Until(() => observer.HasReceived(topic)), "dev-b's publish did not arrive at the operator");

            // mosquitto_sub as dev-a on dev-b's retained topic gets nothing; as dev-b it gets the message (control).
            MosquittoClients.Run foreign = MosquittoClients.Finish(MosquittoClients.StartSubscribe(_f.Port(broker), _f.Pki.Files.CaPath, _f.DeviceA, "mda/v1/+/dev-b/state/" + tag, 2));
            MosquittoClients.Run control = MosquittoClients.Finish(MosquittoClients.StartSubscribe(_f.Port(broker), _f.Pki.Files.CaPath, _f.DeviceB, "mda/v1/+/dev-b/state/" + tag, 5));
            Assert.Contains(topic, control.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(topic, foreign.Output, StringComparison.Ordinal);
            Assert.False(deviceA.HasReceived(topic));
        }

        [Theory]
        [MemberData(nameof(Brokers))]
        public async Task Operator_WritesOnlyCommandsAndUpdates(string broker)
        {
            string tag = Guid.NewGuid().ToString("N");
            await using NetClient deviceA = await NetClient.ConnectAsync(_f.Port(broker), _f.Pki.CaPem, _f.DeviceA, "dev-a");
            Assert.Equal(MQTTnet.MqttClientSubscribeResultCode.GrantedQoS1, await deviceA.SubscribeAsync("mda/v1/pump/dev-a/#"));
            await using NetClient op = await NetClient.ConnectAsync(_f.Port(broker), _f.Pki.CaPem, _f.Operator, "ops-1");
            string forged = "mda/v1/pump/dev-a/telemetry/" + tag;
            string command = "mda/v1/pump/dev-a/cmd/" + tag;
            string update = "mda/v1/pump/dev-a/update/" + tag;
            await op.PublishAsync(forged);
            await op.PublishAsync(command);
            await op.PublishAsync(update);
            Assert.True(Poll.Until(() => deviceA.HasReceived(command) && deviceA.HasReceived(update)), "command and update did not arrive");
            await Task.Delay(Quiet);
            Assert.False(deviceA.HasReceived(forged));
        }

        [Theory]
        [MemberData(nameof(Brokers))]
        public async Task AllowedPath_DeviceTelemetryToOperatorAndCommandToDevice_Delivered(string broker)
        {
            string tag = Guid.NewGuid().ToString("N");
            await using NetClient op = await NetClient.ConnectAsync(_f.Port(broker), _f.Pki.CaPem, _f.Operator, "ops-1");
            Assert.Equal(MQTTnet.MqttClientSubscribeResultCode.GrantedQoS1, await op.SubscribeAsync("mda/v1/+/+/telemetry/#"));
            string telemetry = "mda/v1/pump/dev-a/telemetry/" + tag;
            MosquittoClients.Run pub = MosquittoClients.Publish(_f.Port(broker), _f.Pki.Files.CaPath, _f.DeviceA, "dev-a", telemetry);
            Assert.True(pub.ExitCode == 0, pub.Error);
            Assert.True(Poll.Until(() => op.HasReceived(telemetry)), "telemetry did not arrive");

            string command = "mda/v1/pump/dev-a/cmd/" + tag;
            await op.PublishRetainedAsync(command);
            MosquittoClients.Run sub = MosquittoClients.Finish(MosquittoClients.StartSubscribe(_f.Port(broker), _f.Pki.Files.CaPath, _f.DeviceA, "mda/v1/pump/dev-a/cmd/#", 5));
            Assert.Contains(command, sub.Output, StringComparison.Ordinal);
            await op.PublishRetainedAsync(command, clear: true);
        }
    }
}
