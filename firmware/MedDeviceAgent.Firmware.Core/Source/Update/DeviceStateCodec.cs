using System;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Firmware.Core.Trust;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// The body of the device's <see cref="StateStore"/> record: encodes and decodes one
    /// <see cref="DeviceState"/> with the group codecs of its parts (<see cref="TrustStateCodec"/>,
    /// <see cref="UpdateStateCodec"/>). A body that holds any value outside its allowed set, or does
    /// not end exactly where its last field does, is refused (the store then treats the record as
    /// damaged), and the state is left trusting nothing.
    /// </summary>
    /// <remarks>
    /// Format 1 body: identity, confirmed image group, root, revocation list, pending update group
    /// (the layout of the first firmware, byte for byte). Encoding allocates nothing; decoding
    /// allocates the three identity arrays. RAM: one reader and one writer, allocated once.
    /// </remarks>
    public sealed class DeviceStateCodec : IStateCodec
    {
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
            get { return 1; }
        }

        /// <inheritdoc />
        public int Encode(byte[] buffer, int offset, int capacity)
        {
            RecordWriter w = _writer;
            w.Reset(buffer, offset, capacity);
            TrustStateCodec.WriteIdentity(w, _state.Trust);
            UpdateStateCodec.WriteConfirmed(w, _state.Update);
            TrustStateCodec.WriteRoot(w, _state.Trust.Root);
            TrustStateCodec.WriteRevocation(w, _state.Trust);
            UpdateStateCodec.WritePending(w, _state.Update);
            return w.Ok ? w.Length : -1;
        }

        /// <inheritdoc />
        public bool Decode(int format, byte[] buffer, int offset, int length)
        {
            bool valid = false;
            RecordReader r = _reader;
            r.Reset(buffer, offset, length);
            if (format == 1)
            {
                TrustStateCodec.ReadIdentity(r, _state.Trust);
                UpdateStateCodec.ReadConfirmed(r, _state.Update);
                TrustStateCodec.ReadRoot(r, _state.Trust.Root);
                TrustStateCodec.ReadRevocation(r, _state.Trust);
                UpdateStateCodec.ReadPending(r, _state.Update);
                valid = r.Ok && r.Remaining == 0;
            }

            if (!valid)
            {
                _state.Trust.Root.Clear();
                _state.Update.Phase = UpdatePhase.None;
            }

            return valid;
        }
    }
}
