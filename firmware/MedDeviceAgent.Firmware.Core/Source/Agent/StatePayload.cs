using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>
    /// The retained payloads of a device's <c>state</c> topic: the state map (<see cref="StateKeys"/>, deterministic CBOR,
    /// keys ascending) the agent publishes on connect and, with online false, on a clean stop; and the Last Will the
    /// broker publishes when the connection drops, the CBOR text string "offline".
    /// </summary>
    /// <remarks>
    /// The will is a text string, not a map, because nanoFramework's M2Mqtt takes the will payload as a string and
    /// sends its UTF-8 bytes: a CBOR map starts with a byte (0xA0-0xBF) that is never valid UTF-8, a text string of
    /// ASCII is its own UTF-8. Writing the map allocates nothing (the version string is encoded into the writer).
    /// At most <see cref="MaxStateSize"/> bytes. Layout: docs/mqtt-wire-format.md.
    /// </remarks>
    public static class StatePayload
    {
        /// <summary>The will's text.</summary>
        public const string OfflineText = "offline";

        /// <summary>Largest state map: head 1, 6 keys, version 1, bool 1, version text 34, boot 9, phase 5, floor 9.</summary>
        public const int MaxStateSize = 1 + 6 + 1 + 1 + 34 + 9 + 5 + 9;

        /// <summary>The Last Will payload: CBOR tstr "offline", bytes 67 6F 66 66 6C 69 6E 65 (allocates 8 bytes).</summary>
        public static byte[] CreateOfflineWill()
        {
            CborWriter writer = new CborWriter(8);
            writer.WriteTextString(OfflineText);
            return writer.ToArray();
        }

        /// <summary>Writes the state map into <paramref name="writer"/> (after the caller's <see cref="CborWriter.Reset"/>).</summary>
        /// <exception cref="ArgumentNullException">The writer or the version is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A value is negative, or the version is not 1-32 UTF-8 bytes.</exception>
        public static void Write(CborWriter writer, bool online, string firmwareVersion, long boot, int updatePhase, long securityFloor)
        {
            if (writer == null || firmwareVersion == null)
            {
                throw new ArgumentNullException(writer == null ? nameof(writer) : nameof(firmwareVersion));
            }

            int versionBytes = CborUtf8.GetByteCount(firmwareVersion);
            if (boot < 0 || updatePhase < 0 || securityFloor < 0 || versionBytes < 1 || versionBytes > Telemetry.TelemetryPayloadCodec.MaxFirmwareVersionBytes)
            {
                throw new ArgumentOutOfRangeException(nameof(boot));
            }

            writer.WriteMapStart(6);
            writer.WriteInt64(StateKeys.Version);
            writer.WriteInt64(1);
            writer.WriteInt64(StateKeys.Online);
            writer.WriteBoolean(online);
            writer.WriteInt64(StateKeys.FirmwareVersion);
            writer.WriteTextString(firmwareVersion);
            writer.WriteInt64(StateKeys.Boot);
            writer.WriteInt64(boot);
            writer.WriteInt64(StateKeys.UpdatePhase);
            writer.WriteInt64(updatePhase);
            writer.WriteInt64(StateKeys.SecurityFloor);
            writer.WriteInt64(securityFloor);
        }
    }
}
