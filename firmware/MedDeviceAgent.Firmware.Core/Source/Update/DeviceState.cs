using System;
using MedDeviceAgent.Firmware.Core.Trust;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// Everything the device must remember across resets, persisted as one power-safe record by
    /// <see cref="Storage.StateStore"/> through <see cref="DeviceStateCodec"/>: the trust state
    /// (identity, root, revocation list), the update state (images, floor, pending update) and the
    /// counters reserved for the capabilities to come (signed commands, the event log, telemetry).
    /// </summary>
    /// <remarks>
    /// RAM: about 1.1 KB, all allocated at construction; saving and loading reuse it (no allocation),
    /// which keeps per-block staging checkpoints allocation-free. The reserved counters are stored
    /// and reloaded (record format 2); the telemetry pair is set by the device agent's boot claim, the command and event-log counters are not used yet.
    /// </remarks>
    public sealed class DeviceState
    {
        /// <summary>Size of <see cref="EventLogHead"/> (a SHA-256).</summary>
        public const int EventLogHeadSize = 32;

        /// <summary>Creates an empty state.</summary>
        public DeviceState()
        {
            Trust = new TrustState();
            Update = new UpdateState();
            EventLogHead = new byte[EventLogHeadSize];
        }

        /// <summary>Identity, root of trust and stored revocation list.</summary>
        public TrustState Trust { get; private set; }

        /// <summary>Images, security floor and the pending update.</summary>
        public UpdateState Update { get; private set; }

        /// <summary>Reserved: counter of the last signed command accepted (anti-replay), 0 until commands exist.</summary>
        public long CommandCounter { get; set; }

        /// <summary>Reserved: sequence number of the newest event-log entry, 0 until the event log exists.</summary>
        public long EventLogSequence { get; set; }

        /// <summary>Reserved: hash-chain head of the event log (32 bytes), all zero until the event log exists.</summary>
        public byte[] EventLogHead { get; private set; }

        /// <summary>Telemetry boot counter: the boot counter the device agent last claimed (<see cref="UpdateEngine.BeginTelemetryBoot"/>); 0 until telemetry ran.</summary>
        public long TelemetryBootCounter { get; set; }

        /// <summary>Telemetry sequence: reset to 0 at each claim and not advanced per message (sequences live in RAM under a fresh boot counter; docs/device-agent.md).</summary>
        public long TelemetrySequence { get; set; }

        /// <summary>Copies every field of <paramref name="other"/> into this instance.</summary>
        public void CopyFrom(DeviceState other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            Trust.CopyFrom(other.Trust);
            Update.CopyFrom(other.Update);
            CommandCounter = other.CommandCounter;
            EventLogSequence = other.EventLogSequence;
            Array.Copy(other.EventLogHead, EventLogHead, EventLogHeadSize);
            TelemetryBootCounter = other.TelemetryBootCounter;
            TelemetrySequence = other.TelemetrySequence;
        }
    }
}
