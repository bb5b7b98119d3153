namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// Integer keys of the telemetry payload map (the COSE_Mac0 payload on <c>.../telemetry</c>),
    /// written in ascending order as deterministic CBOR requires. Values are fixed.
    /// </summary>
    /// <remarks>
    /// Every key but <see cref="Sensor"/> and <see cref="QueueDropped"/> is required; no other key is accepted (a receiver refuses
    /// unknown keys, so a new field needs a new payload version). Byte-level layout:
    /// <c>docs/mqtt-wire-format.md</c>.
    /// </remarks>
    public static class TelemetryKeys
    {
        /// <summary>Payload format version (uint, <see cref="CurrentVersion"/>).</summary>
        public const int Version = 0;

        /// <summary>Boot counter (uint, 0..2^32-1): the device's persisted boot count, raised once per boot.</summary>
        public const int Boot = 1;

        /// <summary>Per-boot sequence number (uint, 0..2^32-1): 0 for the first message of a boot, then +1 per message.</summary>
        public const int Sequence = 2;

        /// <summary>Seconds since boot (uint).</summary>
        public const int Uptime = 3;

        /// <summary>Free managed memory in bytes (uint).</summary>
        public const int FreeMemory = 4;

        /// <summary>Running firmware version (tstr, at most 32 UTF-8 bytes).</summary>
        public const int FirmwareVersion = 5;

        /// <summary>Update engine phase (uint, the core's <c>UpdatePhase</c> value).</summary>
        public const int UpdatePhase = 6;

        /// <summary>Anti-rollback security-counter floor (uint).</summary>
        public const int SecurityFloor = 7;

        /// <summary>Optional sensor reading (int, signed 64-bit; absent when the device has no sensor).</summary>
        public const int Sensor = 8;

        /// <summary>
        /// Optional total of telemetry messages the device's store-and-forward queue ever dropped because it
        /// was full (uint, 1..2^32-1; absent while none was dropped, so the key never carries 0).
        /// </summary>
        public const int QueueDropped = 9;

        /// <summary>The payload version this build writes and accepts.</summary>
        public const int CurrentVersion = 1;
    }
}
