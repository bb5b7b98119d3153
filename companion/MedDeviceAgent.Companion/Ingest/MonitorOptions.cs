using System;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>How <see cref="IngestMonitor"/> connects and batches.</summary>
    public sealed class MonitorOptions
    {
        /// <summary>Telemetry filter of every device.</summary>
        public const string TelemetryFilter = "mda/v1/+/+/telemetry";

        /// <summary>State (presence) filter of every device: the retained state map or Last Will.</summary>
        public const string StateFilter = "mda/v1/+/+/state";

        /// <summary>Broker host name or address (also the TLS target name the broker's certificate must carry).</summary>
        public string Host { get; set; } = "127.0.0.1";

        /// <summary>Broker TLS port.</summary>
        public int Port { get; set; } = 8883;

        /// <summary>PEM file of the CA chain that verifies the broker (the bundle's ca.pem).</summary>
        public string CaPath { get; set; } = string.Empty;

        /// <summary>The operator's certificate PEM (its CN is the MQTT client id).</summary>
        public string CertificatePath { get; set; } = string.Empty;

        /// <summary>The operator's private key PEM.</summary>
        public string KeyPath { get; set; } = string.Empty;

        /// <summary>MQTT 5 shared-subscription group, or null for a plain subscription.</summary>
        public string? ShareGroup { get; set; }

        /// <summary>Most messages per transaction.</summary>
        public int BatchSize { get; set; } = 500;

        /// <summary>Longest wait for more messages once a batch has started, before it is committed anyway.</summary>
        public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(20);

        /// <summary>Session expiry the monitor asks for: the broker keeps its subscription and queued messages this long while it is away.</summary>
        public uint SessionExpirySeconds { get; set; } = 7 * 24 * 3600;

        /// <summary>Largest packet the monitor accepts (MQTT 5 Maximum Packet Size: the broker drops larger ones before sending).</summary>
        public uint MaxPacketSize { get; set; } = 64 * 1024;

        /// <summary>Unacknowledged messages the broker may have in flight to the monitor (MQTT 5 Receive Maximum); at least <see cref="BatchSize"/>.</summary>
        public ushort ReceiveMaximum { get; set; } = 2000;

        /// <summary>Pause between reconnection attempts.</summary>
        public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The telemetry subscription filter: <see cref="TelemetryFilter"/>, under <c>$share/GROUP/</c> when a group is set.</summary>
        public string Filter => ShareGroup == null ? TelemetryFilter : "$share/" + ShareGroup + "/" + TelemetryFilter;

        /// <summary>
        /// Every filter the monitor subscribes, in one SUBSCRIBE at QoS 1 in its persistent session: <see cref="Filter"/>
        /// and <see cref="StateFilter"/>.
        /// </summary>
        /// <remarks>
        /// The state filter is never shared, even with a group: MQTT 5.0 section 4.8.2 has a broker send no retained
        /// message to a new shared subscription, so a shared state filter would never show the presence of a device that
        /// connected before the monitors; and with it each monitor of a group sees only part of a device's state changes
        /// and could commit them out of order. Unshared, every monitor sees every state in order and the retained ones at
        /// each subscribe; recording is idempotent (an equal state writes nothing) and serialised by the device's row
        /// lock, so several monitors on one database record each change once. States are few (one per connect and
        /// disconnect), so the duplicate delivery costs little.
        /// </remarks>
        public string[] Filters => new[] { Filter, StateFilter };
    }
}
