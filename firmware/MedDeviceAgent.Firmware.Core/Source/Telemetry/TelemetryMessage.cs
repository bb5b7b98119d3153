namespace MedDeviceAgent.Firmware.Core.Telemetry
{
    /// <summary>
    /// One telemetry reading: the device's health and update state, an optional sensor value, and the
    /// boot counter and per-boot sequence number that let the receiver reject replays and reordering.
    /// </summary>
    /// <remarks>
    /// A mutable holder, meant to be reused: the device fills one instance per period and the encoder
    /// writes it without allocating; the verifier decodes into one instance per verifier. Ranges (checked
    /// by the codec, not here): <see cref="Boot"/> and <see cref="Sequence"/> 0..2^32-1, the other counters
    /// non-negative, <see cref="FirmwareVersion"/> 1-32 UTF-8 bytes. Payload keys: <c>Protocol.TelemetryKeys</c>.
    /// </remarks>
    public sealed class TelemetryMessage
    {
        /// <summary>Boot counter (the device's persisted boot count).</summary>
        public long Boot { get; set; }

        /// <summary>Sequence number within the boot, from 0.</summary>
        public long Sequence { get; set; }

        /// <summary>Seconds since boot.</summary>
        public long UptimeSeconds { get; set; }

        /// <summary>Free managed memory in bytes.</summary>
        public long FreeMemory { get; set; }

        /// <summary>Running firmware version (for instance "1.4.2").</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>The update engine's phase (the numeric value of <c>Update.UpdatePhase</c>).</summary>
        public int UpdatePhase { get; set; }

        /// <summary>The anti-rollback security-counter floor.</summary>
        public long SecurityFloor { get; set; }

        /// <summary>True when <see cref="Sensor"/> carries a reading (the 1.x runtime has no nullable value types).</summary>
        public bool HasSensor { get; set; }

        /// <summary>The sensor reading; meaningful only when <see cref="HasSensor"/>.</summary>
        public long Sensor { get; set; }

        /// <summary>
        /// Messages the device's store-and-forward queue ever dropped because it was full (its persisted counter);
        /// written only when above 0, at most 2^32-1.
        /// </summary>
        public long QueueDropped { get; set; }

        /// <summary>Copies every field of <paramref name="other"/>.</summary>
        public void CopyFrom(TelemetryMessage other)
        {
            Boot = other.Boot;
            Sequence = other.Sequence;
            UptimeSeconds = other.UptimeSeconds;
            FreeMemory = other.FreeMemory;
            FirmwareVersion = other.FirmwareVersion;
            UpdatePhase = other.UpdatePhase;
            SecurityFloor = other.SecurityFloor;
            HasSensor = other.HasSensor;
            Sensor = other.Sensor;
            QueueDropped = other.QueueDropped;
        }
    }
}
