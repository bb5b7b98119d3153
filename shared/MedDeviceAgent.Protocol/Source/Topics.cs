namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// The MQTT topic tree. Every device topic is <c>mda/v1/{deviceClass}/{deviceId}/{leaf}</c>;
    /// the broker's ACL lets a device publish and subscribe only under its own id.
    /// </summary>
    /// <remarks>Build topics with <see cref="ForDevice"/>: one concatenation, no formatting (allocation: one string).</remarks>
    public static class Topics
    {
        /// <summary>Root of the tree, with the protocol version.</summary>
        public const string Root = "mda/v1";

        /// <summary>Device to companion: periodic telemetry.</summary>
        public const string Telemetry = "telemetry";

        /// <summary>Device to companion: security events.</summary>
        public const string Events = "events";

        /// <summary>Companion to device: update offer.</summary>
        public const string UpdateOffer = "update/offer";

        /// <summary>Device to companion: update status and result codes.</summary>
        public const string UpdateStatus = "update/status";

        /// <summary>Companion to device: signed commands.</summary>
        public const string Command = "cmd";

        /// <summary>Device to companion: command results.</summary>
        public const string CommandResult = "cmd/result";

        /// <summary>Builds <c>mda/v1/{deviceClass}/{deviceId}/{leaf}</c>.</summary>
        public static string ForDevice(string deviceClass, string deviceId, string leaf)
        {
            return Root + "/" + deviceClass + "/" + deviceId + "/" + leaf;
        }
    }
}
