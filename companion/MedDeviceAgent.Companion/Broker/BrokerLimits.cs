using System;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>Limits that keep one slow, misbehaving or hostile client from hurting the others.</summary>
    /// <remarks>
    /// The defaults suit a fleet publishing telemetry every few seconds. The packet-size limit is checked on each
    /// PUBLISH's payload after MQTTnet has read the packet (MQTTnet 5 has no pre-read limit): an oversized publish
    /// is dropped, counted and its client disconnected, so one client can waste at most one packet's memory.
    /// </remarks>
    public sealed class BrokerLimits
    {
        /// <summary>How long a client has from TCP accept to a completed TLS handshake before the socket is closed (default 10 s).</summary>
        public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long a client has after the TLS handshake to send CONNECT (default 10 s).</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Largest PUBLISH payload accepted, in bytes (default 64 KiB).</summary>
        public int MaxPayloadBytes { get; set; } = 64 * 1024;

        /// <summary>Publishes a client may send per second on average (default 20).</summary>
        /// <remarks>A publish over the limit is held (its client's further packets wait too), never refused with a PUBACK.</remarks>
        public double PublishesPerSecond { get; set; } = 20;

        /// <summary>Publishes a client may send in one burst above the average (default 40).</summary>
        public int PublishBurst { get; set; } = 40;

        /// <summary>
        /// How long a publish over the rate limit is held waiting for a token (default 1 s). When no token arrives within
        /// it, the client is disconnected without a PUBACK, so it keeps the message and sends it again after reconnecting.
        /// </summary>
        /// <remarks>
        /// While a publish is held, MQTTnet reads no further packet from that client (back-pressure); other clients are not
        /// affected. Zero disconnects at once when the bucket is empty.
        /// </remarks>
        public TimeSpan RateLimitWait { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// How often the CRL file is compared with the last one read even when no one connects (default 1 s); on a change
        /// every connected client whose certificate is now revoked is disconnected.
        /// </summary>
        public TimeSpan RevocationCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Messages queued for one slow subscriber before the oldest are dropped (default 1000).</summary>
        public int MaxPendingMessagesPerClient { get; set; } = 1000;
    }
}
