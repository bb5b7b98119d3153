using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Win32.SafeHandles;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>
    /// <see cref="IStorage"/> on a host directory, one file per blob. Power cuts are not modelled
    /// here: the tests wrap it in a fault-injecting decorator (tests/MedDeviceAgent.TestSupport).
    /// </summary>
    /// <remarks>
    /// Each write goes through to the operating system before the call returns (it is not synced to
    /// the disk: the virtual device models power cuts of the device, not of the host). File handles
    /// are kept open per blob so that a block write or read allocates nothing: staging a 64 MiB
    /// image does not grow the host process.
    /// </remarks>
    public sealed class FileStorage : IStorage, IDisposable
    {
        private readonly string _directory;
        private readonly Dictionary<string, SafeFileHandle> _handles = new Dictionary<string, SafeFileHandle>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _paths = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Opens (creating if needed) the storage directory.</summary>
        /// <param name="directory">Host folder holding the blobs.</param>
        public FileStorage(string directory)
        {
            ArgumentException.ThrowIfNullOrEmpty(directory);
            _directory = directory;
            Directory.CreateDirectory(directory);
        }

        /// <summary>The host folder.</summary>
        public string DirectoryPath => _directory;

        /// <inheritdoc />
        public int GetLength(string name)
        {
            SafeFileHandle? handle = Open(name, false);
            return handle == null ? -1 : checked((int)RandomAccess.GetLength(handle));
        }

        /// <inheritdoc />
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            SafeFileHandle? handle = Open(name, false);
            if (handle == null)
            {
                return 0;
            }

            long length = RandomAccess.GetLength(handle);
            int total = 0;
            while (total < count && position + total < length)
            {
                int n = RandomAccess.Read(handle, buffer.AsSpan(offset + total, count - total), position + total);
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
            SafeFileHandle handle = Open(name, true)!;
            if (RandomAccess.GetLength(handle) < position)
            {
                RandomAccess.SetLength(handle, position);
            }

            RandomAccess.Write(handle, new ReadOnlySpan<byte>(buffer, offset, count), position);
        }

        /// <inheritdoc />
        public void Delete(string name)
        {
            string path = PathOf(name);
            if (_handles.Remove(name, out SafeFileHandle? handle))
            {
                handle.Dispose();
            }

            File.Delete(path);
        }

        /// <summary>Closes the open files.</summary>
        public void Dispose()
        {
            foreach (SafeFileHandle handle in _handles.Values)
            {
                handle.Dispose();
            }

            _handles.Clear();
        }

        private SafeFileHandle? Open(string name, bool create)
        {
            if (_handles.TryGetValue(name, out SafeFileHandle? handle))
            {
                return handle;
            }

            string path = PathOf(name);
            if (!create && !File.Exists(path))
            {
                return null;
            }

            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            _handles[name] = handle;
            return handle;
        }

        private string PathOf(string name)
        {
            if (_paths.TryGetValue(name, out string? path))
            {
                return path;
            }

            ArgumentException.ThrowIfNullOrEmpty(name);
            foreach (char c in name)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-' || c == '_'))
                {
                    throw new ArgumentException("Blob names are ASCII letters, digits, '.', '-' and '_': " + name, nameof(name));
                }
            }

            path = Path.Combine(_directory, name);
            _paths[name] = path;
            return path;
        }
    }
}
