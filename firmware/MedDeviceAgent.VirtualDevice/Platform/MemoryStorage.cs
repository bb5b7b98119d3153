using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>
    /// <see cref="IStorage"/> in memory, with blobs preallocated at a fixed capacity so that writes
    /// allocate nothing (allocation measurements of the core, power-cut sweeps that need speed).
    /// Supports the same power-cut injection as <see cref="FileStorage"/>.
    /// </summary>
    public sealed class MemoryStorage : IStorage
    {
        private readonly Dictionary<string, byte[]> _blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _lengths = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly int _capacity;
        private readonly Random _random;
        private bool _dead;

        /// <summary>Creates storage whose blobs hold up to <paramref name="blobCapacity"/> bytes each.</summary>
        public MemoryStorage(int blobCapacity, int seed = 1)
        {
            _capacity = blobCapacity;
#pragma warning disable CA5394 // Fault injection, not security.
            _random = new Random(seed);
#pragma warning restore CA5394
        }

        /// <summary>Number of mutating calls so far.</summary>
        public long WriteCount { get; private set; }

        /// <summary>When positive, the write with this 1-based index is torn and the device dies.</summary>
        public long CutAtWrite { get; set; }

        /// <summary>Brings a "dead" storage back (the next power-on of the device).</summary>
        public void Revive()
        {
            _dead = false;
            CutAtWrite = 0;
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
            ThrowIfDead();
            return _lengths.TryGetValue(name, out int length) ? length : -1;
        }

        /// <inheritdoc />
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            ThrowIfDead();
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
            ThrowIfDead();
            WriteCount++;
            bool cut = CutAtWrite > 0 && WriteCount == CutAtWrite;
#pragma warning disable CA5394
            int written = cut ? (count == 0 ? 0 : _random.Next(0, count)) : count;
#pragma warning restore CA5394
            if (!_blobs.TryGetValue(name, out byte[]? blob))
            {
                blob = new byte[_capacity];
                _blobs[name] = blob;
            }

            if (position + count > _capacity)
            {
                throw new InvalidOperationException("MemoryStorage blob capacity exceeded: " + name);
            }

            Array.Copy(buffer, offset, blob, position, written);
            int length = _lengths.TryGetValue(name, out int old) ? old : 0;
            _lengths[name] = Math.Max(length, position + written);
            if (cut)
            {
                _dead = true;
                throw new PowerCutException(WriteCount);
            }
        }

        /// <inheritdoc />
        public void Delete(string name)
        {
            ThrowIfDead();
            WriteCount++;
            bool cut = CutAtWrite > 0 && WriteCount == CutAtWrite;
#pragma warning disable CA5394
            if (!cut || _random.Next(2) == 0)
#pragma warning restore CA5394
            {
                _lengths.Remove(name);
            }

            if (cut)
            {
                _dead = true;
                throw new PowerCutException(WriteCount);
            }
        }

        private void ThrowIfDead()
        {
            if (_dead)
            {
                throw new PowerCutException(WriteCount);
            }
        }
    }
}
