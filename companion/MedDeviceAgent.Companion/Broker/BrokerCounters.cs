using System.Threading;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>Counts of what the embedded broker refused, by kind. Thread-safe.</summary>
    public sealed class BrokerCounters
    {
        private long _refusedCertificates;
        private long _refusedConnects;
        private long _deniedPublishes;
        private long _deniedSubscriptions;
        private long _rateLimited;
        private long _rateLimitHeld;
        private long _oversized;
        private long _revokedDisconnects;
        private long _handshakeTimeouts;
        private long _pendingHandshakesRefused;

        /// <summary>TLS handshakes refused for the client certificate (none, untrusted, revoked, bad CN).</summary>
        public long RefusedCertificates => Interlocked.Read(ref _refusedCertificates);

        /// <summary>CONNECTs refused (client id not the certificate's CN, no certificate identity).</summary>
        public long RefusedConnects => Interlocked.Read(ref _refusedConnects);

        /// <summary>Publishes the ACL refused.</summary>
        public long DeniedPublishes => Interlocked.Read(ref _deniedPublishes);

        /// <summary>Subscriptions the ACL refused.</summary>
        public long DeniedSubscriptions => Interlocked.Read(ref _deniedSubscriptions);

        /// <summary>Publishes refused at the per-client rate limit: not acknowledged, their client disconnected (it keeps the message).</summary>
        public long RateLimited => Interlocked.Read(ref _rateLimited);

        /// <summary>Publishes held over the rate limit until a token arrived or the wait ran out (not a refusal; not in <see cref="Total"/>).</summary>
        public long RateLimitHeld => Interlocked.Read(ref _rateLimitHeld);

        /// <summary>Packets over the packet-size limit (cut off at the transport) and publishes over the payload limit; their client is disconnected.</summary>
        public long Oversized => Interlocked.Read(ref _oversized);

        /// <summary>Connected clients disconnected because their certificate was revoked or expired (or the CRL became untrusted or expired) while they were connected.</summary>
        public long RevokedDisconnects => Interlocked.Read(ref _revokedDisconnects);

        /// <summary>TCP connections closed because the TLS handshake did not complete in time.</summary>
        public long HandshakeTimeouts => Interlocked.Read(ref _handshakeTimeouts);

        /// <summary>TCP connections closed at accept because <see cref="BrokerLimits.MaxPendingHandshakes"/> handshakes were in progress.</summary>
        public long PendingHandshakesRefused => Interlocked.Read(ref _pendingHandshakesRefused);

        /// <summary>All refusals together.</summary>
        public long Total => RefusedCertificates + RefusedConnects + DeniedPublishes + DeniedSubscriptions + RateLimited + Oversized + RevokedDisconnects + HandshakeTimeouts + PendingHandshakesRefused;

        internal void CountCertificate() => Interlocked.Increment(ref _refusedCertificates);

        internal void CountConnect() => Interlocked.Increment(ref _refusedConnects);

        internal void CountPublish() => Interlocked.Increment(ref _deniedPublishes);

        internal void CountSubscription() => Interlocked.Increment(ref _deniedSubscriptions);

        internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

        internal void CountRateLimitHeld() => Interlocked.Increment(ref _rateLimitHeld);

        internal void CountOversized() => Interlocked.Increment(ref _oversized);

        internal long CountPendingHandshakesRefused() => Interlocked.Increment(ref _pendingHandshakesRefused);

        internal void CountHandshakeTimeout() => Interlocked.Increment(ref _handshakeTimeouts);

        internal void CountRevokedDisconnect() => Interlocked.Increment(ref _revokedDisconnects);
    }
}
