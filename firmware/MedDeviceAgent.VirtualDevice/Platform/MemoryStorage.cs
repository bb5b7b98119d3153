using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>
    /// <see cref="IStorage"/> in memory, with blobs preallocated at a fixed capacity so that writes
    /// allocate nothing (allocation measurements of the core, power-cut sweeps that need speed).
    /// Power cuts are not modelled here: the tests wrap it in a fault-injecting decorator
    /// (tests/MedDeviceAgent.TestSupport), as they wrap <see cref="FileStorage"/>.
    /// </summary>
    /// <remarks>
    /// RAM: <c>blobCapacity</c> bytes per blob ever written, held until the storage is dropped.
    /// The instance is the flash: keep it across a simulated reboot to keep the blobs.
    /// </remarks>
    public sealed class MemoryStorage : IStorage
    {
        private readonly Dictionary<string, byte[]> _blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _lengths = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly int _capacity;

        /// <summary>Creates storage whose blobs hold up to <paramref name="blobCapacity"/> bytes each.</summary>
        public MemoryStorage(int blobCapacity)
        {
            _capacity = blobCapacity;
        }

        /// <summary>Creates blobs ahead of time so that the first write to them allocates nothing.</summary>
        public void Preallocate(params string[] names)
        {
            ArgumentNullException.ThrowIfNull(names);
            foreach (string name in names)
            {
                if (!_blobs.ContainsKey(name))
                {
                    _blobs[name] = new byte[_capacity];
                }
            }
        }

        /// <inheritdoc />
        public int GetLength(string name)
        {
            return _lengths.TryGetValue(name, out int length) ? length : -1;
        }

        /// <inheritdoc />
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            if (!_lengths.TryGetValue(name, out int length) || position >= length)
            {
                return 0;
            }

            int n = Math.Min(count, length - position);
            Array.Copy(_blobs[name], position, buffer, offset, n);
            return n;
        }

        /// <inheritdoc />
        public void Write(string name, int position, byte[] buffer, int offset, int count)
        {
            if (!_blobs.TryGetValue(name, out byte[]? blob))
            {
                blob = new byte[_capacity];
                _blobs[name] = blob;
            }

            if (position + count > _capacity)
            {
                throw new InvalidOperationException("MemoryStorage blob capacity exceeded: " + name);
            }

            Array.Copy(buffer, offset, blob, position, count);
            int length = _lengths.TryGetValue(name, out int old) ? old : 0;
            _lengths[name] = Math.Max(length, position + count);
        }

        /// <inheritdoc />
        public void Delete(string name)
        {
            _lengths.Remove(name);
        }
    }
}
