using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>Streams payload bytes in fixed chunks through SHA-256 (and optionally into an output), never holding the whole payload.</summary>
    internal static class PayloadStreaming
    {
        /// <summary>
        /// Reads up to <paramref name="length"/> bytes from <paramref name="input"/>, hashing them and
        /// copying them to <paramref name="output"/> when given. Returns the number of bytes read
        /// (less than <paramref name="length"/> only when the input ended first).
        /// </summary>
        public static long HashCopy(Stream input, long length, Stream? output, IncrementalHash hash, string phase, IPayloadProgress? progress)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(PackageFile.ChunkSize);
            try
            {
                long done = 0;
                while (done < length)
                {
                    int want = (int)Math.Min(PackageFile.ChunkSize, length - done);
                    int read = input.Read(buffer, 0, want);
                    if (read == 0)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    output?.Write(buffer, 0, read);
                    done += read;
                    progress?.Report(phase, done, length);
                }

                return done;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
