using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// The companion's ingest: an MQTTnet 5 client with the operator identity, a persistent session (clean start off,
    /// long session expiry, QoS 1) on the telemetry filter (optionally a shared subscription) and the state filter
    /// (devices' broker-asserted presence, never shared: <see cref="MonitorOptions.Filters"/>), and one writer that
    /// verifies and stores batches through <see cref="IngestProcessor"/> and acknowledges (PUBACK) each message only
    /// after the transaction that stored or rejected it committed.
    /// </summary>
    /// <remarks>
    /// <para>Exactly once: a message is acknowledged after its commit, so a monitor that dies loses nothing (the broker
    /// redelivers what was not acknowledged); a redelivery of a message that was committed but not acknowledged finds
    /// it stored and is recorded as Replayed, never stored twice. A failed commit is retried (the database reopened)
    /// and acknowledges nothing meanwhile; the broker's in-flight window (<see cref="MonitorOptions.ReceiveMaximum"/>)
    /// then stops the flow. The PUBACKs of a committed batch are sent while the next batch is processed, in order.</para>
    /// <para>Throughput: the writer takes every message waiting, up to <see cref="MonitorOptions.BatchSize"/>, waits at
    /// most <see cref="MonitorOptions.BatchDelay"/> for more, and commits them in one transaction. RAM: the queue holds
    /// at most two batches of messages (at most <see cref="MonitorOptions.MaxPacketSize"/> each); the receive handler
    /// waits when it is full, which holds back MQTTnet's reader (back-pressure to the broker).</para>
    /// </remarks>
    public sealed class IngestMonitor
    {
        private readonly MonitorOptions _options;
        private readonly Func<ITelemetryStore> _openStore;
        private readonly IngestProcessor _processor;
        private readonly TextWriter _log;
        private readonly Channel<IngestMessage> _queue;
        private volatile bool _stopping;

        /// <summary>A monitor that stores through stores made by <paramref name="openStore"/> (called again after a database failure).</summary>
        public IngestMonitor(MonitorOptions options, Func<ITelemetryStore> openStore, IDeviceKeys keys, TextWriter log)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _openStore = openStore ?? throw new ArgumentNullException(nameof(openStore));
            _processor = new IngestProcessor(keys);
            _log = log ?? TextWriter.Null;
            _queue = Channel.CreateBounded<IngestMessage>(new BoundedChannelOptions(Math.Max(1, options.BatchSize) * 2) { SingleReader = true, SingleWriter = true });
            ClientId = ReadClientId(options.CertificatePath);
        }

        /// <summary>The MQTT client id: the operator certificate's CN.</summary>
        public string ClientId { get; }

        /// <summary>What the monitor did so far.</summary>
        public IngestCounters Counters { get; } = new IngestCounters();

        /// <summary>True while connected to the broker.</summary>
        public bool IsConnected { get; private set; }

        /// <summary>Rejections not stored (rate limit) by this monitor.</summary>
        public long SuppressedRejections => _processor.SuppressedRejections;

        /// <summary>
        /// Runs until <paramref name="stop"/> is cancelled: connects (and reconnects), ingests, and on stop commits and
        /// acknowledges what it holds and disconnects, keeping the session.
        /// </summary>
        /// <exception cref="CompanionException">InputError when the database cannot be opened at start.</exception>
        public async Task RunAsync(CancellationToken stop)
        {
            ITelemetryStore store = _openStore();
            Task writer = Task.Run(() => WriteLoop(store));
            MqttClientFactory factory = new MqttClientFactory();
            using IMqttClient client = factory.CreateMqttClient();
            using X509Certificate2 own = LoadIdentity(_options.CertificatePath, _options.KeyPath);
            X509Certificate2Collection anchors = new X509Certificate2Collection();
            anchors.ImportFromPemFile(_options.CaPath);
            client.ApplicationMessageReceivedAsync += OnMessage;
            MqttClientOptions connect = BuildOptions(factory, own, anchors);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                        timeout.CancelAfter(TimeSpan.FromSeconds(15));
                        MqttClientConnectResult result = await client.ConnectAsync(connect, timeout.Token).ConfigureAwait(false);
                        if (result.ResultCode != MqttClientConnectResultCode.Success)
                        {
                            _log.WriteLine("monitor: broker refused the connection: " + result.ResultCode);
                        }
                        else
                        {
                            MqttClientSubscribeOptionsBuilder subscribe = factory.CreateSubscribeOptionsBuilder();
                            foreach (string filter in _options.Filters)
                            {
                                subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
                            }

                            MqttClientSubscribeResult subscribed = await client.SubscribeAsync(subscribe.Build(), timeout.Token).ConfigureAwait(false);
                            string? refused = RefusedSubscription(subscribed);
                            if (refused != null)
                            {
                                // Never report a subscription the broker refused as working: nothing would arrive, and
                                // with a persistent session nothing would be kept for later either. Retry instead (a
                                // broker re-reads its operators, e.g. one just issued, within a second or so).
                                _log.WriteLine("monitor: broker refused the subscription " + refused + " for " + ClientId + "; is it an operator identity this broker knows? retrying");
                                Counters.OnSubscriptionRefused();
                                await DisconnectQuietly(client, factory).ConfigureAwait(false);
                                throw new SubscriptionRefusedException();
                            }

                            IsConnected = true;
                            Counters.OnConnected();
                            _log.WriteLine("monitor: connected to " + _options.Host + ":" + _options.Port + " as " + ClientId + " (session " + (result.IsSessionPresent ? "resumed" : "new") + "), subscribed " + string.Join(" ", _options.Filters));
                            while (!stop.IsCancellationRequested && client.IsConnected)
                            {
                                await Task.Delay(100, stop).ConfigureAwait(false);
                            }

                            IsConnected = false;
                            if (!stop.IsCancellationRequested)
                            {
                                _log.WriteLine("monitor: connection lost; reconnecting");
                            }
                        }
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (SubscriptionRefusedException)
                    {
                        IsConnected = false;
                    }
#pragma warning disable CA1031 // Any connection failure (refused, TLS, timeout, reset) is retried.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        IsConnected = false;
                        _log.WriteLine("monitor: cannot connect to " + _options.Host + ":" + _options.Port + ": " + e.Message);
                    }

                    try
                    {
                        await Task.Delay(_options.ReconnectDelay, stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
            finally
            {
                _stopping = true;
                _queue.Writer.TryComplete();
                await writer.ConfigureAwait(false);
                if (client.IsConnected)
                {
                    try
                    {
                        using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                        await client.DisconnectAsync(factory.CreateClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token).ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // Leaving: the session stays on the broker either way.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                    }
                }

                IsConnected = false;
                store.Dispose();
            }
        }

        /// <summary>The first filter the broker did not grant at QoS 1, with its answer; null when all were granted.</summary>
        private static string? RefusedSubscription(MqttClientSubscribeResult subscribed)
        {
            int granted = 0;
            foreach (MqttClientSubscribeResultItem item in subscribed.Items)
            {
                if (item.ResultCode != MqttClientSubscribeResultCode.GrantedQoS1)
                {
                    return item.TopicFilter.Topic + " (" + item.ResultCode + ")";
                }

                granted++;
            }

            return granted == 0 ? "(no answer)" : null;
        }

        private static async Task DisconnectQuietly(IMqttClient client, MqttClientFactory factory)
        {
            try
            {
                using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(factory.CreateClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Leaving after a refusal: the reconnect loop retries either way.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        /// <summary>Thrown inside the connect loop when the broker refused the subscription: the loop retries.</summary>
        private sealed class SubscriptionRefusedException : Exception
        {
        }

        private static string ReadClientId(string certificatePath)
        {
            try
            {
                using X509Certificate2 certificate = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
                string cn = certificate.GetNameInfo(X509NameType.SimpleName, false);
                if (string.IsNullOrEmpty(cn))
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "the operator certificate '" + certificatePath + "' has no CN");
                }

                return cn;
            }
            catch (CryptographicException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read the operator certificate '" + certificatePath + "': " + e.Message, e);
            }
        }

        private static X509Certificate2 LoadIdentity(string certificatePath, string keyPath)
        {
            try
            {
                using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

                // SslStream on Linux wants a certificate whose key it can use for the handshake: a PKCS#12 round trip gives one.
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
            catch (Exception e) when (e is CryptographicException || e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot load the operator identity (" + certificatePath + ", " + keyPath + "): " + e.Message, e);
            }
        }

        private static bool ValidateBroker(MqttClientCertificateValidationEventArgs e, X509Certificate2Collection anchors)
        {
            if (e.Certificate == null || (e.SslPolicyErrors & (System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable | System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
            {
                return false;
            }

            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(e.Certificate.GetRawCertData());
            using X509Chain chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
            chain.ChainPolicy.ExtraStore.AddRange(anchors);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
            return chain.Build(leaf);
        }

        private MqttClientOptions BuildOptions(MqttClientFactory factory, X509Certificate2 own, X509Certificate2Collection anchors)
        {
            return factory.CreateClientOptionsBuilder()
                .WithTcpServer(_options.Host, _options.Port)
                .WithClientId(ClientId)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart(false)
                .WithSessionExpiryInterval(_options.SessionExpirySeconds)
                .WithMaximumPacketSize(_options.MaxPacketSize)
                .WithReceiveMaximum(Math.Max(_options.ReceiveMaximum, (ushort)Math.Min(ushort.MaxValue, _options.BatchSize)))
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
                .WithTimeout(TimeSpan.FromSeconds(10))
                .WithTlsOptions(tls =>
                {
                    tls.UseTls(true)
                        .WithTargetHost(_options.Host)
                        .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                        .WithRevocationMode(X509RevocationMode.NoCheck)
                        .WithClientCertificates(new X509Certificate2Collection(own))
                        .WithCertificateValidationHandler(e => ValidateBroker(e, anchors));
                })
                .Build();
        }

        private async Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
        {
            // Acknowledged by the writer after the commit; a message not committed stays unacknowledged and comes again.
            e.AutoAcknowledge = false;
            if (_stopping)
            {
                return;
            }

            Counters.OnReceived();
            MqttApplicationMessage message = e.ApplicationMessage;
            byte[] payload = message.Payload.Length > _options.MaxPacketSize ? message.Payload.Slice(0, _options.MaxPacketSize).ToArray() : message.Payload.ToArray();
            IngestMessage item = new IngestMessage(message.Topic ?? string.Empty, payload, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), e);
            try
            {
                await _queue.Writer.WriteAsync(item).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                // Stopping: left unacknowledged for the next session.
            }
        }

        private async Task WriteLoop(ITelemetryStore initial)
        {
            ITelemetryStore? store = initial;
            List<IngestMessage> batch = new List<IngestMessage>(_options.BatchSize);
            Task acknowledgements = Task.CompletedTask;
            ChannelReader<IngestMessage> reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _options.BatchSize && reader.TryRead(out IngestMessage? item))
                {
                    batch.Add(item);
                }

                if (batch.Count < _options.BatchSize && _options.BatchDelay > TimeSpan.Zero && !_stopping)
                {
                    using CancellationTokenSource delay = new CancellationTokenSource(_options.BatchDelay);
                    try
                    {
                        while (batch.Count < _options.BatchSize && await reader.WaitToReadAsync(delay.Token).ConfigureAwait(false))
                        {
                            while (batch.Count < _options.BatchSize && reader.TryRead(out IngestMessage? item))
                            {
                                batch.Add(item);
                            }
                        }
                    }
                    catch (OperationCanceledException)
                    {
                        // The delay ran out: commit what there is.
                    }
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                IngestOutcome[]? outcomes = null;
                while (outcomes == null)
                {
                    try
                    {
                        store ??= _openStore();
                        outcomes = _processor.Process(store, batch);
                    }
#pragma warning disable CA1031 // A database failure is retried with a fresh connection; nothing was acknowledged.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        Counters.OnFailedCommit();
                        _log.WriteLine("monitor: storing a batch of " + batch.Count + " failed (" + e.GetType().Name + ": " + e.Message + "); retrying");
                        try
                        {
                            store?.Dispose();
                        }
#pragma warning disable CA1031
                        catch (Exception)
#pragma warning restore CA1031
                        {
                        }

                        store = null;
                        if (_stopping)
                        {
                            // Unacknowledged: the broker redelivers them to the next session.
                            break;
                        }

                        await Task.Delay(500).ConfigureAwait(false);
                    }
                }

                if (outcomes == null)
                {
                    continue;
                }

                Counters.OnCommitted(batch, outcomes);

                // The PUBACKs of this batch go out while the next batch is verified and stored (in order, after those of
                // the batch before: MQTT 4.6 wants PUBACKs in the order the PUBLISHes came).
                acknowledgements = AcknowledgeAsync(acknowledgements, batch.ToArray());
            }

            await acknowledgements.ConfigureAwait(false);
            if (!ReferenceEquals(store, initial))
            {
                store?.Dispose();
            }
        }

        /// <summary>Sends the PUBACK of every message of <paramref name="committed"/>, in order, once <paramref name="previous"/> (the batch before) is done.</summary>
        private async Task AcknowledgeAsync(Task previous, IngestMessage[] committed)
        {
            await previous.ConfigureAwait(false);
            foreach (IngestMessage message in committed)
            {
                if (message.Acknowledgement is MqttApplicationMessageReceivedEventArgs args)
                {
                    try
                    {
                        using CancellationTokenSource timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                        await args.AcknowledgeAsync(timeout.Token).ConfigureAwait(false);
                    }
#pragma warning disable CA1031 // The connection went away after the commit: the broker redelivers, the store answers Replayed.
                    catch (Exception)
#pragma warning restore CA1031
                    {
                        Counters.OnAcknowledgeFailure();
                    }
                }
            }
        }
    }
}
