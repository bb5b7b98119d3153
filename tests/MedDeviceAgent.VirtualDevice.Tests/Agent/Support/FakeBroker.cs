using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent.Support
{
    /// <summary>
    /// An in-process <see cref="IMqttTransport"/> standing in for a broker connection: records every connect (with its
    /// will) and every publish the broker acknowledged, and lets a test refuse connects, withhold PUBACKs or drop the line.
    /// </summary>
    public sealed class FakeBroker : IMqttTransport
    {
        private bool _connected;

        /// <summary>One message the broker received and acknowledged.</summary>
        public sealed record Delivery(string Topic, byte[] Payload, int Qos, bool Retain);

        /// <summary>Acknowledged publishes, in order.</summary>
        public List<Delivery> Delivered { get; } = new List<Delivery>();

        /// <summary>The will of each successful connect, in order.</summary>
        public List<MqttLastWill?> Wills { get; } = new List<MqttLastWill?>();

        /// <summary>Client ids of connect attempts.</summary>
        public List<string> ConnectAttempts { get; } = new List<string>();

        /// <summary>While false, connects fail.</summary>
        public bool Reachable { get; set; } = true;

        /// <summary>While true, publishes reach the broker but the PUBACK never comes (the call returns false, the connection stays).</summary>
        public bool WithholdAcks { get; set; }

        /// <summary>Publishes that reached the broker without a PUBACK (the device cannot know they arrived).</summary>
        public List<Delivery> Unacknowledged { get; } = new List<Delivery>();

        /// <summary>Clean disconnects the client sent.</summary>
        public int Disconnects { get; private set; }

        /// <inheritdoc />
        public bool IsConnected => _connected;

        /// <inheritdoc />
        public event MqttMessageHandler? MessageReceived;

        /// <inheritdoc />
        public event MqttConnectionLostHandler? ConnectionLost;

        /// <inheritdoc />
        public bool Connect(string clientId, MqttLastWill? will)
        {
            ConnectAttempts.Add(clientId);
            if (!Reachable)
            {
                return false;
            }

            _connected = true;
            Wills.Add(will);
            return true;
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            if (_connected)
            {
                Disconnects++;
            }

            _connected = false;
        }

        /// <summary>The line drops (the broker would publish the will).</summary>
        public void Drop()
        {
            _connected = false;
            ConnectionLost?.Invoke();
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (!_connected)
            {
                return false;
            }

            Delivery delivery = new Delivery(topic, payload.AsSpan(offset, count).ToArray(), qos, retain);
            if (WithholdAcks)
            {
                Unacknowledged.Add(delivery);
                return false;
            }

            Delivered.Add(delivery);
            return true;
        }

        /// <inheritdoc />
        public bool Subscribe(string topicFilter, int qos) => _connected;

        /// <summary>Keeps the compiler from flagging the unused event.</summary>
        public void Deliver(string topic, byte[] payload) => MessageReceived?.Invoke(topic, payload);
    }
}
