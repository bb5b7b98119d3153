using System;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;

namespace MedDeviceAgent.TestSupport.Ingest
{
    /// <summary>A device's MQTT side for tests: MQTTnet with the bundle's certificate, client id = device id, QoS 1 publishes retried until acknowledged.</summary>
    public sealed class DevicePublisher : IAsyncDisposable
    {
        private readonly IssuedDevice _device;
        private readonly int _port;
        private readonly MqttClientFactory _factory = new MqttClientFactory();
        private readonly X509Certificate2 _own;
        private readonly X509Certificate2Collection _anchors = new X509Certificate2Collection();
        private readonly byte[]? _will;
        private IMqttClient? _client;

        /// <summary>Loads the identity; connects on first publish; with <paramref name="will"/>, every connection registers it as a retained QoS 1 Last Will on the device's state topic (as the agent does).</summary>
        public DevicePublisher(IssuedDevice device, int port, byte[]? will = null)
        {
            _device = device;
            _port = port;
            _will = will;
            using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(device.CertificatePath, device.KeyPath);
            _own = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            _anchors.ImportFromPemFile(device.CaPath);
        }

        /// <summary>Publishes <paramref name="payload"/> on <paramref name="topic"/> (default: the device's telemetry topic) at QoS 1, reconnecting and retrying until the broker acknowledges or <paramref name="timeout"/> passes.</summary>
        public async Task PublishAsync(byte[] payload, string? topic = null, TimeSpan? timeout = null, bool retain = false)
        {
            DateTime until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
            while (true)
            {
                try
                {
                    IMqttClient client = await ConnectedAsync();
                    using CancellationTokenSource cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    MqttClientPublishResult result = await client.PublishAsync(
                        new MqttApplicationMessageBuilder().WithTopic(topic ?? _device.Telemetry.Topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build(),
                        cancel.Token);
                    if (result.IsSuccess)
                    {
                        return;
                    }

                    throw new InvalidOperationException("publish refused: " + result.ReasonCode);
                }
                catch (Exception) when (DateTime.UtcNow < until)
                {
                    _client?.Dispose();
                    _client = null;
                    await Task.Delay(200);
                }
            }
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            if (_client != null)
            {
                try
                {
                    if (_client.IsConnected)
                    {
                        await _client.DisconnectAsync();
                    }
                }
                catch (Exception)
                {
                }

                _client.Dispose();
            }

            _own.Dispose();
        }

        private async Task<IMqttClient> ConnectedAsync()
        {
            if (_client != null && _client.IsConnected)
            {
                return _client;
            }

            _client?.Dispose();
            IMqttClient client = _factory.CreateMqttClient();
            MqttClientOptionsBuilder builder = _factory.CreateClientOptionsBuilder();
            if (_will != null)
            {
                builder.WithWillTopic(_device.Telemetry.StateTopic).WithWillPayload(_will).WithWillRetain(true).WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
            }

            MqttClientOptions options = builder
                .WithTcpServer("127.0.0.1", _port)
                .WithClientId(_device.Id)
                .WithCleanSession(true)
                .WithTimeout(TimeSpan.FromSeconds(5))
                .WithTlsOptions(tls => tls.UseTls(true)
                    .WithTargetHost("127.0.0.1")
                    .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithRevocationMode(X509RevocationMode.NoCheck)
                    .WithClientCertificates(new X509Certificate2Collection(_own))
                    .WithCertificateValidationHandler(e =>
                    {
                        if (e.Certificate == null)
                        {
                            return false;
                        }

                        using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(e.Certificate.GetRawCertData());
                        using X509Chain chain = new X509Chain();
                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        chain.ChainPolicy.CustomTrustStore.AddRange(_anchors);
                        chain.ChainPolicy.ExtraStore.AddRange(_anchors);
                        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                        return chain.Build(leaf);
                    }))
                .Build();
            using CancellationTokenSource cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await client.ConnectAsync(options, cancel.Token);
            }
            catch
            {
                client.Dispose();
                throw;
            }

            _client = client;
            return client;
        }
    }
}
