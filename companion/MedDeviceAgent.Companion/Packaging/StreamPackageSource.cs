using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Update;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>The firmware core's package reader over a seekable stream (a file, or bytes in memory).</summary>
    /// <remarks>Behaves as the virtual device's file source does (the live length; 0 at the end). IO failures propagate.</remarks>
    internal sealed class StreamPackageSource : IPackageSource
    {
        private readonly Stream stream;

        /// <summary>Wraps <paramref name="stream"/>, which must be seekable and readable.</summary>
        public StreamPackageSource(Stream stream)
        {
            ArgumentNullException.ThrowIfNull(stream);
            if (!stream.CanSeek || !stream.CanRead)
            {
                throw new ArgumentException("the package stream must be readable and seekable", nameof(stream));
            }

            this.stream = stream;
        }

        /// <inheritdoc />
        public long Length => stream.Length;

        /// <inheritdoc />
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            if (position < 0 || position >= stream.Length)
            {
                return 0;
            }

            stream.Position = position;
            return stream.Read(buffer, offset, count);
        }
    }
}
