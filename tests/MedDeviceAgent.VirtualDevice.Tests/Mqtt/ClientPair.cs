using System;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>
    /// The usual cast of a round-trip test: a connected device transport whose events are recorded, a connected
    /// backend transport on the same broker, and a topic of their own.
    /// </summary>
    public sealed class ClientPair : IDisposable
    {
        private ClientPair(MqttNetTransport device, MqttNetTransport backend, string topic)
        {
            Device = device;
            Backend = backend;
            Received = new TransportRecorder(device);
            Topic = topic;
        }

        /// <summary>The transport under test on the device side.</summary>
        public MqttNetTransport Device { get; }

        /// <summary>The other client (plays the fleet backend).</summary>
        public MqttNetTransport Backend { get; }

        /// <summary>What <see cref="Device"/> raised.</summary>
        public TransportRecorder Received { get; }

        /// <summary>A topic no other test uses.</summary>
        public string Topic { get; }

        /// <summary>Connects both (asserted) with their own options; nothing is subscribed yet.</summary>
        public static ClientPair Connect(MqttTransportOptions deviceOptions, MqttTransportOptions backendOptions, string topicName, MosquittoBroker broker)
        {
            ArgumentNullException.ThrowIfNull(broker);
            MqttNetTransport device = new MqttNetTransport(deviceOptions);
            MqttNetTransport backend = new MqttNetTransport(backendOptions);
            ClientPair pair = new ClientPair(device, backend, PlainBrokerFixture.UniqueTopic(topicName));
            try
            {
                Assert.True(device.Connect(PlainBrokerFixture.UniqueClientId("device")), "device Connect failed:\n" + broker.Log);
                Assert.True(backend.Connect(PlainBrokerFixture.UniqueClientId("backend")), "backend Connect failed:\n" + broker.Log);
                return pair;
            }
            catch
            {
                pair.Dispose();
                throw;
            }
        }

        /// <summary>Disposes both transports.</summary>
        public void Dispose()
        {
            Device.Dispose();
            Backend.Dispose();
        }
    }
}
