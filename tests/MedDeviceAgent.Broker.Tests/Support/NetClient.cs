using System;
using System.Collections.Concurrent;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>An MQTTnet client over mutual TLS to a test broker, recording every message it receives.</summary>
    public sealed class NetClient : IAsyncDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
        private readonly IMqttClient _client;

        private NetClient(IMqttClient client)
        {
            _client = client;
            client.ApplicationMessageReceivedAsync += e =>
            {
                Received.Enqueue(e.ApplicationMessage.Topic);
                return Task.CompletedTask;
            };
        }

        /// <summary>Topics of the messages received, in order.</summary>
        public ConcurrentQueue<string> Received { get; } = new ConcurrentQueue<string>();

        /// <summary>True while connected.</summary>
        public bool IsConnected => _client.IsConnected;

        /// <summary>
        /// Connects to 127.0.0.1:<paramref name="port"/> as <paramref name="clientId"/> with <paramref name="identity"/>'s
        /// certificate (none when null), trusting <paramref name="caPem"/> for the broker. Throws when refused.
        /// </summary>
        public static Task<NetClient> ConnectAsync(int port, string caPem, TestClient? identity, string clientId)
        {
            return ConnectAsync(port, caPem, identity, clientId, MQTTnet.Formatter.MqttProtocolVersion.V500, persistentSession: false);
        }

        /// <summary>
        /// Connects as <see cref="ConnectAsync(int, string, TestClient?, string)"/> at <paramref name="protocol"/>; with
        /// <paramref name="persistentSession"/> clean session/start is off (MQTT 5: session expiry one hour), as 'mda monitor' connects.
        /// </summary>
        public static async Task<NetClient> ConnectAsync(int port, string caPem, TestClient? identity, string clientId, MQTTnet.Formatter.MqttProtocolVersion protocol, bool persistentSession)
        {
            MqttClientFactory factory = new MqttClientFactory();
            IMqttClient client = factory.CreateMqttClient();
            X509Certificate2Collection trust = new X509Certificate2Collection();
            trust.ImportFromPem(caPem);
            X509Certificate2? own = null;
            if (identity != null)
            {
                using X509Certificate2 pem = X509Certificate2.CreateFromPem(identity.CertificatePem, identity.KeyPem);
                own = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }

            MqttClientOptions options = factory.CreateClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", port)
                .WithClientId(clientId)
                .WithProtocolVersion(protocol)
                .WithCleanSession(!persistentSession)
                .WithSessionExpiryInterval(persistentSession && protocol == MQTTnet.Formatter.MqttProtocolVersion.V500 ? 3600u : 0u)
                .WithTimeout(Timeout)
                .WithTlsOptions(tls =>
                {
                    tls.UseTls(true)
                        .WithTargetHost("127.0.0.1")
                        .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                        .WithRevocationMode(X509RevocationMode.NoCheck)
                        .WithCertificateValidationHandler(e =>
                        {
                            if (e.Certificate == null)
                            {
                                return false;
                            }

                            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(e.Certificate.GetRawCertData());
                            using X509Chain chain = new X509Chain();
                            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                            foreach (X509Certificate2 ca in trust)
                            {
                                (ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(ca);
                            }

                            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                            return chain.Build(leaf);
                        });
                    if (own != null)
                    {
                        tls.WithClientCertificates(new X509Certificate2Collection(own));
                    }
                })
                .Build();
            using CancellationTokenSource cancel = new CancellationTokenSource(Timeout);
            try
            {
                MqttClientConnectResult result = await client.ConnectAsync(options, cancel.Token);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new InvalidOperationException("refused: " + result.ResultCode);
                }

                // A TLS 1.3 server refuses a client certificate after the client's handshake is done; a ping proves the session.
                await client.PingAsync(cancel.Token);
            }
            catch
            {
                client.Dispose();
                throw;
            }

            return new NetClient(client);
        }

        /// <summary>True when connecting as described is refused (an exception or a refusing CONNACK).</summary>
        public static async Task<bool> IsRefusedAsync(int port, string caPem, TestClient? identity, string clientId)
        {
            try
            {
                await using NetClient client = await ConnectAsync(port, caPem, identity, clientId);
                return !client.IsConnected;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                return true;
            }
        }

        /// <summary>Subscribes at QoS 1; returns the broker's reason code for the filter.</summary>
        public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter)
        {
            MqttClientSubscribeResult result = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
            foreach (MqttClientSubscribeResultItem item in result.Items)
            {
                return item.ResultCode;
            }

            throw new InvalidOperationException("no SUBACK item");
        }

        /// <summary>Publishes at QoS 1 and waits for the PUBACK.</summary>
        public Task PublishAsync(string topic, string payload = "x")
        {
            return PublishAsync(topic, System.Text.Encoding.UTF8.GetBytes(payload));
        }

        /// <summary>Publishes bytes at QoS 1 and waits for the PUBACK.</summary>
        public async Task PublishAsync(string topic, byte[] payload)
        {
            MqttApplicationMessage message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            using CancellationTokenSource cancel = new CancellationTokenSource(Timeout);
            await _client.PublishAsync(message, cancel.Token);
        }

        /// <summary>Publishes at QoS 1 and returns the PUBACK's reason code (no timeout of its own; throws when the connection is lost first).</summary>
        public async Task<MqttClientPublishReasonCode> PublishForCodeAsync(string topic)
        {
            MqttApplicationMessage message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(new byte[] { 1 }).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            using CancellationTokenSource cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            MqttClientPublishResult result = await _client.PublishAsync(message, cancel.Token);
            return result.ReasonCode;
        }

        /// <summary>Publishes a retained QoS 1 message (or clears the retained message when <paramref name="clear"/>).</summary>
        public async Task PublishRetainedAsync(string topic, bool clear = false)
        {
            MqttApplicationMessage message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(clear ? Array.Empty<byte>() : new byte[] { 1 }).WithRetainFlag(true).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            using CancellationTokenSource cancel = new CancellationTokenSource(Timeout);
            await _client.PublishAsync(message, cancel.Token);
        }

        /// <summary>Whether the message topic <paramref name="topic"/> has arrived.</summary>
        public bool HasReceived(string topic)
        {
            foreach (string t in Received)
            {
                if (t == topic)
                {
                    return true;
                }
            }

            return false;
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync();
                }
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Already gone.
            }

            _client.Dispose();
        }
    }
}
