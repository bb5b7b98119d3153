using System;
using System.IO;

namespace MedDeviceAgent.Companion.IO
{
    /// <summary>Reads the first bytes of a seekable stream and rewinds it (format sniffing).</summary>
    public static class StreamPrefix
    {
        /// <summary>
        /// True when <paramref name="stream"/> holds at least <paramref name="count"/> bytes; they are
        /// returned in <paramref name="prefix"/>. The stream is left at position 0.
        /// </summary>
        public static bool TryRead(Stream stream, int count, out byte[] prefix)
        {
            ArgumentNullException.ThrowIfNull(stream);
            prefix = new byte[count];
            stream.Position = 0;
            int read = stream.ReadAtLeast(prefix, count, throwOnEndOfStream: false);
            stream.Position = 0;
            return read == count;
        }
    }
}
