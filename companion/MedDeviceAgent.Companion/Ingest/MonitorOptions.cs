using System;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>How <see cref="IngestMonitor"/> connects and batches.</summary>
    public sealed class MonitorOptions
    {
        /// <summary>Telemetry filter of every device.</summary>
        public const string TelemetryFilter = "mda/v1/+/+/telemetry";

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

        /// <summary>The subscription filter: <see cref="TelemetryFilter"/>, under <c>$share/GROUP/</c> when a group is set.</summary>
        public string Filter => ShareGroup == null ? TelemetryFilter : "$share/" + ShareGroup + "/" + TelemetryFilter;
    }
}
