using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>What the ingest decided for one message.</summary>
    public readonly struct IngestOutcome
    {
        /// <summary>Holds the parts.</summary>
        public IngestOutcome(TelemetryResult result, string? deviceId, bool late, bool rejectionStored)
        {
            Result = result;
            DeviceId = deviceId;
            Late = late;
            RejectionStored = rejectionStored;
        }

        /// <summary>The verdict; Accepted or AcceptedAfterGap when stored (a late delivery is Accepted with <see cref="Late"/>).</summary>
        public TelemetryResult Result { get; }

        /// <summary>The known device the topic named, or null.</summary>
        public string? DeviceId { get; }

        /// <summary>True for an authentic message below the high-water mark stored into a recorded gap.</summary>
        public bool Late { get; }

        /// <summary>For a rejection: true when it was written to the rejections table (false: rate-limited, counted).</summary>
        public bool RejectionStored { get; }

        /// <summary>True when the message was stored as telemetry.</summary>
        public bool Stored => Result == TelemetryResult.Accepted || Result == TelemetryResult.AcceptedAfterGap;
    }
}
