namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// One device's row in the store: its class, the (boot, sequence) high-water mark of the last accepted
    /// message, when it was last seen and the fields of its newest telemetry.
    /// </summary>
    /// <remarks>
    /// Inside an <see cref="ITelemetryBatch"/> the instance is the locked row: the ingest changes it and the
    /// batch writes it back on commit. <see cref="LastBoot"/> is -1 while nothing was accepted.
    /// </remarks>
    public sealed class DeviceState
    {
        /// <summary>A device with nothing accepted yet.</summary>
        public DeviceState(string deviceId)
        {
            DeviceId = deviceId;
            LastBoot = -1;
        }

        /// <summary>Device id (CN of its certificate; third topic level).</summary>
        public string DeviceId { get; }

        /// <summary>Device class its first accepted message named (null before that); later messages must name the same.</summary>
        public string? DeviceClass { get; set; }

        /// <summary>Boot counter of the highest accepted message, or -1.</summary>
        public long LastBoot { get; set; }

        /// <summary>Sequence of the highest accepted message (0 when none).</summary>
        public long LastSequence { get; set; }

        /// <summary>Unix milliseconds of the last stored message (0 when none).</summary>
        public long LastSeenMs { get; set; }

        /// <summary>Messages stored for this device.</summary>
        public long Messages { get; set; }

        /// <summary>Messages of this device stored as late deliveries into a gap.</summary>
        public long LateDeliveries { get; set; }

        /// <summary>Messages missing (open gaps counted when detected; late deliveries subtract).</summary>
        public long Missing { get; set; }

        /// <summary>Rejections on this device's topics (stored or not).</summary>
        public long Rejections { get; set; }

        /// <summary>Uptime of the newest message, seconds.</summary>
        public long UptimeSeconds { get; set; }

        /// <summary>Free memory of the newest message, bytes.</summary>
        public long FreeMemory { get; set; }

        /// <summary>Firmware version of the newest message.</summary>
        public string? FirmwareVersion { get; set; }

        /// <summary>Update phase of the newest message.</summary>
        public int UpdatePhase { get; set; }

        /// <summary>Security floor of the newest message.</summary>
        public long SecurityFloor { get; set; }

        /// <summary>Sensor reading of the newest message, or null.</summary>
        public long? Sensor { get; set; }

        /// <summary>
        /// Messages the device's store-and-forward queue ever dropped because it was full, as its newest accepted
        /// telemetry reported (key 9; 0 when absent). Authenticated (schema 2).
        /// </summary>
        public long QueueDrops { get; set; }

        /// <summary>True once the row must be written back (changed in this batch).</summary>
        internal bool Dirty { get; set; }
    }
}
