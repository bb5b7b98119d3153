namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>
    /// One decoded message of a device's retained <c>state</c> topic (<see cref="StatePayload.TryRead"/>): the state
    /// map the agent publishes (online on connect, offline in a clean stop's last publish), or the Last Will the broker
    /// publishes for it when the connection drops (offline, no other field).
    /// </summary>
    /// <remarks>
    /// A mutable holder meant to be reused (the companion keeps one per processor). The state is not authenticated:
    /// its values are what the broker delivered on the device's topic, which the broker's ACL reserves for the device
    /// itself (and, for the will, the broker on its behalf). Telemetry carries the authenticated values. Filled only by
    /// a successful read; ranges are the codec's (docs/mqtt-wire-format.md).
    /// </remarks>
    public sealed class StateReport
    {
        /// <summary>True while the device says it is connected; false for the will and a clean stop.</summary>
        public bool Online { get; set; }

        /// <summary>True when the message was the Last Will (the CBOR text "offline"): no other field is set.</summary>
        public bool FromWill { get; set; }

        /// <summary>Running firmware version (1-32 UTF-8 bytes); null for the will.</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>The telemetry boot counter of the boot that published it (0..2^32-1); -1 for the will.</summary>
        public long Boot { get; set; }

        /// <summary>The update engine's phase (the numeric value of <c>Update.UpdatePhase</c>); 0 for the will.</summary>
        public int UpdatePhase { get; set; }

        /// <summary>The anti-rollback security-counter floor; 0 for the will.</summary>
        public long SecurityFloor { get; set; }

        /// <summary>Sets the fields of the will: offline, nothing else known.</summary>
        public void SetWill()
        {
            Online = false;
            FromWill = true;
            FirmwareVersion = null;
            Boot = -1;
            UpdatePhase = 0;
            SecurityFloor = 0;
        }
    }
}
