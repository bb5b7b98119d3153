using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary>
    /// <see cref="IStorage"/> on the ESP32's internal flash (drive <c>I:</c>, littlefs): one file per blob.
    /// Every call opens the file, seeks, reads or writes, flushes and closes, so nothing is cached between calls.
    /// </summary>
    /// <remarks>
    /// RAM: no buffers of its own beyond the FileStream of the current call. Timing: one file open per call
    /// (a few milliseconds on littlefs). Power-cut safety is the core's job (A/B records): this adapter only
    /// promises that a returned <see cref="Write"/> has reached the medium.
    /// </remarks>
    internal sealed class Esp32FileStorage : IStorage
    {
        /// <summary>The internal flash drive.</summary>
        public const string DefaultRoot = "I:\\";

        private static readonly char[] PathSeparators = new char[] { '\\', '/', ':' };

        private readonly string _root;
        private readonly string[] _cachedNames = new string[4];
        private readonly string[] _cachedPaths = new string[4];
        private int _nextCacheSlot;

        /// <summary>Stores blobs in <paramref name="root"/> (a drive root or folder ending in a backslash).</summary>
        public Esp32FileStorage(string root)
        {
            if (root == null || root.Length == 0)
            {
                throw new ArgumentException("root");
            }

            _root = root;
        }

        /// <inheritdoc />
        public int GetLength(string name)
        {
            string path = PathOf(name);
            if (!File.Exists(path))
            {
                return -1;
            }

            return (int)new FileInfo(path).Length;
        }

        /// <inheritdoc />
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count, position);
            string path = PathOf(name);
            if (!File.Exists(path))
            {
                return 0;
            }

            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                if (position >= stream.Length)
                {
                    return 0;
                }

                stream.Seek(position, SeekOrigin.Begin);
                int total = 0;
                while (total < count)
                {
                    int read = stream.Read(buffer, offset + total, count - total);
                    if (read <= 0)
                    {
                        break;
                    }

                    total += read;
                }

                return total;
            }
        }

        /// <inheritdoc />
        public void Write(string name, int position, byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count, position);
            string path = PathOf(name);
            using (FileStream stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite))
            {
                if (stream.Length < position)
                {
                    stream.SetLength(position);
                }

                stream.Seek(position, SeekOrigin.Begin);
                stream.Write(buffer, offset, count);
                stream.Flush();
            }
        }

        /// <inheritdoc />
        public void Delete(string name)
        {
            string path = PathOf(name);
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        private string PathOf(string name)
        {
            // The core uses four names (two state records, two slots): remember their paths so a
            // staging block write does not allocate a new path string.
            for (int i = 0; i < _cachedNames.Length; i++)
            {
                if (_cachedNames[i] != null && _cachedNames[i] == name)
                {
                    return _cachedPaths[i];
                }
            }

            if (name == null || name.Length == 0 || name.IndexOfAny(PathSeparators) >= 0)
            {
                throw new ArgumentException("blob names are plain file names", "name");
            }

            string path = _root + name;
            _cachedNames[_nextCacheSlot] = name;
            _cachedPaths[_nextCacheSlot] = path;
            _nextCacheSlot = (_nextCacheSlot + 1) % _cachedNames.Length;
            return path;
        }

        private static void CheckRange(byte[] buffer, int offset, int count, int position)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || position < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
        }
    }
}
