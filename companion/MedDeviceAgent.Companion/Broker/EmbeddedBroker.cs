using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// The companion's MQTT broker (MQTTnet server): one TLS 1.2+ listener, no plaintext listener, a client
    /// certificate required and validated against the device CA and the CRL (<see cref="ClientCertificateValidator"/>),
    /// the MQTT client id equal to the certificate's CN, the deny-by-default <see cref="TopicAcl"/>, and the
    /// <see cref="BrokerLimits"/>. Every refusal is written to the log with the identity and counted in
    /// <see cref="Counters"/>.
    /// </summary>
    /// <remarks>
    /// The listener is <see cref="TlsHandshakeListener"/> (TLS-handshake deadline) in place of MQTTnet's own TCP adapter.
    /// The CRL is re-read on every handshake and once per <see cref="BrokerLimits.RevocationCheckInterval"/>; a change
    /// disconnects the connected clients it revokes. Operators follow the PKI's register (<see cref="LiveOperators"/>).
    /// Sessions and retained messages live in memory only (a restart loses them; the devices' store-and-forward
    /// queues and the monitor's persistent session cover that). Memory: MQTTnet's per-connection buffers plus one
    /// rate-limit bucket and one certificate entry (about 150 bytes) per client; one timer.
    /// </remarks>
    public sealed class EmbeddedBroker : IAsyncDisposable
    {
        private readonly MqttServer _server;
        private readonly ClientCertificateValidator _validator;
        private readonly TopicAcl _acl;
        private readonly PublishRateLimiter _rate;
        private readonly BrokerLimits _limits;
        private readonly TextWriter _log;
        private readonly object _logGate = new object();
        private readonly X509Certificate2 _serverCertificate;
        private readonly ConnectedCertificates _connected = new ConnectedCertificates();
        private readonly Timer _revocationTimer;
        private int _sweeping;
        private long _sweptCrlVersion;
        private bool _sweptExpired;

        private EmbeddedBroker(BrokerPki pki, X509Certificate2 serverCertificate, IPAddress bind, int port, BrokerLimits limits, TextWriter log)
        {
            _limits = limits;
            _log = log;
            _serverCertificate = serverCertificate;
            _validator = new ClientCertificateValidator(pki.CaPath, pki.CrlPath);
            Operators = pki.OpenOperators();
            _acl = new TopicAcl(Operators);
            _rate = new PublishRateLimiter(limits.PublishesPerSecond, limits.PublishBurst);
            Port = port;

            MqttServerOptions options = new MqttServerOptionsBuilder()
                .WithoutDefaultEndpoint()
                .WithDefaultCommunicationTimeout(limits.ConnectTimeout)
                .WithMaxPendingMessagesPerClient(limits.MaxPendingMessagesPerClient)
                .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)

                // Clean start off keeps a client's session (subscriptions, queued QoS 1 messages) while it is away:
                // 'mda monitor' relies on it to lose nothing while it restarts (in memory: a broker restart loses them).
                .WithPersistentSessions(true)
                .Build();
            options.DefaultEndpointOptions.IsEnabled = false;
            TlsHandshakeListener listener = new TlsHandshakeListener(bind, port, serverCertificate, (_, certificate, _, _) => ValidateCertificate(certificate), limits.TlsHandshakeTimeout, OnHandshakeTimeout)
            {
                MaxPacketBytes = limits.MaxPacketBytes,
                MaxPendingHandshakes = limits.MaxPendingHandshakes,
                OnOversizedPacket = OnOversizedPacket,
                OnHandshakeRefused = OnHandshakeRefused,
            };
            _server = new MqttServerFactory().CreateMqttServer(options, new IMqttServerAdapter[] { listener });
            _server.ValidatingConnectionAsync += OnValidatingConnection;
            _server.InterceptingPublishAsync += OnInterceptingPublish;
            _server.InterceptingSubscriptionAsync += OnInterceptingSubscription;
            _server.ClientDisconnectedAsync += e =>
            {
                _rate.Forget(e.ClientId);
                if (e.DisconnectType != MqttClientDisconnectType.Takeover)
                {
                    _connected.Remove(e.ClientId);
                }

                return Task.CompletedTask;
            };
            _sweptCrlVersion = _validator.Revocations.Refresh();
            _revocationTimer = new Timer(_ => SweepRevoked(), null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <summary>The TCP port the TLS listener is on.</summary>
        public int Port { get; }

        /// <summary>What the broker refused so far.</summary>
        public BrokerCounters Counters { get; } = new BrokerCounters();

        /// <summary>The operators the ACL uses now (follows tls/tls.json).</summary>
        public LiveOperators Operators { get; }

        /// <summary>
        /// Starts a broker from the PKI in <paramref name="pkiDirectory"/> (<see cref="BrokerPki.Open"/>), its key unlocked
        /// with <paramref name="passphrase"/>, listening on <paramref name="bind"/>:<paramref name="port"/>.
        /// </summary>
        /// <exception cref="CompanionException">See <see cref="BrokerPki.Open"/> and <see cref="BrokerPki.LoadServerCertificate"/>.</exception>
        public static Task<EmbeddedBroker> StartAsync(string pkiDirectory, string passphrase, IPAddress bind, int port, BrokerLimits? limits, TextWriter log)
        {
            return StartAsync(BrokerPki.Open(pkiDirectory), passphrase, bind, port, limits, log);
        }

        /// <summary>Starts a broker from an opened PKI, listening on <paramref name="bind"/>:<paramref name="port"/>.</summary>
        /// <exception cref="CompanionException">A file is missing or unreadable (input error), wrong passphrase, or a bad port (invalid argument).</exception>
        public static async Task<EmbeddedBroker> StartAsync(BrokerPki pki, string passphrase, IPAddress bind, int port, BrokerLimits? limits, TextWriter log)
        {
            ArgumentNullException.ThrowIfNull(pki);
            ArgumentNullException.ThrowIfNull(passphrase);
            ArgumentNullException.ThrowIfNull(bind);
            ArgumentNullException.ThrowIfNull(log);
            if (port < 1 || port > 65535)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "port must be 1-65535");
            }

            X509Certificate2 serverCertificate = pki.LoadServerCertificate(passphrase);
            EmbeddedBroker broker = new EmbeddedBroker(pki, serverCertificate, bind, port, limits ?? new BrokerLimits(), log);
            await broker._server.StartAsync().ConfigureAwait(false);
            TimeSpan interval = broker._limits.RevocationCheckInterval;
            broker._revocationTimer.Change(interval, interval);
            return broker;
        }

        /// <summary>Stops the listener and disconnects every client.</summary>
        public async ValueTask DisposeAsync()
        {
            await _revocationTimer.DisposeAsync().ConfigureAwait(false);
            await _server.StopAsync().ConfigureAwait(false);
            _server.Dispose();
            _serverCertificate.Dispose();
        }

        private void OnHandshakeTimeout(EndPoint? remote)
        {
            Counters.CountHandshakeTimeout();
            Log("closed TCP connection from " + (remote == null ? "(unknown)" : remote.ToString()) + ": no TLS handshake within " + _limits.TlsHandshakeTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s");
        }

        private void OnOversizedPacket(EndPoint? remote, string? subject, long announced)
        {
            Counters.CountOversized();
            Log("disconnected " + (subject ?? "(no certificate)") + " from " + (remote == null ? "(unknown)" : remote.ToString()) + ": "
                + (announced < 0 ? "malformed packet length" : "packet of " + announced.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes announced")
                + ", limit " + _limits.MaxPacketBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes; not read");
        }

        private void OnHandshakeRefused(EndPoint? remote)
        {
            // One line per refused connection would let a flood fill the log: count every one, log the first and then every 1000th.
            long refused = Counters.CountPendingHandshakesRefused();
            if (refused == 1 || refused % 1000 == 0)
            {
                Log("closed TCP connection from " + (remote == null ? "(unknown)" : remote.ToString()) + ": " + _limits.MaxPendingHandshakes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " TLS handshakes already pending (" + refused.ToString(System.Globalization.CultureInfo.InvariantCulture) + " refused so far)");
            }
        }

        private bool ValidateCertificate(X509Certificate? certificate)
        {
            bool ok = false;
            string reason = "refused";
            try
            {
                ok = _validator.Validate(certificate, DateTime.UtcNow, out reason);
            }
            catch (Exception e) when (e is CryptographicException || e is ArgumentException)
            {
                ok = false;
                reason = "certificate unreadable: " + e.Message;
            }

            if (!ok)
            {
                Counters.CountCertificate();
                string subject = certificate == null ? "(none)" : certificate.Subject;
                Log("refused TLS client certificate " + subject + ": " + reason);
            }

            return ok;
        }

        private Task OnValidatingConnection(ValidatingConnectionEventArgs e)
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            string? identity = CertificateIdentity.CommonName(e.ClientCertificate);
            if (identity == null)
            {
                Counters.CountConnect();
                Log("refused CONNECT of client id '" + e.ClientId + "': no certificate identity");
                return Task.CompletedTask;
            }

            if (!string.Equals(e.ClientId, identity, StringComparison.Ordinal))
            {
                e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
                Counters.CountConnect();
                Log("refused CONNECT of " + identity + ": client id '" + e.ClientId + "' is not the certificate's CN");
                return Task.CompletedTask;
            }

            _connected.Add(e.ClientId, e.ClientCertificate!);
            e.ReasonCode = MqttConnectReasonCode.Success;
            return Task.CompletedTask;
        }

        private async Task OnInterceptingPublish(InterceptingPublishEventArgs e)
        {
            string topic = e.ApplicationMessage.Topic;
            if (!_acl.MayPublish(e.ClientId, topic))
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
                Counters.CountPublish();
                Log("denied PUBLISH by " + e.ClientId + " to '" + topic + "'");
                return;
            }

            if (e.ApplicationMessage.Payload.Length > _limits.MaxPayloadBytes)
            {
                e.ProcessPublish = false;
                e.CloseConnection = true;
                e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
                Counters.CountOversized();
                Log("denied PUBLISH by " + e.ClientId + " to '" + topic + "': payload " + e.ApplicationMessage.Payload.Length + " bytes over the limit; disconnected");
                return;
            }

            if (!await TakeRateTokenAsync(e.ClientId, e.CancellationToken).ConfigureAwait(false))
            {
                // Never acknowledge what is not delivered: an MQTT 3.1.1 PUBACK carries no reason code, so a refusing
                // PUBACK would make the device delete the message from its flash queue. Closing the connection without
                // one leaves the message in the device's queue; it is sent again after the reconnect.
                e.ProcessPublish = false;
                e.CloseConnection = true;
                Counters.CountRateLimited();
                Log("refused PUBLISH by " + e.ClientId + " to '" + topic + "': over the rate limit for " + _limits.RateLimitWait.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s; disconnected without acknowledging (the client keeps the message)");
            }
        }

        /// <summary>
        /// Takes a rate token for <paramref name="clientId"/>, holding the publish (and so that client's further packets:
        /// back-pressure) while a token arrives within <see cref="BrokerLimits.RateLimitWait"/>; false when none does.
        /// </summary>
        private async Task<bool> TakeRateTokenAsync(string clientId, CancellationToken cancellation)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            bool held = false;
            while (true)
            {
                if (_rate.TryTake(clientId, out TimeSpan retryAfter))
                {
                    return true;
                }

                TimeSpan remaining = _limits.RateLimitWait - System.Diagnostics.Stopwatch.GetElapsedTime(start);
                if (retryAfter > remaining)
                {
                    return false;
                }

                if (!held)
                {
                    held = true;
                    Counters.CountRateLimitHeld();
                }

                try
                {
                    await Task.Delay(retryAfter < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : retryAfter, cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false; // the client went away meanwhile
                }
            }
        }

        private Task OnInterceptingSubscription(InterceptingSubscriptionEventArgs e)
        {
            string filter = e.TopicFilter.Topic;
            if (!_acl.MaySubscribe(e.ClientId, filter))
            {
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
                Counters.CountSubscription();
                Log("denied SUBSCRIBE by " + e.ClientId + " to '" + filter + "'");
            }

            return Task.CompletedTask;
        }

        /// <summary>
        /// Timer callback: disconnects connected clients whose certificate has expired; reads the CRL and, when it changed
        /// since the last sweep (or has just passed its next update), disconnects every connected client whose
        /// certificate it no longer clears (revoked, or the CRL became untrusted or expired: fail closed).
        /// </summary>
        private void SweepRevoked()
        {
            if (Interlocked.Exchange(ref _sweeping, 1) == 1)
            {
                return;
            }

            try
            {
                long version = _validator.Revocations.Refresh();
                DateTime now = DateTime.UtcNow;
                foreach (string expiredClient in _connected.Expired(now))
                {
                    Disconnect(expiredClient, "certificate expired");
                }

                bool expired = _validator.Revocations.IsExpired(now);
                if (version == Interlocked.Read(ref _sweptCrlVersion) && (!expired || _sweptExpired))
                {
                    return;
                }

                Interlocked.Exchange(ref _sweptCrlVersion, version);
                _sweptExpired = expired;
                foreach (KeyValuePair<string, string> revoked in _connected.Revoked(_validator.Revocations, now))
                {
                    Disconnect(revoked.Key, revoked.Value);
                }
            }
            catch (Exception e) when (e is ObjectDisposedException || e is InvalidOperationException)
            {
                // Stopping.
            }
            finally
            {
                Interlocked.Exchange(ref _sweeping, 0);
            }
        }

        private void Disconnect(string clientId, string reason)
        {
            Counters.CountRevokedDisconnect();
            Log("disconnected " + clientId + " (connected): " + reason);
            try
            {
                MqttServerClientDisconnectOptions options = new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized, ReasonString = reason };
                _server.DisconnectClientAsync(clientId, options).Wait(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is AggregateException || e is InvalidOperationException || e is ObjectDisposedException)
            {
                // Already gone.
            }
        }

        private void Log(string line)
        {
            lock (_logGate)
            {
                _log.WriteLine(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) + " broker: " + line);
                _log.Flush();
            }
        }
    }
}
