using System;
using System.Collections.Generic;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>Records what a transport raises: every message (topic and payload) and every ConnectionLost.</summary>
    public sealed class TransportRecorder
    {
        private readonly object _gate = new object();
        private readonly List<(string Topic, byte[] Payload)> _messages = new List<(string Topic, byte[] Payload)>();
        private int _connectionLost;

        /// <summary>Subscribes to the events of <paramref name="transport"/>.</summary>
        public TransportRecorder(MqttNetTransport transport)
        {
            ArgumentNullException.ThrowIfNull(transport);
            transport.MessageReceived += OnMessage;
            transport.ConnectionLost += OnConnectionLost;
        }

        /// <summary>Number of ConnectionLost events so far.</summary>
        public int ConnectionLostCount
        {
            get
            {
                lock (_gate)
                {
                    return _connectionLost;
                }
            }
        }

        /// <summary>A snapshot of the messages received so far, in arrival order.</summary>
        public List<(string Topic, byte[] Payload)> Messages
        {
            get
            {
                lock (_gate)
                {
                    return new List<(string Topic, byte[] Payload)>(_messages);
                }
            }
        }

        /// <summary>Waits (bounded) until at least <paramref name="count"/> messages arrived; returns the snapshot.</summary>
        public List<(string Topic, byte[] Payload)> WaitForMessages(int count)
        {
            Assert.True(Poll.Until(() => Count() >= count), "Expected " + count + " messages, got " + Count() + ".");
            return Messages;
        }

        /// <summary>Waits (bounded) until at least <paramref name="count"/> ConnectionLost events were raised.</summary>
        public void WaitForConnectionLost(int count)
        {
            Assert.True(Poll.Until(() => ConnectionLostCount >= count), "Expected " + count + " ConnectionLost, got " + ConnectionLostCount + ".");
        }

        private int Count()
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }

        private void OnMessage(string topic, byte[] payload)
        {
            lock (_gate)
            {
                _messages.Add((topic, payload));
            }
        }

        private void OnConnectionLost()
        {
            lock (_gate)
            {
                _connectionLost++;
            }
        }
    }
}
