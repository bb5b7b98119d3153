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
    /// <para>Reading (<see cref="TryRead"/>, the companion's side; the device never reads a state) accepts exactly what
    /// <see cref="Write"/> and <see cref="CreateOfflineWill"/> produce: one deterministic item, nothing after it. It
    /// allocates the firmware version string (and a transient char[]) per map, nothing for the will.</para>
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

        /// <summary>
        /// Reads <paramref name="count"/> bytes at <paramref name="offset"/> as a state message into
        /// <paramref name="report"/>: the will (the CBOR text "offline") or the state map of <see cref="Write"/> (version
        /// 1, every key 0-5 in order, boot at most 2^32-1, a 1-32 byte firmware version). False, and
        /// <paramref name="report"/> unchanged, for anything else: empty or over <see cref="MaxStateSize"/> bytes,
        /// malformed or non-deterministic CBOR, another text, a missing, extra or out-of-range key, trailing bytes.
        /// </summary>
        /// <param name="reader">A reader to reuse (reset here).</param>
        /// <param name="buffer">Holds the message.</param>
        /// <param name="offset">Start of the message.</param>
        /// <param name="count">Length of the message.</param>
        /// <param name="report">Receives the fields.</param>
        /// <exception cref="ArgumentNullException">The reader, buffer or report is null.</exception>
        public static bool TryRead(CborReader reader, byte[] buffer, int offset, int count, StateReport report)
        {
            if (reader == null || buffer == null || report == null)
            {
                throw new ArgumentNullException(reader == null ? nameof(reader) : buffer == null ? nameof(buffer) : nameof(report));
            }

            if (count < 1 || count > MaxStateSize || offset < 0 || offset > buffer.Length - count)
            {
                return false;
            }

            reader.Reset(buffer, offset, count);
            CborItemType type = reader.PeekType();
            if (type == CborItemType.TextString)
            {
                if (!reader.ReadTextStringEquals(OfflineText) || !reader.ReadEnd())
                {
                    return false;
                }

                report.SetWill();
                return true;
            }

            int n;
            if (type != CborItemType.Map || !reader.ReadMapStart(out n) || n != 6)
            {
                return false;
            }

            long version;
            bool online;
            string firmware;
            long boot;
            long phase;
            long floor;
            if (!Telemetry.TelemetryPayloadCodec.ReadUnsigned(reader, StateKeys.Version, out version) || version != 1
                || !Telemetry.TelemetryPayloadCodec.ReadKey(reader, StateKeys.Online) || !reader.ReadBoolean(out online)
                || !Telemetry.TelemetryPayloadCodec.ReadKey(reader, StateKeys.FirmwareVersion) || reader.PeekType() != CborItemType.TextString || !reader.ReadTextString(out firmware))
            {
                return false;
            }

            int versionBytes = CborUtf8.GetByteCount(firmware);
            if (versionBytes < 1 || versionBytes > Telemetry.TelemetryPayloadCodec.MaxFirmwareVersionBytes
                || !Telemetry.TelemetryPayloadCodec.ReadUnsigned(reader, StateKeys.Boot, out boot) || boot > Telemetry.TelemetryPayloadCodec.MaxCounter
                || !Telemetry.TelemetryPayloadCodec.ReadUnsigned(reader, StateKeys.UpdatePhase, out phase) || phase > int.MaxValue
                || !Telemetry.TelemetryPayloadCodec.ReadUnsigned(reader, StateKeys.SecurityFloor, out floor)
                || !reader.ReadMapEnd() || !reader.ReadEnd())
            {
                return false;
            }

            report.Online = online;
            report.FromWill = false;
            report.FirmwareVersion = firmware;
            report.Boot = boot;
            report.UpdatePhase = (int)phase;
            report.SecurityFloor = floor;
            return true;
        }
    }
}
