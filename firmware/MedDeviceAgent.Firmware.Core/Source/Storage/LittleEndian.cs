namespace MedDeviceAgent.Firmware.Core.Storage
{
    /// <summary>Allocation-free little-endian integer encoding into byte arrays.</summary>
    public static class LittleEndian
    {
        /// <summary>Writes a 32-bit integer at <paramref name="offset"/>.</summary>
        public static void WriteInt32(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>Reads a 32-bit integer at <paramref name="offset"/>.</summary>
        public static int ReadInt32(byte[] buffer, int offset)
        {
            return buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24);
        }

        /// <summary>Writes a 64-bit integer at <paramref name="offset"/>.</summary>
        public static void WriteInt64(byte[] buffer, int offset, long value)
        {
            WriteInt32(buffer, offset, (int)value);
            WriteInt32(buffer, offset + 4, (int)(value >> 32));
        }

        /// <summary>Reads a 64-bit integer at <paramref name="offset"/>.</summary>
        public static long ReadInt64(byte[] buffer, int offset)
        {
            long low = (uint)ReadInt32(buffer, offset);
            long high = ReadInt32(buffer, offset + 4);
            return (high << 32) | low;
        }
    }
}
