using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// The stored form of an <see cref="UpdateState"/>, in two groups every state record format
    /// shares: the confirmed image (slot, image, floor) and the pending update (phase, slot, image,
    /// staged bytes, last result, boot count). Reading checks every value against its allowed set
    /// before any cast and fails the reader otherwise (a checksummed but impossible record is
    /// damaged, never acted on: no unknown phase, no slot 2, no staging into the active slot).
    /// </summary>
    /// <remarks>
    /// Confirmed: slot (1 byte), image (56), floor (int64). Pending: phase (1), slot (1), image (56),
    /// staged bytes, last result, boot count (int32 each). An image: major, minor, patch (int32),
    /// security counter (int64), size (int32), SHA-256 (32). Writing allocates nothing.
    /// </remarks>
    public static class UpdateStateCodec
    {
        /// <summary>Bytes of one stored image.</summary>
        public const int ImageSize = 56;

        /// <summary>Writes the confirmed image group then the pending update group.</summary>
        public static void Write(RecordWriter writer, UpdateState state)
        {
            WriteConfirmed(writer, state);
            WritePending(writer, state);
        }

        /// <summary>Reads the confirmed image group then the pending update group; the reader fails on any invalid value.</summary>
        public static void Read(RecordReader reader, UpdateState state)
        {
            ReadConfirmed(reader, state);
            ReadPending(reader, state);
        }

        /// <summary>Writes the active slot, the confirmed image and the security floor.</summary>
        public static void WriteConfirmed(RecordWriter writer, UpdateState state)
        {
            writer.WriteByte(state.ActiveSlot);
            WriteImage(writer, state.Active);
            writer.WriteInt64(state.SecurityFloor);
        }

        /// <summary>Reads the active slot (0 or 1), the confirmed image and the floor (not negative).</summary>
        public static void ReadConfirmed(RecordReader reader, UpdateState state)
        {
            int slot = reader.ReadByte();
            ReadImage(reader, state.Active);
            long floor = reader.ReadInt64();
            if (slot > 1 || floor < 0)
            {
                reader.Fail();
                return;
            }

            state.ActiveSlot = slot;
            state.SecurityFloor = floor;
        }

        /// <summary>Writes phase, pending slot, pending image, staged bytes, last result and boot count.</summary>
        public static void WritePending(RecordWriter writer, UpdateState state)
        {
            writer.WriteByte((int)state.Phase);
            writer.WriteByte(state.PendingSlot);
            WriteImage(writer, state.Pending);
            writer.WriteInt32(state.StagedBytes);
            writer.WriteInt32(state.LastResult);
            writer.WriteInt32(state.BootCount);
        }

        /// <summary>
        /// Reads the pending update: a known phase, slot 0 or 1 (the inactive one while an update is
        /// pending), staged bytes within the pending image, a last result and a boot count not negative.
        /// The last result is informational (shown, never acted on) and any UpdateResult value a later
        /// firmware adds must still load, so it is not held to today's list.
        /// Read after <see cref="ReadConfirmed"/> (it checks against the active slot).
        /// </summary>
        public static void ReadPending(RecordReader reader, UpdateState state)
        {
            int phase = reader.ReadByte();
            int slot = reader.ReadByte();
            ReadImage(reader, state.Pending);
            int staged = reader.ReadInt32();
            int lastResult = reader.ReadInt32();
            int boots = reader.ReadInt32();
            if (!reader.Ok)
            {
                return;
            }

            if (!IsPhase(phase) || slot > 1 || (phase != (int)UpdatePhase.None && slot == state.ActiveSlot)
                || staged < 0 || staged > state.Pending.Size || lastResult < 0 || boots < 0)
            {
                reader.Fail();
                return;
            }

            state.Phase = (UpdatePhase)phase;
            state.PendingSlot = slot;
            state.StagedBytes = staged;
            state.LastResult = lastResult;
            state.BootCount = boots;
        }

        private static void WriteImage(RecordWriter writer, ImageInfo image)
        {
            writer.WriteInt32(image.Major);
            writer.WriteInt32(image.Minor);
            writer.WriteInt32(image.Patch);
            writer.WriteInt64(image.SecurityCounter);
            writer.WriteInt32(image.Size);
            writer.WriteBytes(image.Digest, 0, PackageFormat.DigestSize);
        }

        private static void ReadImage(RecordReader reader, ImageInfo image)
        {
            int major = reader.ReadInt32();
            int minor = reader.ReadInt32();
            int patch = reader.ReadInt32();
            long counter = reader.ReadInt64();
            int size = reader.ReadInt32();
            reader.ReadInto(image.Digest, 0, PackageFormat.DigestSize);
            if (major < 0 || minor < 0 || patch < 0 || counter < 0 || size < 0)
            {
                reader.Fail();
                return;
            }

            image.Major = major;
            image.Minor = minor;
            image.Patch = patch;
            image.SecurityCounter = counter;
            image.Size = size;
        }

        private static bool IsPhase(int value)
        {
            return value == (int)UpdatePhase.None || value == (int)UpdatePhase.Staging || value == (int)UpdatePhase.Staged || value == (int)UpdatePhase.Trial;
        }
    }
}
