using System;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Platform;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary>
    /// <see cref="IMqttTransport"/> over nanoFramework M2Mqtt (MQTT 3.1.1) with mutual TLS 1.2: the broker is
    /// verified against a CA certificate, the device presents its client certificate and private key.
    /// </summary>
    /// <remarks>
    /// One connection at a time: each TLS session costs about 33 KB of native heap, so the previous client is
    /// closed and released before a new one connects. No automatic reconnect: when the connection drops,
    /// <see cref="ConnectionLost"/> is raised and the core decides when to call <see cref="Connect"/> again.
    /// Needs an M2Mqtt build from July 2026 or later (connection leak fixes).
    /// The Last Will is sent in CONNECT; M2Mqtt takes its payload as a string and sends the UTF-8 bytes, so the will
    /// must be valid UTF-8 (the protocol's will, CBOR tstr "offline", is ASCII). A QoS 1 <see cref="Publish"/> waits up
    /// to <see cref="PublishTimeoutMilliseconds"/> for the broker's PUBACK (the <c>MqttMsgPublished</c> event with the
    /// message's id and <c>IsPublished</c>); one publish is outstanding at a time, which is how the agent sends.
    /// </remarks>
    internal sealed class M2MqttTransport : IMqttTransport
    {
        /// <summary>How long <see cref="Subscribe"/> waits for the broker's SUBACK.</summary>
        public const int SubscribeTimeoutMilliseconds = 10000;

        /// <summary>How long a QoS 1 <see cref="Publish"/> waits for the broker's PUBACK.</summary>
        public const int PublishTimeoutMilliseconds = 10000;

        /// <summary>Keep-alive period sent in CONNECT, in seconds.</summary>
        public const int KeepAliveSeconds = 60;

        private readonly string _brokerHost;
        private readonly int _brokerPort;
        private readonly X509Certificate _caCertificate;
        private readonly X509Certificate2 _clientCertificate;
        private readonly object _sync = new object();
        private readonly object _subscribeSync = new object();
        private readonly AutoResetEvent _subscribed = new AutoResetEvent(false);
        private readonly object _publishSync = new object();
        private readonly AutoResetEvent _published = new AutoResetEvent(false);
        private ushort _pendingPublishId;
        private bool _publishPending;
        private bool _publishAcknowledged;
        private MqttClient _client;
        private ushort _pendingSubscribeId;
        private bool _subscribeGranted;

        /// <summary>Prepares a transport to <paramref name="brokerHost"/>:<paramref name="brokerPort"/>.</summary>
        /// <param name="brokerHost">Broker host name (must match its certificate).</param>
        /// <param name="brokerPort">Broker TLS port, normally 8883.</param>
        /// <param name="caCertificatePem">PEM of the CA that signed the broker certificate.</param>
        /// <param name="clientCertificatePem">PEM of the device certificate.</param>
        /// <param name="clientKeyPem">PEM of the device private key (never logged).</param>
        public M2MqttTransport(string brokerHost, int brokerPort, string caCertificatePem, string clientCertificatePem, string clientKeyPem)
        {
            if (brokerHost == null || brokerHost.Length == 0)
            {
                throw new ArgumentException("brokerHost");
            }

            _brokerHost = brokerHost;
            _brokerPort = brokerPort;
            _caCertificate = new X509Certificate(caCertificatePem);
            _clientCertificate = new X509Certificate2(clientCertificatePem, clientKeyPem, null);
        }

        /// <inheritdoc />
        public event MqttMessageHandler MessageReceived;

        /// <inheritdoc />
        public event MqttConnectionLostHandler ConnectionLost;

        /// <inheritdoc />
        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && client.IsConnected;
            }
        }

        /// <inheritdoc />
        /// <remarks>Blocks for TCP, TLS and CONNACK (M2Mqtt's own timeouts); never throws for network, TLS or broker failures.</remarks>
        /// <exception cref="ArgumentException">The will's payload is not valid UTF-8.</exception>
        public bool Connect(string clientId, MqttLastWill will)
        {
            string willTopic = null;
            string willMessage = null;
            bool willRetain = false;
            MqttQoSLevel willQos = MqttQoSLevel.AtMostOnce;
            if (will != null)
            {
                byte[] payload = will.GetPayload();
                willMessage = Encoding.UTF8.GetString(payload, 0, payload.Length);
                byte[] again = Encoding.UTF8.GetBytes(willMessage);
                if (again.Length != payload.Length)
                {
                    throw new ArgumentException("The will payload must be UTF-8 (M2Mqtt sends the will as a string)");
                }

                for (int i = 0; i < again.Length; i++)
                {
                    if (again[i] != payload[i])
                    {
                        throw new ArgumentException("The will payload must be UTF-8 (M2Mqtt sends the will as a string)");
                    }
                }

                willTopic = will.Topic;
                willRetain = will.Retain;
                willQos = (MqttQoSLevel)will.Qos;
            }

            lock (_sync)
            {
                Release();
                MqttClient client = null;
                try
                {
                    client = new MqttClient(_brokerHost, _brokerPort, true, _caCertificate, _clientCertificate, MqttSslProtocols.TLSv1_2);
                    client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                    client.MqttMsgPublishReceived += OnPublishReceived;
                    client.MqttMsgPublished += OnPublished;
                    client.MqttMsgSubscribed += OnSubscribed;
                    client.ConnectionClosed += OnConnectionClosed;
                    MqttReasonCode code = client.Connect(clientId, null, null, willRetain, willQos, will != null, willTopic, willMessage, true, (ushort)KeepAliveSeconds);
                    if (code != MqttReasonCode.Success)
                    {
                        Dispose(client);
                        return false;
                    }

                    _client = client;
                    return true;
                }
                catch (Exception)
                {
                    // Unreachable broker, TLS failure or refusal: the core retries later.
                    Dispose(client);
                    return false;
                }
            }
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            lock (_sync)
            {
                Release();
            }
        }

        /// <inheritdoc />
        /// <remarks>
        /// M2Mqtt publishes whole arrays, so a sub-range is copied first. QoS 0: true once handed to the client while
        /// connected. QoS 1 and 2: true only when the broker's acknowledgement (<c>MqttMsgPublished</c> with this message
        /// id and <c>IsPublished</c>) arrives within <see cref="PublishTimeoutMilliseconds"/>; false on a timeout (M2Mqtt may
        /// still deliver it: the caller sends it again, at least once).
        /// </remarks>
        public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (payload == null)
            {
                throw new ArgumentNullException("payload");
            }

            if (offset < 0 || count < 0 || offset > payload.Length - count || qos < 0 || qos > 2)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                return false;
            }

            byte[] message = payload;
            if (offset != 0 || count != payload.Length)
            {
                message = new byte[count];
                Array.Copy(payload, offset, message, 0, count);
            }

            try
            {
                if (qos == 0)
                {
                    client.Publish(topic, message, null, null, MqttQoSLevel.AtMostOnce, retain);
                    return true;
                }

                // Held while the id is assigned, so that a fast PUBACK waits for it in OnPublished.
                lock (_publishSync)
                {
                    _published.Reset();
                    _publishAcknowledged = false;
                    _publishPending = true;
                    _pendingPublishId = client.Publish(topic, message, null, null, (MqttQoSLevel)qos, retain);
                }

                bool acknowledged = _published.WaitOne(PublishTimeoutMilliseconds, false) && _publishAcknowledged;
                lock (_publishSync)
                {
                    _publishPending = false;
                }

                return acknowledged;
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc />
        /// <remarks>Blocks up to <see cref="SubscribeTimeoutMilliseconds"/> for the SUBACK; a timeout counts as refused.</remarks>
        public bool Subscribe(string topicFilter, int qos)
        {
            if (qos < 0 || qos > 2)
            {
                throw new ArgumentOutOfRangeException("qos");
            }

            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                return false;
            }

            try
            {
                // Held while the id is assigned, so that a fast SUBACK waits for it in OnSubscribed.
                lock (_subscribeSync)
                {
                    _subscribed.Reset();
                    _subscribeGranted = false;
                    _pendingSubscribeId = client.Subscribe(new string[] { topicFilter }, new MqttQoSLevel[] { (MqttQoSLevel)qos });
                }

                return _subscribed.WaitOne(SubscribeTimeoutMilliseconds, false) && _subscribeGranted;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            MqttMessageHandler handler = MessageReceived;
            if (handler != null)
            {
                handler(e.Topic, e.Message);
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            lock (_publishSync)
            {
                if (!_publishPending || e.MessageId != _pendingPublishId)
                {
                    return;
                }

                _publishAcknowledged = e.IsPublished;
                _published.Set();
            }
        }

        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            lock (_subscribeSync)
            {
                if (e.MessageId != _pendingSubscribeId)
                {
                    return;
                }

                MqttQoSLevel[] granted = e.GrantedQoSLevels;
                _subscribeGranted = granted != null && granted.Length == 1 && granted[0] != MqttQoSLevel.GrantedFailure;
                _subscribed.Set();
            }
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            MqttConnectionLostHandler handler = ConnectionLost;
            if (handler != null)
            {
                handler();
            }
        }

        /// <summary>Closes and releases the current client (and its TLS session) without raising <see cref="ConnectionLost"/>.</summary>
        private void Release()
        {
            MqttClient client = _client;
            _client = null;
            if (client == null)
            {
                return;
            }

            client.ConnectionClosed -= OnConnectionClosed;
            try
            {
                if (client.IsConnected)
                {
                    client.Disconnect();
                }
            }
            catch (Exception)
            {
                // Already gone: nothing to close.
            }

            Dispose(client);
        }

        private void Dispose(MqttClient client)
        {
            if (client == null)
            {
                return;
            }

            client.MqttMsgPublishReceived -= OnPublishReceived;
            client.MqttMsgPublished -= OnPublished;
            client.MqttMsgSubscribed -= OnSubscribed;
            try
            {
                client.Dispose();
            }
            catch (Exception)
            {
                // Releasing a half-open client may throw; the socket is gone either way.
            }
        }
    }
}
