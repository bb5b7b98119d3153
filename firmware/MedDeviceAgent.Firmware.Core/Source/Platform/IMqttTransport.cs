namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// A mutually authenticated MQTT connection to the fleet broker (M2Mqtt over TLS on the device,
    /// MQTTnet on the host). The core reconnects itself: transports do not.
    /// </summary>
    /// <remarks>
    /// One connection at a time: on ESP32 each TLS session costs about 33 KB of native heap.
    /// Contract every adapter keeps (the device agent relies on it):
    /// <list type="bullet">
    /// <item><see cref="Connect"/> opens a clean session and registers the Last Will with the broker in the CONNECT packet.</item>
    /// <item><see cref="Publish"/> at QoS 1 returns true only once the broker's PUBACK for that message arrived, and returns
    /// false (never blocks longer than the adapter's documented bound) on a timeout, a refusal or a lost connection; at
    /// QoS 0 true means written to the connection. A false QoS 1 publish may still have reached the broker (the PUBACK
    /// was lost): the caller keeps the message and sends it again, so delivery is at least once.</item>
    /// <item>No adapter opens a listening port: the device only ever dials out.</item>
    /// </list>
    /// </remarks>
    public interface IMqttTransport
    {
        /// <summary>True while the connection is up.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Connects with the given client id (the device id, which is its certificate's CN) and registers
        /// <paramref name="will"/> (null: none); returns false when the broker refuses or cannot be reached.
        /// </summary>
        bool Connect(string clientId, MqttLastWill will);

        /// <summary>Closes the connection with a clean DISCONNECT (the broker discards the will); no effect when closed.</summary>
        void Disconnect();

        /// <summary>
        /// Publishes <paramref name="count"/> bytes of <paramref name="payload"/>; at QoS 1 true only once the PUBACK came
        /// (bounded wait), false when not sent or not acknowledged in time.
        /// </summary>
        bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain);

        /// <summary>Subscribes to a topic filter; returns false when the broker refused it.</summary>
        bool Subscribe(string topicFilter, int qos);

        /// <summary>Raised for each received message.</summary>
        event MqttMessageHandler MessageReceived;

        /// <summary>Raised when the connection drops.</summary>
        event MqttConnectionLostHandler ConnectionLost;
    }
}
