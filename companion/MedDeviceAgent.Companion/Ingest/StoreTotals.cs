namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>Counts over a whole telemetry database.</summary>
    public sealed class StoreTotals
    {
        /// <summary>Holds the counts.</summary>
        public StoreTotals(long devices, long telemetry, long lateDeliveries, long rejections, long suppressedRejections, long openGaps, long missing)
        {
            Devices = devices;
            Telemetry = telemetry;
            LateDeliveries = lateDeliveries;
            Rejections = rejections;
            SuppressedRejections = suppressedRejections;
            OpenGaps = openGaps;
            Missing = missing;
        }

        /// <summary>Device rows.</summary>
        public long Devices { get; }

        /// <summary>Stored telemetry messages.</summary>
        public long Telemetry { get; }

        /// <summary>Of those, late deliveries into a gap.</summary>
        public long LateDeliveries { get; }

        /// <summary>Stored rejections.</summary>
        public long Rejections { get; }

        /// <summary>Rejections the rate limit did not store.</summary>
        public long SuppressedRejections { get; }

        /// <summary>Open gap ranges.</summary>
        public long OpenGaps { get; }

        /// <summary>Messages missing in open gaps.</summary>
        public long Missing { get; }

        /// <summary>Devices whose recorded presence (broker-asserted, schema 2) is online.</summary>
        public long Online { get; init; }

        /// <summary>Devices whose recorded presence is offline (will or clean stop).</summary>
        public long Offline { get; init; }

        /// <summary>Stored rejections of messages on a <c>state</c> topic.</summary>
        public long StateRejections { get; init; }
    }
}
