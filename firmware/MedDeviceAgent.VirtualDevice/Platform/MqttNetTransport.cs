using System;
using System.Buffers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MedDeviceAgent.Firmware.Core.Platform;
using MQTTnet;
using MQTTnet.Protocol;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>
    /// <see cref="IMqttTransport"/> on the host over MQTTnet 5: the virtual device's counterpart of the device's
    /// M2Mqtt transport. Plain TCP or TLS 1.2/1.3, optionally mutual TLS with a client certificate; the broker
    /// certificate must chain to the configured CA and match the host name.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Synchronous over MQTTnet's asynchronous API: each call runs the MQTTnet operation on the thread pool (so no
    /// caller synchronization context is captured) and blocks the caller at most <see cref="MqttTransportOptions.ConnectTimeout"/>
    /// (connect) or <see cref="MqttTransportOptions.OperationTimeout"/> (publish, subscribe, disconnect); the operation
    /// is cancelled when its time is up. One connection at a time, clean session, no automatic reconnect: when the
    /// connection drops, <see cref="ConnectionLost"/> is raised once and the core calls <see cref="Connect(string, MqttLastWill)"/> again.
    /// </para>
    /// <para>
    /// Thread safety: every member may be called from any thread. <see cref="Connect(string, MqttLastWill)"/>, <see cref="Disconnect"/> and
    /// <see cref="Dispose"/> are serialized by a lock; <see cref="Publish"/> and <see cref="Subscribe"/> may run
    /// concurrently with each other. <see cref="MessageReceived"/> is raised on MQTTnet's dispatch thread of the
    /// connection, one message at a time in arrival order; a QoS 1/2 message is acknowledged to the broker after the
    /// handler returns (also when it throws: a handler exception is swallowed and counted, it does not break the
    /// connection). <see cref="ConnectionLost"/> is raised on a thread-pool thread. Handlers may call any member,
    /// including <see cref="Connect(string, MqttLastWill)"/> and <see cref="Disconnect"/>.
    /// </para>
    /// <para>
    /// Delivery is at least once for QoS 1: a message the broker sends twice (a publisher retransmitting after a lost
    /// PUBACK, or a redelivery) raises <see cref="MessageReceived"/> twice. Deduplication is the core's job, which
    /// already has to treat every command as replayable.
    /// </para>
    /// </remarks>
    public sealed class MqttNetTransport : IMqttTransport, IDisposable
    {
        private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

        /// <summary>The connection whose <see cref="MessageReceived"/> handler this thread is running, if any.</summary>
        [ThreadStatic]
        private static Connection? t_dispatching;

        private readonly MqttTransportOptions _options;
        private readonly MqttClientFactory _factory = new MqttClientFactory();
        private readonly X509Certificate2Collection? _caCertificate;
        private readonly X509Certificate2? _clientCertificate;
        private readonly object _sync = new object();
        private volatile Connection? _current;
        private bool _disposed;
        private int _disconnectReports;
        private int _handlerFailures;

        /// <summary>Prepares a transport; nothing is connected until <see cref="Connect(string, MqttLastWill)"/>.</summary>
        /// <param name="options">Settings, copied now: later changes do not reach this transport.</param>
        public MqttNetTransport(MqttTransportOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            _options = options.Clone();
            if (!_options.UseTls)
            {
                return;
            }

            if (_options.CaCertificatePem != null)
            {
                // Every certificate of the PEM is an anchor: a provisioning bundle's ca.pem holds the device CA and the
                // TLS root, and the broker's certificate chains to either.
                MqttTransportOptions.LoadCertificatePem(_options.CaCertificatePem, nameof(options)).Dispose();
                _caCertificate = new X509Certificate2Collection();
                _caCertificate.ImportFromPem(_options.CaCertificatePem);
            }

            if (_options.ClientCertificatePem != null && _options.ClientKeyPem != null)
            {
                _clientCertificate = LoadClientCertificate(_options.ClientCertificatePem, _options.ClientKeyPem);
            }
        }

        /// <inheritdoc />
        /// <remarks>Raised with a private copy of the payload (an empty array for an empty message); see the class remarks for threading.</remarks>
        public event MqttMessageHandler? MessageReceived;

        /// <inheritdoc />
        /// <remarks>Raised once per connection that drops unexpectedly; never for <see cref="Disconnect"/>, <see cref="Dispose"/> or a failed <see cref="Connect(string, MqttLastWill)"/>.</remarks>
        public event MqttConnectionLostHandler? ConnectionLost;

        /// <inheritdoc />
        public bool IsConnected
        {
            get
            {
                Connection? connection = _current;
                return connection != null && connection.Client.IsConnected;
            }
        }

        /// <summary>How many disconnect reports MQTTnet has delivered to this transport (lost, closed by us, or failed connects); for tests.</summary>
        internal int DisconnectReports => Volatile.Read(ref _disconnectReports);

        /// <summary>How many exceptions event handlers have thrown into this transport (swallowed); for tests.</summary>
        internal int HandlerFailures => Volatile.Read(ref _handlerFailures);

        /// <summary>Connects with <paramref name="clientId"/> and no Last Will (see <see cref="Connect(string, MqttLastWill)"/>).</summary>
        /// <exception cref="ArgumentException"><paramref name="clientId"/> is null or empty.</exception>
        /// <exception cref="ObjectDisposedException">The transport was disposed.</exception>
        public bool Connect(string clientId) => Connect(clientId, null);

        /// <inheritdoc />
        /// <remarks>
        /// Closes any previous connection first (without <see cref="ConnectionLost"/>). Blocks up to
        /// <see cref="MqttTransportOptions.ConnectTimeout"/>; never throws for network, TLS or broker failures. The will
        /// goes into the CONNECT packet (topic, payload, QoS, retain flag); the broker publishes it when the connection
        /// ends without our DISCONNECT.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="clientId"/> is null or empty.</exception>
        /// <exception cref="ObjectDisposedException">The transport was disposed.</exception>
        public bool Connect(string clientId, MqttLastWill? will)
        {
            ArgumentException.ThrowIfNullOrEmpty(clientId);
            lock (_sync)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                Release();

                MqttClientOptions clientOptions = BuildClientOptions(clientId, will);
                IMqttClient client = _factory.CreateMqttClient();
                Connection connection = new Connection(client);
                client.ApplicationMessageReceivedAsync += e => OnMessageReceived(connection, e);
                client.DisconnectedAsync += e => OnDisconnected(connection, e);

                Task<MqttClientConnectResult> connecting = Run(token => client.ConnectAsync(clientOptions, token), _options.ConnectTimeout);
                bool connected = WaitFor(connecting, _options.ConnectTimeout)
                    && connecting.Result.ResultCode == MqttClientConnectResultCode.Success;
                if (!connected)
                {
                    connection.TryClose();
                    DisposeWhenDone(client, connecting);
                    return false;
                }

                _current = connection;
                return true;
            }
        }

        /// <inheritdoc />
        /// <remarks>Sends DISCONNECT and waits up to <see cref="MqttTransportOptions.OperationTimeout"/> for it (not when called from a <see cref="MessageReceived"/> handler of the same connection, where it does not wait).</remarks>
        public void Disconnect()
        {
            lock (_sync)
            {
                Release();
            }
        }

        /// <inheritdoc />
        /// <remarks>
        /// The bytes are copied first, so the caller may reuse the array as soon as this returns. Returns true when QoS 0
        /// was written to the connection, or when QoS 1 was acknowledged (PUBACK) or QoS 2 completed (PUBCOMP) within
        /// <see cref="MqttTransportOptions.OperationTimeout"/>; false when not connected, on a timeout, on an invalid
        /// topic or when the broker rejected it (MQTT 5 reason code).
        /// </remarks>
        /// <exception cref="ArgumentNullException"><paramref name="topic"/> or <paramref name="payload"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range is outside <paramref name="payload"/>, or <paramref name="qos"/> is not 0, 1 or 2.</exception>
        public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            ArgumentNullException.ThrowIfNull(topic);
            ArgumentNullException.ThrowIfNull(payload);
            ArgumentOutOfRangeException.ThrowIfNegative(offset);
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, payload.Length - count);
            MqttQualityOfServiceLevel level = ToQualityOfService(qos);

            Connection? connection = _current;
            if (connection == null || !connection.Client.IsConnected)
            {
                return false;
            }

            byte[] copy = payload.AsSpan(offset, count).ToArray();
            Task<MqttClientPublishResult> publishing = Run(
                token =>
                {
                    // Built inside the operation so that an invalid topic ends as a failed publish, not an exception.
                    MqttApplicationMessage message = _factory.CreateApplicationMessageBuilder()
                        .WithTopic(topic)
                        .WithPayload(copy)
                        .WithQualityOfServiceLevel(level)
                        .WithRetainFlag(retain)
                        .Build();
                    return connection.Client.PublishAsync(message, token);
                },
                _options.OperationTimeout);
            return WaitFor(publishing, _options.OperationTimeout)
                && (publishing.Result.ReasonCode == MqttClientPublishReasonCode.Success
                    || publishing.Result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers);
        }

        /// <inheritdoc />
        /// <remarks>
        /// Blocks up to <see cref="MqttTransportOptions.OperationTimeout"/> for the SUBACK. True when the broker granted
        /// the filter (possibly at a lower QoS); false when not connected, on a timeout, on an invalid filter or when the
        /// broker answered with a failure code (for example an ACL denial).
        /// </remarks>
        /// <exception cref="ArgumentNullException"><paramref name="topicFilter"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="qos"/> is not 0, 1 or 2.</exception>
        public bool Subscribe(string topicFilter, int qos)
        {
            ArgumentNullException.ThrowIfNull(topicFilter);
            MqttQualityOfServiceLevel level = ToQualityOfService(qos);

            Connection? connection = _current;
            if (connection == null || !connection.Client.IsConnected)
            {
                return false;
            }

            Task<MqttClientSubscribeResult> subscribing = Run(
                token =>
                {
                    // Built inside the operation so that an invalid filter ends as a refusal, not an exception.
                    MqttClientSubscribeOptions subscription = _factory.CreateSubscribeOptionsBuilder()
                        .WithTopicFilter(filter => filter.WithTopic(topicFilter).WithQualityOfServiceLevel(level))
                        .Build();
                    return connection.Client.SubscribeAsync(subscription, token);
                },
                _options.OperationTimeout);
            if (!WaitFor(subscribing, _options.OperationTimeout) || subscribing.Result.Items.Count != 1)
            {
                return false;
            }

            foreach (MqttClientSubscribeResultItem item in subscribing.Result.Items)
            {
                return item.ResultCode == MqttClientSubscribeResultCode.GrantedQoS0
                    || item.ResultCode == MqttClientSubscribeResultCode.GrantedQoS1
                    || item.ResultCode == MqttClientSubscribeResultCode.GrantedQoS2;
            }

            return false;
        }

        /// <summary>Closes the connection (as <see cref="Disconnect"/>) and releases the certificates. Later calls to <see cref="Connect(string, MqttLastWill)"/> throw.</summary>
        public void Dispose()
        {
            lock (_sync)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                Release();
                if (_caCertificate != null)
                {
                    foreach (X509Certificate2 anchor in _caCertificate)
                    {
                        anchor.Dispose();
                    }
                }
                _clientCertificate?.Dispose();
            }
        }

        private static MqttQualityOfServiceLevel ToQualityOfService(int qos)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(qos);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(qos, 2);
            return (MqttQualityOfServiceLevel)qos;
        }

        /// <summary>Loads the client certificate with its key in a form every platform's TLS stack can use.</summary>
        private static X509Certificate2 LoadClientCertificate(string certificatePem, string keyPem)
        {
            using X509Certificate2 fromPem = X509Certificate2.CreateFromPem(certificatePem, keyPem);

            // A PEM-loaded key is ephemeral, which Windows' TLS stack refuses; a PKCS#12 round trip works everywhere.
            byte[] pkcs12 = fromPem.Export(X509ContentType.Pkcs12);
            try
            {
                return X509CertificateLoader.LoadPkcs12(pkcs12, null);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs12);
            }
        }

        /// <summary>Starts <paramref name="operation"/> on the thread pool with a token cancelled after <paramref name="timeout"/>.</summary>
        private static Task<T> Run<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout)
        {
            CancellationTokenSource cancellation = new CancellationTokenSource(timeout);
            Task<T> task = Task.Run(() => operation(cancellation.Token));
            task.ContinueWith(
                static (finished, state) =>
                {
                    // Observes a late fault of an operation the caller stopped waiting for, and frees the timer.
                    _ = finished.Exception;
                    ((CancellationTokenSource)state!).Dispose();
                },
                cancellation,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return task;
        }

        /// <summary>True when <paramref name="task"/> ran to completion within <paramref name="timeout"/>; false when it failed, was cancelled or is still running.</summary>
        private static bool WaitFor(Task task, TimeSpan timeout)
        {
            try
            {
                return task.Wait(timeout);
            }
            catch (AggregateException)
            {
                // Refused, unreachable, TLS failure, disconnected meanwhile, cancelled: not done.
                return false;
            }
        }

        /// <summary>Disposes <paramref name="client"/> once <paramref name="pending"/> has finished (at once when it already has).</summary>
        private static void DisposeWhenDone(IMqttClient client, Task pending)
        {
            pending.ContinueWith(
                static (_, state) => ((IMqttClient)state!).Dispose(),
                client,
                CancellationToken.None,
                TaskContinuationOptions.None,
                TaskScheduler.Default);
        }

        private static async Task<bool> DisconnectClient(IMqttClient client, MqttClientDisconnectOptions options, CancellationToken token)
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(options, token).ConfigureAwait(false);
            }

            return true;
        }

        private MqttClientOptions BuildClientOptions(string clientId, MqttLastWill? will)
        {
            MqttClientOptionsBuilder builder = _factory.CreateClientOptionsBuilder()
                .WithTcpServer(_options.Host, _options.Port)
                .WithClientId(clientId)
                .WithCleanSession(true)
                .WithProtocolVersion(_options.ProtocolVersion)
                .WithTimeout(_options.OperationTimeout);
            builder = _options.KeepAliveSeconds == 0
                ? builder.WithNoKeepAlive()
                : builder.WithKeepAlivePeriod(TimeSpan.FromSeconds(_options.KeepAliveSeconds));
            if (_options.UserName != null)
            {
                builder = builder.WithCredentials(_options.UserName, _options.Password);
            }

            if (will != null)
            {
                builder = builder.WithWillTopic(will.Topic)
                    .WithWillPayload(will.GetPayload())
                    .WithWillQualityOfServiceLevel(ToQualityOfService(will.Qos))
                    .WithWillRetain(will.Retain);
            }

            if (_options.UseTls)
            {
                builder = builder.WithTlsOptions(tls =>
                {
                    tls.UseTls(true)
                        .WithTargetHost(_options.Host)
                        .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                        .WithRevocationMode(X509RevocationMode.NoCheck)
                        .WithCertificateValidationHandler(ValidateBrokerCertificate);
                    if (_clientCertificate != null)
                    {
                        tls.WithClientCertificates(new X509Certificate2Collection(_clientCertificate));
                    }
                });
            }

            return builder.Build();
        }

        /// <summary>
        /// Accepts the broker certificate only when it names the host and chains to the configured CA (or, without a CA,
        /// when the operating system found no fault). Revocation is not checked: the fleet CA publishes no CRL or OCSP.
        /// </summary>
        private bool ValidateBrokerCertificate(MqttClientCertificateValidationEventArgs e)
        {
            bool trusted = false;
            const SslPolicyErrors IdentityErrors = SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch;
            if (e.Certificate == null || (e.SslPolicyErrors & IdentityErrors) != 0)
            {
                return trusted;
            }

            if (_caCertificate == null)
            {
                trusted = e.SslPolicyErrors == SslPolicyErrors.None;
                return trusted;
            }

            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(e.Certificate.GetRawCertData());
            using X509Chain chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_caCertificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthenticationOid));
            if (e.Chain != null)
            {
                // Intermediates the broker sent; they are only candidates, the anchor stays the configured CA.
                foreach (X509ChainElement element in e.Chain.ChainElements)
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            trusted = chain.Build(leaf);
            foreach (X509ChainElement element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }

            return trusted;
        }

        /// <summary>Closes the current connection as our own decision (no <see cref="ConnectionLost"/>). Caller holds <see cref="_sync"/>.</summary>
        private void Release()
        {
            Connection? connection = _current;
            _current = null;
            if (connection == null)
            {
                return;
            }

            connection.TryClose();
            IMqttClient client = connection.Client;
            MqttClientDisconnectOptions options = _factory.CreateClientDisconnectOptionsBuilder().Build();
            Task<bool> disconnecting = Run(token => DisconnectClient(client, options, token), _options.OperationTimeout);

            // Inside this connection's own message handler MQTTnet waits for the handler to return before it
            // finishes disconnecting, so waiting here would only run into the timeout.
            if (!ReferenceEquals(t_dispatching, connection))
            {
                WaitFor(disconnecting, _options.OperationTimeout);
            }

            DisposeWhenDone(client, disconnecting);
        }

        private Task OnMessageReceived(Connection connection, MqttApplicationMessageReceivedEventArgs e)
        {
            MqttMessageHandler? handler = MessageReceived;
            if (handler == null || connection.IsClosed)
            {
                return Task.CompletedTask;
            }

            MqttApplicationMessage message = e.ApplicationMessage;
            byte[] payload = message.Payload.ToArray();
            Connection? outer = t_dispatching;
            t_dispatching = connection;
            try
            {
                handler(message.Topic, payload);
            }
#pragma warning disable CA1031 // A core handler fault must not stop MQTTnet's dispatch loop; it is counted.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _handlerFailures);
            }
            finally
            {
                t_dispatching = outer;
            }

            return Task.CompletedTask;
        }

        private Task OnDisconnected(Connection connection, MqttClientDisconnectedEventArgs e)
        {
            Interlocked.Increment(ref _disconnectReports);
            MqttConnectionLostHandler? handler = ConnectionLost;
            if (!e.ClientWasConnected || !connection.TryMarkLost() || handler == null)
            {
                return Task.CompletedTask;
            }

            try
            {
                handler();
            }
#pragma warning disable CA1031 // As for messages: counted, never thrown into MQTTnet.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _handlerFailures);
            }

            return Task.CompletedTask;
        }

        /// <summary>One MQTTnet client and how its connection ended: open, closed by us, or lost.</summary>
        private sealed class Connection
        {
            private const int Open = 0;
            private const int Closed = 1;
            private const int Lost = 2;
            private int _state;

            public Connection(IMqttClient client)
            {
                Client = client;
            }

            public IMqttClient Client { get; }

            public bool IsClosed => Volatile.Read(ref _state) == Closed;

            /// <summary>Marks the end as ours; a later drop report is then ignored.</summary>
            public void TryClose() => Interlocked.CompareExchange(ref _state, Closed, Open);

            /// <summary>True for the first drop report of a connection we did not close.</summary>
            public bool TryMarkLost() => Interlocked.CompareExchange(ref _state, Lost, Open) == Open;
        }
    }
}
