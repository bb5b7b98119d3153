using System.Text;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>Mutual TLS against mosquitto with require_certificate: what the device does with M2Mqtt in the field.</summary>
    public sealed class MqttNetTransportTlsTests : IClassFixture<TlsBrokerFixture>
    {
        private readonly TlsBrokerFixture _broker;

        public MqttNetTransportTlsTests(TlsBrokerFixture broker)
        {
            _broker = broker;
        }

        [Fact]
        public void Connect_MutualTls_RoundTripWorks()
        {
            MqttTransportOptions options = _broker.Options(0, "127.0.0.1", withClientCertificate: true);
            using ClientPair pair = ClientPair.Connect(options, options, "tls", _broker.Broker);
            Assert.True(pair.Device.Subscribe(pair.Topic, 1));

            byte[] payload = Encoding.UTF8.GetBytes("over mutual TLS");
            Assert.True(pair.Backend.Publish(pair.Topic, payload, 0, payload.Length, 1, false));

            Assert.Equal(payload, Assert.Single(pair.Received.WaitForMessages(1)).Payload);
        }

        [Fact]
        public void Connect_NoClientCertificate_Refused()
        {
            using MqttNetTransport device = new MqttNetTransport(_broker.Options(0, "127.0.0.1", withClientCertificate: false));

            Assert.False(device.Connect(PlainBrokerFixture.UniqueClientId("anonymous")));
            Assert.False(device.IsConnected);
        }

        [Fact]
        public void Connect_ClientCertificateFromOtherCa_Refused()
        {
            TestCertificates rogue = new TestCertificates("rogue CA");
            (string certificate, string key) = rogue.IssueClient("device-0001");
            MqttTransportOptions options = _broker.Options(0, "127.0.0.1", withClientCertificate: false);
            options.SetClientCertificate(certificate, key);
            using MqttNetTransport device = new MqttNetTransport(options);

            Assert.False(device.Connect(PlainBrokerFixture.UniqueClientId("rogue")));
        }

        [Fact]
        public void Connect_BrokerNotFromConfiguredCa_Refused()
        {
            MqttTransportOptions options = _broker.Options(0, "127.0.0.1", withClientCertificate: true);
            options.CaCertificatePem = new TestCertificates("some other CA").CaPem;
            using MqttNetTransport device = new MqttNetTransport(options);

            Assert.False(device.Connect(PlainBrokerFixture.UniqueClientId("untrusting")));
        }

        [Fact]
        public void Connect_HostNameNotInBrokerCertificate_Refused()
        {
            // Control: by the name localhost, the listener whose certificate names localhost is accepted ...
            using MqttNetTransport control = new MqttNetTransport(_broker.Options(1, "localhost", withClientCertificate: true));
            Assert.True(control.Connect(PlainBrokerFixture.UniqueClientId("control")), _broker.Broker.Log);

            // ... and the one whose certificate names only 127.0.0.1 is not.
            using MqttNetTransport device = new MqttNetTransport(_broker.Options(0, "localhost", withClientCertificate: true));
            Assert.False(device.Connect(PlainBrokerFixture.UniqueClientId("wrong-name")));
        }
    }
}
