namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// A mutually authenticated MQTT connection to the fleet broker (M2Mqtt over TLS on the device,
    /// MQTTnet on the host). The core reconnects itself: transports do not.
    /// </summary>
    /// <remarks>One connection at a time: on ESP32 each TLS session costs about 33 KB of native heap.</remarks>
    public interface IMqttTransport
    {
        /// <summary>True while the connection is up.</summary>
        bool IsConnected { get; }

        /// <summary>Connects with the given client id; returns false when the broker refuses or cannot be reached.</summary>
        bool Connect(string clientId);

        /// <summary>Closes the connection; no effect when closed.</summary>
        void Disconnect();

        /// <summary>Publishes <paramref name="count"/> bytes of <paramref name="payload"/>; returns false when not sent.</summary>
        bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain);

        /// <summary>Subscribes to a topic filter; returns false when the broker refused it.</summary>
        bool Subscribe(string topicFilter, int qos);

        /// <summary>Raised for each received message.</summary>
        event MqttMessageHandler MessageReceived;

        /// <summary>Raised when the connection drops.</summary>
        event MqttConnectionLostHandler ConnectionLost;
    }
}
