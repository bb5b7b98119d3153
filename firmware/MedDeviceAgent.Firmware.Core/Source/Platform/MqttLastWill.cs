using System;

namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// The message the broker publishes for a client whose connection ends without a clean DISCONNECT
    /// (MQTT Last Will): topic, payload, QoS and retain flag, handed to <see cref="IMqttTransport.Connect"/>.
    /// </summary>
    /// <remarks>
    /// The payload must be valid UTF-8: nanoFramework's M2Mqtt carries the will as a string, so a will that
    /// is not UTF-8 could not be sent by the device (the protocol's will is the CBOR text string
    /// "offline", ASCII bytes; <see cref="Agent.StatePayload"/>). Immutable after construction; the payload is
    /// copied. RAM: the topic string and one copy of the payload.
    /// </remarks>
    public sealed class MqttLastWill
    {
        private readonly byte[] _payload;

        /// <summary>Creates a will on <paramref name="topic"/> with a copy of <paramref name="payload"/>.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The topic is empty, or <paramref name="qos"/> is not 0, 1 or 2.</exception>
        public MqttLastWill(string topic, byte[] payload, int qos, bool retain)
        {
            if (topic == null || payload == null)
            {
                throw new ArgumentNullException(topic == null ? nameof(topic) : nameof(payload));
            }

            if (topic.Length == 0 || qos < 0 || qos > 2)
            {
                throw new ArgumentOutOfRangeException(nameof(qos));
            }

            Topic = topic;
            _payload = new byte[payload.Length];
            Array.Copy(payload, _payload, payload.Length);
            Qos = qos;
            Retain = retain;
        }

        /// <summary>Topic the broker publishes the will on.</summary>
        public string Topic { get; private set; }

        /// <summary>QoS of the will (0, 1 or 2).</summary>
        public int Qos { get; private set; }

        /// <summary>True when the broker keeps the will as the topic's retained message.</summary>
        public bool Retain { get; private set; }

        /// <summary>Length of the payload in bytes.</summary>
        public int PayloadLength
        {
            get { return _payload.Length; }
        }

        /// <summary>A copy of the payload (allocates <see cref="PayloadLength"/> bytes).</summary>
        public byte[] GetPayload()
        {
            byte[] copy = new byte[_payload.Length];
            Array.Copy(_payload, copy, _payload.Length);
            return copy;
        }
    }
}
