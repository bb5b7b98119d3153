using System;
using System.Security.Cryptography.X509Certificates;
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
    /// </remarks>
    internal sealed class M2MqttTransport : IMqttTransport
    {
        /// <summary>How long <see cref="Subscribe"/> waits for the broker's SUBACK.</summary>
        public const int SubscribeTimeoutMilliseconds = 10000;

        private readonly string _brokerHost;
        private readonly int _brokerPort;
        private readonly X509Certificate _caCertificate;
        private readonly X509Certificate2 _clientCertificate;
        private readonly object _sync = new object();
        private readonly AutoResetEvent _subscribed = new AutoResetEvent(false);
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
        public bool Connect(string clientId)
        {
            lock (_sync)
            {
                Release();
                MqttClient client = null;
                try
                {
                    client = new MqttClient(_brokerHost, _brokerPort, true, _caCertificate, _clientCertificate, MqttSslProtocols.TLSv1_2);
                    client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                    client.MqttMsgPublishReceived += OnPublishReceived;
                    client.MqttMsgSubscribed += OnSubscribed;
                    client.ConnectionClosed += OnConnectionClosed;
                    if (client.Connect(clientId, true) != MqttReasonCode.Success)
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
        /// M2Mqtt publishes whole arrays, so a sub-range is copied first. "Sent" means handed to the client while
        /// connected; QoS 1/2 delivery is confirmed by the broker later and is not awaited here.
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
                client.Publish(topic, message, null, null, (MqttQoSLevel)qos, retain);
                return true;
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
                lock (_sync)
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

        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            if (e.MessageId != _pendingSubscribeId)
            {
                return;
            }

            MqttQoSLevel[] granted = e.GrantedQoSLevels;
            _subscribeGranted = granted != null && granted.Length == 1 && granted[0] != MqttQoSLevel.GrantedFailure;
            _subscribed.Set();
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
