namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// The MQTT topic tree. Every device topic is <c>mda/v1/{deviceClass}/{deviceId}/{leaf}</c>;
    /// the broker's ACL lets a device publish and subscribe only under its own id.
    /// </summary>
    /// <remarks>
    /// Build topics with <see cref="ForDevice"/> or the named builders: one concatenation, no formatting
    /// (allocation: one string). Builders do not validate: pass identifiers checked with
    /// <see cref="TopicParser.IsValidIdentifier(string)"/> (the provisioning code does). Read a received topic
    /// with <see cref="TopicParser.Parse"/>. The wire format is in <c>docs/mqtt-wire-format.md</c>.
    /// </remarks>
    public static class Topics
    {
        /// <summary>Root of the tree, with the protocol version.</summary>
        public const string Root = "mda/v1";

        /// <summary>Device to companion: periodic telemetry (COSE_Mac0, QoS 1, not retained).</summary>
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

        /// <summary>
        /// Device to fleet: the device's state (retained, QoS 1); the Last Will publishes the offline state
        /// on the same topic, so the retained value always says whether the device is connected.
        /// </summary>
        public const string State = "state";

        /// <summary>Prefix of every companion-to-device command topic (<c>cmd/...</c>).</summary>
        public const string CommandPrefix = "cmd";

        /// <summary>Prefix of every update delivery topic (<c>update/...</c>).</summary>
        public const string UpdatePrefix = "update";

        /// <summary>The multi-level wildcard leaf a device subscribes with (<c>cmd/#</c>, <c>update/#</c>).</summary>
        public const string MultiLevelWildcard = "#";

        /// <summary>Builds <c>mda/v1/{deviceClass}/{deviceId}/{leaf}</c>.</summary>
        public static string ForDevice(string deviceClass, string deviceId, string leaf)
        {
            return Root + "/" + deviceClass + "/" + deviceId + "/" + leaf;
        }

        /// <summary>Builds <c>mda/v1/{deviceClass}/{deviceId}/telemetry</c>.</summary>
        public static string TelemetryTopic(string deviceClass, string deviceId)
        {
            return ForDevice(deviceClass, deviceId, Telemetry);
        }

        /// <summary>Builds <c>mda/v1/{deviceClass}/{deviceId}/events</c>.</summary>
        public static string EventsTopic(string deviceClass, string deviceId)
        {
            return ForDevice(deviceClass, deviceId, Events);
        }

        /// <summary>Builds <c>mda/v1/{deviceClass}/{deviceId}/state</c> (retained; also the Last Will topic).</summary>
        public static string StateTopic(string deviceClass, string deviceId)
        {
            return ForDevice(deviceClass, deviceId, State);
        }

        /// <summary>Builds the device's command subscription filter <c>mda/v1/{deviceClass}/{deviceId}/cmd/#</c>.</summary>
        public static string CommandFilter(string deviceClass, string deviceId)
        {
            return ForDevice(deviceClass, deviceId, CommandPrefix + "/" + MultiLevelWildcard);
        }

        /// <summary>Builds the device's update subscription filter <c>mda/v1/{deviceClass}/{deviceId}/update/#</c>.</summary>
        public static string UpdateFilter(string deviceClass, string deviceId)
        {
            return ForDevice(deviceClass, deviceId, UpdatePrefix + "/" + MultiLevelWildcard);
        }
    }
}
