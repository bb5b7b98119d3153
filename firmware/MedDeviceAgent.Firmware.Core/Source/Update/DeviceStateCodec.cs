using System;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Firmware.Core.Trust;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// The body of the device's <see cref="StateStore"/> record: encodes one <see cref="DeviceState"/>
    /// as record format 2 and decodes formats 2 and 1, with the group codecs of its parts
    /// (<see cref="TrustStateCodec"/>, <see cref="UpdateStateCodec"/>). A body that holds any value
    /// outside its allowed set, or does not end exactly where its last field does, is refused (the
    /// store then treats the record as damaged) and the state is left trusting nothing.
    /// </summary>
    /// <remarks>
    /// <para>Format 2 body: sections, each an id byte, a content length (uint16 LE) and the content,
    /// in this order and each exactly once: 1 trust (identity, root, revocation list), 2 update
    /// (confirmed image group, pending update group), 3 reserved counters (command counter, event-log
    /// sequence, event-log head of 32 bytes, telemetry boot counter, telemetry sequence: int64 each
    /// but the head). A later format adds sections after these.</para>
    /// <para>Format 1 body (the first firmware's, read only): identity, confirmed image group, root,
    /// revocation list, pending update group; the reserved counters read as zero. A device holding a
    /// format-1 record is upgraded by <see cref="StateStore.Load"/>, which saves it again as format 2
    /// over the other record (power-safe: the format-1 record stays until the format-2 one is whole).</para>
    /// <para>Encoding allocates nothing; decoding allocates the three identity arrays. RAM: one reader
    /// and one writer, allocated once. A format-2 record is at most about 1,050 bytes.</para>
    /// </remarks>
    public sealed class DeviceStateCodec : IStateCodec
    {
        /// <summary>The first firmware's record format (read, then upgraded).</summary>
        public const int Format1 = 1;

        /// <summary>The record format this codec writes.</summary>
        public const int Format2 = 2;

        /// <summary>Format 2 section: the trust state.</summary>
        public const int TrustSection = 1;

        /// <summary>Format 2 section: the update state.</summary>
        public const int UpdateSection = 2;

        /// <summary>Format 2 section: the reserved counters.</summary>
        public const int CountersSection = 3;

        private readonly DeviceState _state;
        private readonly RecordWriter _writer = new RecordWriter();
        private readonly RecordReader _reader = new RecordReader();

        /// <summary>Creates the codec of <paramref name="state"/>: saving encodes it, loading fills it.</summary>
        public DeviceStateCodec(DeviceState state)
        {
            if (state == null)
            {
                throw new ArgumentNullException(nameof(state));
            }

            _state = state;
        }

        /// <inheritdoc />
        public int Format
        {
            get { return Format2; }
        }

        /// <inheritdoc />
        public int Encode(byte[] buffer, int offset, int capacity)
        {
            RecordWriter w = _writer;
            w.Reset(buffer, offset, capacity);
            int start = BeginSection(w, TrustSection);
            TrustStateCodec.Write(w, _state.Trust);
            EndSection(w, start);
            start = BeginSection(w, UpdateSection);
            UpdateStateCodec.Write(w, _state.Update);
            EndSection(w, start);
            start = BeginSection(w, CountersSection);
            w.WriteInt64(_state.CommandCounter);
            w.WriteInt64(_state.EventLogSequence);
            w.WriteBytes(_state.EventLogHead, 0, DeviceState.EventLogHeadSize);
            w.WriteInt64(_state.TelemetryBootCounter);
            w.WriteInt64(_state.TelemetrySequence);
            EndSection(w, start);
            return w.Ok ? w.Length : -1;
        }

        /// <inheritdoc />
        public bool Decode(int format, byte[] buffer, int offset, int length)
        {
            RecordReader r = _reader;
            r.Reset(buffer, offset, length);
            bool valid = false;
            if (format == Format2)
            {
                valid = DecodeFormat2(r);
            }
            else if (format == Format1)
            {
                valid = DecodeFormat1(r);
            }

            if (!valid)
            {
                _state.Trust.Root.Clear();
                _state.Update.Phase = UpdatePhase.None;
            }

            return valid;
        }

        private bool DecodeFormat2(RecordReader r)
        {
            int start = OpenSection(r, TrustSection);
            TrustStateCodec.Read(r, _state.Trust);
            CloseSection(r, start);
            start = OpenSection(r, UpdateSection);
            UpdateStateCodec.Read(r, _state.Update);
            CloseSection(r, start);
            start = OpenSection(r, CountersSection);
            long command = r.ReadInt64();
            long eventSequence = r.ReadInt64();
            r.ReadInto(_state.EventLogHead, 0, DeviceState.EventLogHeadSize);
            long telemetryBoots = r.ReadInt64();
            long telemetrySequence = r.ReadInt64();
            CloseSection(r, start);
            if (command < 0 || eventSequence < 0 || telemetryBoots < 0 || telemetrySequence < 0)
            {
                r.Fail();
            }

            if (!r.Ok || r.Remaining != 0)
            {
                return false;
            }

            _state.CommandCounter = command;
            _state.EventLogSequence = eventSequence;
            _state.TelemetryBootCounter = telemetryBoots;
            _state.TelemetrySequence = telemetrySequence;
            return true;
        }

        private bool DecodeFormat1(RecordReader r)
        {
            TrustStateCodec.ReadIdentity(r, _state.Trust);
            UpdateStateCodec.ReadConfirmed(r, _state.Update);
            TrustStateCodec.ReadRoot(r, _state.Trust.Root);
            TrustStateCodec.ReadRevocation(r, _state.Trust);
            UpdateStateCodec.ReadPending(r, _state.Update);
            if (!r.Ok || r.Remaining != 0)
            {
                return false;
            }

            // Format 1 has no reserved counters.
            _state.CommandCounter = 0;
            _state.EventLogSequence = 0;
            Array.Clear(_state.EventLogHead, 0, DeviceState.EventLogHeadSize);
            _state.TelemetryBootCounter = 0;
            _state.TelemetrySequence = 0;
            return true;
        }

        /// <summary>Writes a section head with a length placeholder; returns where the content starts.</summary>
        private static int BeginSection(RecordWriter w, int id)
        {
            w.WriteByte(id);
            w.WriteUInt16(0);
            return w.Position;
        }

        private static void EndSection(RecordWriter w, int contentStart)
        {
            w.PatchUInt16(contentStart - 2, w.Position - contentStart);
        }

        /// <summary>Reads a section head, failing the reader unless it is <paramref name="id"/>; returns the content's end.</summary>
        private static int OpenSection(RecordReader r, int id)
        {
            int actual = r.ReadByte();
            int length = r.ReadUInt16();
            if (actual != id || length > r.Remaining)
            {
                r.Fail();
            }

            return r.Position + length;
        }

        /// <summary>Fails the reader unless the section's content ended exactly at <paramref name="end"/>.</summary>
        private static void CloseSection(RecordReader r, int end)
        {
            if (r.Position != end)
            {
                r.Fail();
            }
        }
    }
}
