using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Companion.Tests.Support
{
    /// <summary>
    /// A decorator over any <see cref="IStorage"/> that behaves like a host disk filling up: writes
    /// succeed until <see cref="FreeBytes"/> is used up; the write that does not fit stores what still
    /// fits and throws the IOException a full disk raises (ENOSPC). Reads and deletes pass through.
    /// </summary>
    internal sealed class FullDiskStorage : IStorage, IDisposable
    {
        private readonly IStorage inner;

        public FullDiskStorage(IStorage inner, long freeBytes)
        {
            this.inner = inner;
            FreeBytes = freeBytes;
        }

        /// <summary>Bytes that can still be written.</summary>
        public long FreeBytes { get; set; }

        /// <summary>Number of writes refused.</summary>
        public int Refusals { get; private set; }

        public int GetLength(string name) => inner.GetLength(name);

        public int Read(string name, int position, byte[] buffer, int offset, int count) => inner.Read(name, position, buffer, offset, count);

        public void Write(string name, int position, byte[] buffer, int offset, int count)
        {
            if (count <= FreeBytes)
            {
                inner.Write(name, position, buffer, offset, count);
                FreeBytes -= count;
                return;
            }

            int fits = (int)Math.Max(0, FreeBytes);
            if (fits > 0)
            {
                inner.Write(name, position, buffer, offset, fits);
            }

            FreeBytes = 0;
            Refusals++;
            throw new IOException("No space left on device : '" + name + "'", 28);
        }

        public void Delete(string name) => inner.Delete(name);

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
