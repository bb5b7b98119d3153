using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>
    /// <see cref="IStorage"/> on a host directory, one file per blob, with power-cut injection:
    /// when <see cref="CutAtWrite"/> is set, the write with that 1-based index is torn at a random
    /// byte (only a prefix of it reaches the file; a delete is either done or not) and
    /// <see cref="PowerCutException"/> is thrown. Every later call throws too, as on a dead device.
    /// </summary>
    public sealed class FileStorage : IStorage
    {
        private readonly string _directory;
        private readonly Random _random;
        private bool _dead;

        /// <summary>Opens (creating if needed) the storage directory.</summary>
        /// <param name="directory">Host folder holding the blobs.</param>
        /// <param name="seed">Seed for choosing the tear point of an injected cut.</param>
        public FileStorage(string directory, int seed = 1)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            _directory = directory;
            Directory.CreateDirectory(directory);
#pragma warning disable CA5394 // Tear points are test fault injection, not security.
            _random = new Random(seed);
#pragma warning restore CA5394
        }

        /// <summary>The host folder.</summary>
        public string DirectoryPath => _directory;

        /// <summary>Number of mutating calls (writes and deletes) so far.</summary>
        public long WriteCount { get; private set; }

        /// <summary>When positive, the write with this 1-based index is torn and the device dies.</summary>
        public long CutAtWrite { get; set; }

        /// <inheritdoc />
        public int GetLength(string name)
        {
            string path = PathOf(name);
            ThrowIfDead();
            return File.Exists(path) ? checked((int)new FileInfo(path).Length) : -1;
        }

        /// <inheritdoc />
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            string path = PathOf(name);
            ThrowIfDead();
            if (!File.Exists(path))
            {
                return 0;
            }

            using FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (position >= stream.Length)
            {
                return 0;
            }

            stream.Position = position;
            int total = 0;
            while (total < count)
            {
                int n = stream.Read(buffer, offset + total, count - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total;
        }

        /// <inheritdoc />
        public void Write(string name, int position, byte[] buffer, int offset, int count)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            ArgumentOutOfRangeException.ThrowIfNegative(position);
            string path = PathOf(name);
            ThrowIfDead();
            WriteCount++;
            int written = count;
            bool cut = CutAtWrite > 0 && WriteCount == CutAtWrite;
            if (cut)
            {
#pragma warning disable CA5394
                written = count == 0 ? 0 : _random.Next(0, count);
#pragma warning restore CA5394
            }

            using (FileStream stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read))
            {
                if (stream.Length < position)
                {
                    stream.SetLength(position);
                }

                stream.Position = position;
                stream.Write(buffer, offset, written);
                stream.Flush(true);
            }

            if (cut)
            {
                Die();
            }
        }

        /// <inheritdoc />
        public void Delete(string name)
        {
            string path = PathOf(name);
            ThrowIfDead();
            WriteCount++;
            bool cut = CutAtWrite > 0 && WriteCount == CutAtWrite;
#pragma warning disable CA5394
            if (!cut || _random.Next(2) == 0)
#pragma warning restore CA5394
            {
                File.Delete(path);
            }

            if (cut)
            {
                Die();
            }
        }

        private void Die()
        {
            _dead = true;
            throw new PowerCutException(WriteCount);
        }

        private void ThrowIfDead()
        {
            if (_dead)
            {
                throw new PowerCutException(WriteCount);
            }
        }

        private string PathOf(string name)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            foreach (char c in name)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-' || c == '_'))
                {
                    throw new ArgumentException("Blob names are ASCII letters, digits, '.', '-' and '_': " + name, nameof(name));
                }
            }

            return Path.Combine(_directory, name);
        }
    }
}
