using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Telemetry
{
    /// <summary>
    /// The telemetry payload: a deterministic CBOR map with the integer keys of <see cref="TelemetryKeys"/>,
    /// ascending, every key but the sensor and the queue's drop count required, nothing else allowed.
    /// </summary>
    /// <remarks>
    /// Writing allocates nothing (the version string is UTF-8 encoded straight into the writer). Reading
    /// allocates the firmware version string (and a transient char[]) per message. At most
    /// <see cref="MaxPayloadSize"/> bytes, an upper bound kept from the first layout (9 keys, 8 integers of at
    /// most 9 bytes, a 32-byte version): the largest map actually written, with the optional drop count
    /// (key 9, a 32-bit value), is 1 + 10 keys + version 1 + boot 5 + sequence 5 + uptime 9 + free 9 + phase 5 +
    /// floor 9 + sensor 9 + drops 5 + 34 = 102 bytes.
    /// </remarks>
    public static class TelemetryPayloadCodec
    {
        /// <summary>Longest firmware version in UTF-8 bytes.</summary>
        public const int MaxFirmwareVersionBytes = 32;

        /// <summary>Largest payload the codec writes.</summary>
        public const int MaxPayloadSize = 1 + (9 * 1) + (8 * 9) + 2 + MaxFirmwareVersionBytes;

        /// <summary>Largest boot counter or sequence number (32 bits).</summary>
        public const long MaxCounter = 0xFFFFFFFFL;

        /// <summary>Writes <paramref name="message"/> as the payload map.</summary>
        /// <exception cref="ArgumentNullException">An argument or the firmware version is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A field is out of range (see <see cref="TelemetryMessage"/>).</exception>
        public static void Write(CborWriter writer, TelemetryMessage message)
        {
            if (writer == null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            if (message == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            if (message.FirmwareVersion == null)
            {
                throw new ArgumentNullException(nameof(message));
            }

            int versionBytes = CborUtf8.GetByteCount(message.FirmwareVersion);
            if (!InCounterRange(message.Boot) || !InCounterRange(message.Sequence) || message.UptimeSeconds < 0 || message.FreeMemory < 0
                || message.UpdatePhase < 0 || message.SecurityFloor < 0 || versionBytes < 1 || versionBytes > MaxFirmwareVersionBytes
                || !InCounterRange(message.QueueDropped))
            {
                throw new ArgumentOutOfRangeException(nameof(message));
            }

            bool hasDropped = message.QueueDropped > 0;
            writer.WriteMapStart(8 + (message.HasSensor ? 1 : 0) + (hasDropped ? 1 : 0));
            writer.WriteInt64(TelemetryKeys.Version);
            writer.WriteInt64(TelemetryKeys.CurrentVersion);
            writer.WriteInt64(TelemetryKeys.Boot);
            writer.WriteInt64(message.Boot);
            writer.WriteInt64(TelemetryKeys.Sequence);
            writer.WriteInt64(message.Sequence);
            writer.WriteInt64(TelemetryKeys.Uptime);
            writer.WriteInt64(message.UptimeSeconds);
            writer.WriteInt64(TelemetryKeys.FreeMemory);
            writer.WriteInt64(message.FreeMemory);
            writer.WriteInt64(TelemetryKeys.FirmwareVersion);
            writer.WriteTextString(message.FirmwareVersion);
            writer.WriteInt64(TelemetryKeys.UpdatePhase);
            writer.WriteInt64(message.UpdatePhase);
            writer.WriteInt64(TelemetryKeys.SecurityFloor);
            writer.WriteInt64(message.SecurityFloor);
            if (message.HasSensor)
            {
                writer.WriteInt64(TelemetryKeys.Sensor);
                writer.WriteInt64(message.Sensor);
            }

            if (hasDropped)
            {
                writer.WriteInt64(TelemetryKeys.QueueDropped);
                writer.WriteInt64(message.QueueDropped);
            }
        }

        /// <summary>
        /// Reads <paramref name="count"/> bytes at <paramref name="offset"/> as a payload map into
        /// <paramref name="message"/>. False (and <paramref name="message"/> partly overwritten) unless the
        /// bytes are exactly one valid payload.
        /// </summary>
        /// <param name="reader">A reader to reuse (reset here).</param>
        /// <param name="buffer">Holds the payload.</param>
        /// <param name="offset">Start of the payload.</param>
        /// <param name="count">Length of the payload.</param>
        /// <param name="message">Receives the fields.</param>
        public static bool TryRead(CborReader reader, byte[] buffer, int offset, int count, TelemetryMessage message)
        {
            if (reader == null || message == null)
            {
                throw new ArgumentNullException(nameof(reader));
            }

            reader.Reset(buffer, offset, count);
            int n;
            if (reader.PeekType() != CborItemType.Map || !reader.ReadMapStart(out n) || n < 8 || n > 10)
            {
                return false;
            }

            long version;
            long boot;
            long sequence;
            long uptime;
            long free;
            string firmware;
            long phase;
            long floor;
            if (!ReadUnsigned(reader, TelemetryKeys.Version, out version) || version != TelemetryKeys.CurrentVersion
                || !ReadUnsigned(reader, TelemetryKeys.Boot, out boot) || boot > MaxCounter
                || !ReadUnsigned(reader, TelemetryKeys.Sequence, out sequence) || sequence > MaxCounter
                || !ReadUnsigned(reader, TelemetryKeys.Uptime, out uptime)
                || !ReadUnsigned(reader, TelemetryKeys.FreeMemory, out free))
            {
                return false;
            }

            if (!ReadKey(reader, TelemetryKeys.FirmwareVersion) || reader.PeekType() != CborItemType.TextString || !reader.ReadTextString(out firmware))
            {
                return false;
            }

            int versionBytes = CborUtf8.GetByteCount(firmware);
            if (versionBytes < 1 || versionBytes > MaxFirmwareVersionBytes)
            {
                return false;
            }

            if (!ReadUnsigned(reader, TelemetryKeys.UpdatePhase, out phase) || phase > int.MaxValue
                || !ReadUnsigned(reader, TelemetryKeys.SecurityFloor, out floor))
            {
                return false;
            }

            bool hasSensor = false;
            long sensor = 0;
            long dropped = 0;
            int optional = n - 8;
            while (optional > 0)
            {
                long key;
                if (reader.PeekType() != CborItemType.UnsignedInteger || !reader.ReadInt64(out key))
                {
                    return false;
                }

                if (key == TelemetryKeys.Sensor && !hasSensor && dropped == 0)
                {
                    CborItemType type = reader.PeekType();
                    if ((type != CborItemType.UnsignedInteger && type != CborItemType.NegativeInteger) || !reader.ReadInt64(out sensor))
                    {
                        return false;
                    }

                    hasSensor = true;
                }
                else if (key == TelemetryKeys.QueueDropped && dropped == 0)
                {
                    // Present only when above 0 (deterministic: one encoding per message), at most 32 bits.
                    if (reader.PeekType() != CborItemType.UnsignedInteger || !reader.ReadInt64(out dropped) || dropped < 1 || dropped > MaxCounter)
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }

                optional--;
            }

            if (!reader.ReadMapEnd() || !reader.ReadEnd())
            {
                return false;
            }

            message.Boot = boot;
            message.Sequence = sequence;
            message.UptimeSeconds = uptime;
            message.FreeMemory = free;
            message.FirmwareVersion = firmware;
            message.UpdatePhase = (int)phase;
            message.SecurityFloor = floor;
            message.HasSensor = hasSensor;
            message.Sensor = sensor;
            message.QueueDropped = dropped;
            return true;
        }

        private static bool InCounterRange(long value)
        {
            return value >= 0 && value <= MaxCounter;
        }

        /// <summary>Reads an unsigned integer map key and tells whether it is <paramref name="expected"/> (also the state codec's).</summary>
        internal static bool ReadKey(CborReader reader, int expected)
        {
            long key;
            return reader.PeekType() == CborItemType.UnsignedInteger && reader.ReadInt64(out key) && key == expected;
        }

        /// <summary>Reads key <paramref name="expectedKey"/> and an unsigned integer value (also the state codec's).</summary>
        internal static bool ReadUnsigned(CborReader reader, int expectedKey, out long value)
        {
            value = 0;
            return ReadKey(reader, expectedKey) && reader.PeekType() == CborItemType.UnsignedInteger && reader.ReadInt64(out value);
        }
    }
}
