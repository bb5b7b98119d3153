using MedDeviceAgent.Firmware.Core.Telemetry;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>An accepted telemetry message as the store keeps it: decoded fields, the raw COSE_Mac0 bytes, when it arrived.</summary>
    public sealed class StoredTelemetry
    {
        /// <summary>Copies <paramref name="message"/> (the verifier's instance is reused).</summary>
        public StoredTelemetry(string deviceId, TelemetryMessage message, byte[] raw, long receivedMs, bool late)
        {
            DeviceId = deviceId;
            Boot = message.Boot;
            Sequence = message.Sequence;
            UptimeSeconds = message.UptimeSeconds;
            FreeMemory = message.FreeMemory;
            FirmwareVersion = message.FirmwareVersion;
            UpdatePhase = message.UpdatePhase;
            SecurityFloor = message.SecurityFloor;
            Sensor = message.HasSensor ? message.Sensor : null;
            Raw = raw;
            ReceivedMs = receivedMs;
            Late = late;
        }

        /// <summary>Device id.</summary>
        public string DeviceId { get; }

        /// <summary>Boot counter.</summary>
        public long Boot { get; }

        /// <summary>Sequence within the boot.</summary>
        public long Sequence { get; }

        /// <summary>Uptime, seconds.</summary>
        public long UptimeSeconds { get; }

        /// <summary>Free memory, bytes.</summary>
        public long FreeMemory { get; }

        /// <summary>Firmware version.</summary>
        public string FirmwareVersion { get; }

        /// <summary>Update phase.</summary>
        public int UpdatePhase { get; }

        /// <summary>Security floor.</summary>
        public long SecurityFloor { get; }

        /// <summary>Sensor reading or null.</summary>
        public long? Sensor { get; }

        /// <summary>The message as received (COSE_Mac0).</summary>
        public byte[] Raw { get; }

        /// <summary>Unix milliseconds of reception.</summary>
        public long ReceivedMs { get; }

        /// <summary>True when it was below the high-water mark and filled a recorded gap (a late delivery).</summary>
        public bool Late { get; }
    }
}
