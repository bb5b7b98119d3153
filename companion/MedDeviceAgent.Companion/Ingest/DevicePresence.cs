namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// A device's presence as its retained <c>state</c> topic last said it: online or offline (by its own state map, or
    /// by the Last Will the broker published when its connection dropped), since when, and the state map's fields.
    /// </summary>
    /// <remarks>
    /// <b>Broker-asserted, not authenticated.</b> A state carries no MAC: the broker's ACL reserves the topic for the
    /// device (the will is published by the broker on its behalf). It is recorded apart from the authenticated telemetry
    /// (table <c>presence</c>, schema 2) and never changes a telemetry verdict: the class it names does not bind the
    /// device's class, its boot does not move the high-water mark. One row per device; a state equal to the recorded
    /// one (a retained state delivered again at every subscribe) writes nothing (docs/ingest.md).
    /// </remarks>
    public sealed class DevicePresence
    {
        /// <summary>A presence of <paramref name="deviceId"/> on <paramref name="deviceClass"/>'s topic.</summary>
        public DevicePresence(string deviceId, string deviceClass)
        {
            DeviceId = deviceId;
            DeviceClass = deviceClass;
            Boot = -1;
        }

        /// <summary>Device id (the topic's, a device with a live key).</summary>
        public string DeviceId { get; }

        /// <summary>The class of the topic the state came on.</summary>
        public string DeviceClass { get; }

        /// <summary>True when the last state said online.</summary>
        public bool Online { get; set; }

        /// <summary>True when the last state was the Last Will (the broker saw the connection drop without DISCONNECT).</summary>
        public bool FromWill { get; set; }

        /// <summary>Unix milliseconds since which the device is <see cref="Online"/> as recorded: when it last changed between online and offline, or came online in another boot.</summary>
        public long SinceMs { get; set; }

        /// <summary>Unix milliseconds of reception of the last recorded (changed) state.</summary>
        public long StateMs { get; set; }

        /// <summary>Firmware version of the last state map (a will keeps the previous value).</summary>
        public string? FirmwareVersion { get; set; }

        /// <summary>Boot counter of the last state map, or -1 when none was seen (a will keeps the previous value).</summary>
        public long Boot { get; set; }

        /// <summary>Update phase of the last state map.</summary>
        public int UpdatePhase { get; set; }

        /// <summary>Security floor of the last state map.</summary>
        public long SecurityFloor { get; set; }

        /// <summary>State messages recorded for this device (changes only; repeats are not counted).</summary>
        public long States { get; set; }
    }
}
