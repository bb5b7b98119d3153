using System;
using System.Text;
using System.Threading;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>Dropped connections: the broker process is killed under connected clients, then started again.</summary>
    public sealed class MqttNetTransportFaultTests : IDisposable
    {
        private readonly MosquittoBroker _broker = new MosquittoBroker();

        public MqttNetTransportFaultTests()
        {
            try
            {
                _broker.Start("allow_anonymous true");
            }
            catch
            {
                _broker.Dispose();
                throw;
            }
        }

        public void Dispose() => _broker.Dispose();

        [Fact]
        public void ConnectionLost_BrokerKilled_RaisedOnceAndReconnectAfterRestartWorks()
        {
            MqttTransportOptions options = PlainBrokerFixture.Options(_broker.Port);
            using MqttNetTransport device = new MqttNetTransport(options);
            using MqttNetTransport backend = new MqttNetTransport(options);
            TransportRecorder deviceEvents = new TransportRecorder(device);
            TransportRecorder backendEvents = new TransportRecorder(backend);
            string deviceId = PlainBrokerFixture.UniqueClientId("device");
            string backendId = PlainBrokerFixture.UniqueClientId("backend");
            string topic = PlainBrokerFixture.UniqueTopic("cmd");

            // The core's reaction: try to reconnect from inside ConnectionLost (the broker is still down here).
            int reconnectInHandler = 0; // 0 not tried yet, 1 connected, 2 refused
            device.ConnectionLost += () => Volatile.Write(ref reconnectInHandler, device.Connect(deviceId) ? 1 : 2);
            Assert.True(device.Connect(deviceId));
            Assert.True(backend.Connect(backendId));
            Assert.True(device.Subscribe(topic, 1));

            _broker.Kill();

            deviceEvents.WaitForConnectionLost(1);
            backendEvents.WaitForConnectionLost(1);
            Assert.True(Poll.Until(() => Volatile.Read(ref reconnectInHandler) != 0), "The handler's Connect did not return.");
            Assert.Equal(2, reconnectInHandler);
            Assert.False(device.IsConnected);
            Assert.False(backend.IsConnected);
            byte[] payload = Encoding.UTF8.GetBytes("after restart");
            Assert.False(backend.Publish(topic, payload, 0, payload.Length, 1, false));
            Assert.False(backend.Publish(topic, payload, 0, payload.Length, 0, false));
            Assert.False(backend.Connect(backendId));

            _broker.Restart();

            Assert.True(device.Connect(deviceId), _broker.Log);
            Assert.True(backend.Connect(backendId), _broker.Log);
            Assert.True(device.Subscribe(topic, 1));
            Assert.True(backend.Publish(topic, payload, 0, payload.Length, 1, false));
            Assert.Equal(payload, Assert.Single(deviceEvents.WaitForMessages(1)).Payload);

            // Our own disconnects after the reconnect add reports but no ConnectionLost.
            int reportsBefore = device.DisconnectReports;
            device.Disconnect();
            backend.Disconnect();
            Assert.True(Poll.Until(() => device.DisconnectReports > reportsBefore), "MQTTnet never reported the disconnect.");
            Assert.Equal(1, deviceEvents.ConnectionLostCount);
            Assert.Equal(1, backendEvents.ConnectionLostCount);
        }

        [Fact]
        public void Connect_BrokerDown_ReturnsFalseThenTrueOnceItRuns()
        {
            using MqttNetTransport device = new MqttNetTransport(PlainBrokerFixture.Options(_broker.Port));
            TransportRecorder events = new TransportRecorder(device);
            string deviceId = PlainBrokerFixture.UniqueClientId("device");
            _broker.Kill();

            Assert.False(device.Connect(deviceId));
            Assert.False(device.Connect(deviceId));
            _broker.Restart();

            Assert.True(device.Connect(deviceId), _broker.Log);
            Assert.Equal(0, events.ConnectionLostCount);
        }
    }
}
