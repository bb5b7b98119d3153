using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>What the ingest decided for one message.</summary>
    public readonly struct IngestOutcome
    {
        /// <summary>Holds the parts (a telemetry message).</summary>
        public IngestOutcome(TelemetryResult result, string? deviceId, bool late, bool rejectionStored)
            : this(result, deviceId, late, rejectionStored, false, null, 0)
        {
        }

        /// <summary>Holds the parts: <paramref name="stateTopic"/> for a message of a <c>state</c> topic, <paramref name="presence"/> the device's presence after it (recorded or unchanged), <paramref name="queueDrops"/> the device's drop total after a stored telemetry message.</summary>
        public IngestOutcome(TelemetryResult result, string? deviceId, bool late, bool rejectionStored, bool stateTopic, DevicePresence? presence, long queueDrops)
        {
            Result = result;
            DeviceId = deviceId;
            Late = late;
            RejectionStored = rejectionStored;
            StateTopic = stateTopic;
            Presence = presence;
            QueueDrops = queueDrops;
        }

        /// <summary>The verdict; Accepted or AcceptedAfterGap when stored (a late delivery is Accepted with <see cref="Late"/>); StateRecorded or StateUnchanged for a valid state.</summary>
        public TelemetryResult Result { get; }

        /// <summary>The known device the topic named, or null.</summary>
        public string? DeviceId { get; }

        /// <summary>True for an authentic message below the high-water mark stored into a recorded gap.</summary>
        public bool Late { get; }

        /// <summary>For a rejection: true when it was written to the rejections table (false: rate-limited, counted).</summary>
        public bool RejectionStored { get; }

        /// <summary>True when the message came on a device's <c>state</c> topic (its presence, not telemetry).</summary>
        public bool StateTopic { get; }

        /// <summary>For a valid state: the device's presence as recorded after it; else null.</summary>
        public DevicePresence? Presence { get; }

        /// <summary>For stored telemetry: the device's queue-drop total as recorded after it; else 0.</summary>
        public long QueueDrops { get; }

        /// <summary>True when the message was stored as telemetry.</summary>
        public bool Stored => Result == TelemetryResult.Accepted || Result == TelemetryResult.AcceptedAfterGap;

        /// <summary>True for a valid state message (recorded, or equal to the recorded presence).</summary>
        public bool StateAccepted => Result == TelemetryResult.StateRecorded || Result == TelemetryResult.StateUnchanged;
    }
}
