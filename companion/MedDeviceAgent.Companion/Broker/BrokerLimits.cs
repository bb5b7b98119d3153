using System;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>Limits that keep one slow, misbehaving or hostile client from hurting the others.</summary>
    /// <remarks>
    /// The defaults suit a fleet publishing telemetry every few seconds. The packet size is enforced at the transport
    /// (<see cref="PacketSizeGuardStream"/>: MQTTnet 5.2 has no server-side limit and would buffer a whole announced
    /// packet first), the payload again on each PUBLISH.
    /// </remarks>
    public sealed class BrokerLimits
    {
        /// <summary>How long a client has from TCP accept to a completed TLS handshake before the socket is closed (default 10 s).</summary>
        public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long a client has after the TLS handshake to send CONNECT (default 10 s).</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Largest PUBLISH payload accepted, in bytes (default 64 KiB).</summary>
        public int MaxPayloadBytes { get; set; } = 64 * 1024;

        /// <summary>
        /// Largest MQTT packet a client may send, fixed header included (default 65 KiB: the payload limit plus room for
        /// topic and properties). A client announcing more is disconnected as soon as the length bytes arrive, before the
        /// broker buffers the packet; logged and counted as <see cref="BrokerCounters.Oversized"/>. Mosquitto gets the same
        /// value as <c>max_packet_size</c>.
        /// </summary>
        public int MaxPacketBytes { get; set; } = (64 * 1024) + 1024;

        /// <summary>TLS handshakes in progress at most (default 256); a connection accepted beyond it is closed at once.</summary>
        /// <remarks>Stalled handshakes hold a socket and an SslStream (a few KiB) each for up to <see cref="TlsHandshakeTimeout"/>; this bounds them.</remarks>
        public int MaxPendingHandshakes { get; set; } = 256;

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

        /// <summary>
        /// Messages queued for one subscriber (offline with a persistent session, or slow) at most (default 100,000);
        /// Mosquitto gets the same value as <c>max_queued_messages</c>.
        /// </summary>
        /// <remarks>
        /// 100,000 messages are about 17 minutes of the 1,000-device load test (100 msg/s) and some 40 MB of memory for
        /// small telemetry in MQTTnet's queue. Beyond it MQTTnet drops the oldest queued message of that session.
        /// </remarks>
        public int MaxPendingMessagesPerClient { get; set; } = 100_000;
    }
}
