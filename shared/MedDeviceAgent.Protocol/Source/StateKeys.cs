namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// Integer keys of the retained state payload map on <c>.../state</c> (deterministic CBOR, keys
    /// ascending, all six present). The Last Will is not this map but the CBOR text "offline" (M2Mqtt sends a
    /// will as a string; docs/mqtt-wire-format.md). Values are fixed.
    /// </summary>
    /// <remarks>The state is not MAC'd: it is a fleet view for operators; telemetry carries the authenticated values.</remarks>
    public static class StateKeys
    {
        /// <summary>Payload format version (uint, 1).</summary>
        public const int Version = 0;

        /// <summary>True while connected; false in a clean disconnect's final publish (the will says offline by itself).</summary>
        public const int Online = 1;

        /// <summary>Running firmware version (tstr).</summary>
        public const int FirmwareVersion = 2;

        /// <summary>Boot counter (uint).</summary>
        public const int Boot = 3;

        /// <summary>Update engine phase (uint).</summary>
        public const int UpdatePhase = 4;

        /// <summary>Anti-rollback security-counter floor (uint).</summary>
        public const int SecurityFloor = 5;
    }
}
