using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Update;

namespace MedDeviceAgent.VirtualDevice
{
    /// <summary>An <see cref="IPackageSource"/> over a package file, read in place (never loaded whole).</summary>
    public sealed class FilePackageSource : IPackageSource, IDisposable
    {
        private readonly FileStream _stream;

        /// <summary>Opens <paramref name="path"/> for reading.</summary>
        public FilePackageSource(string path)
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        }

        /// <inheritdoc />
        public long Length => _stream.Length;

        /// <inheritdoc />
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            if (position >= _stream.Length)
            {
                return 0;
            }

            return RandomAccess.Read(_stream.SafeFileHandle, buffer.AsSpan(offset, count), position);
        }

        /// <inheritdoc />
        public void Dispose() => _stream.Dispose();
    }
}
