using System;
using MedDeviceAgent.Firmware.Core.Update;

namespace MedDeviceAgent.VirtualDevice
{
    /// <summary>An <see cref="IPackageSource"/> over a byte array (tests, benchmarks).</summary>
    public sealed class MemoryPackageSource : IPackageSource
    {
        private readonly byte[] _data;

        /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
        public MemoryPackageSource(byte[] data)
        {
            ArgumentNullException.ThrowIfNull(data);
            _data = data;
        }

        /// <inheritdoc />
        public long Length => _data.Length;

        /// <inheritdoc />
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            if (position >= _data.Length)
            {
                return 0;
            }

            int n = (int)Math.Min(count, _data.Length - position);
            Array.Copy(_data, position, buffer, offset, n);
            return n;
        }
    }
}
