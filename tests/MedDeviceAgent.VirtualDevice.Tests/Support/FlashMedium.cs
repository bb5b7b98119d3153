using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Support
{
    /// <summary>
    /// The flash a test device keeps across power cuts and reboots: in memory (one
    /// <see cref="MemoryStorage"/> for the whole test) or on files (a temporary directory, opened
    /// afresh by every <see cref="Mount"/> as a rebooted device remounts its file system). Tests wrap
    /// what <see cref="Mount"/> returns in the fault-injecting decorator; nothing here injects faults.
    /// </summary>
    public sealed class FlashMedium : IDisposable
    {
        /// <summary>Theory data value for in-memory flash.</summary>
        public const string MemoryKind = "memory";

        /// <summary>Theory data value for file-backed flash.</summary>
        public const string FileKind = "file";

        private readonly MemoryStorage? _memory;
        private readonly string? _directory;
        private FileStorage? _mounted;

        private FlashMedium(MemoryStorage? memory, string? directory)
        {
            _memory = memory;
            _directory = directory;
        }

        /// <summary><see cref="MemoryKind"/> or <see cref="FileKind"/>.</summary>
        public string Kind => _memory != null ? MemoryKind : FileKind;

        /// <summary>The host directory of file-backed flash (null for memory).</summary>
        public string? DirectoryPath => _directory;

        /// <summary>Creates a medium of <paramref name="kind"/>; memory blobs hold <paramref name="blobCapacity"/> bytes.</summary>
        public static FlashMedium Create(string kind, int blobCapacity)
        {
            return kind switch
            {
                MemoryKind => new FlashMedium(new MemoryStorage(blobCapacity), null),
                FileKind => new FlashMedium(null, Path.Combine(Path.GetTempPath(), "mda-flash-" + Guid.NewGuid().ToString("N"))),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "memory or file"),
            };
        }

        /// <summary>The storage over this medium after a (re)boot: memory keeps its blobs; files close the previous handles and reopen the directory.</summary>
        public IStorage Mount()
        {
            if (_memory != null)
            {
                return _memory;
            }

            _mounted?.Dispose();
            _mounted = new FileStorage(_directory!);
            return _mounted;
        }

        /// <summary>Closes the files and deletes the directory.</summary>
        public void Dispose()
        {
            _mounted?.Dispose();
            _mounted = null;
            if (_directory != null && Directory.Exists(_directory))
            {
                Directory.Delete(_directory, true);
            }
        }
    }
}
