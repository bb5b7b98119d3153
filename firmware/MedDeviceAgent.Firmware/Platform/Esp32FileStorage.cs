using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary>
    /// <see cref="IStorage"/> on the ESP32's internal flash (drive <c>I:</c>, littlefs): one file per blob.
    /// Every call opens the file, seeks, reads or writes and closes it: the close is what commits a write.
    /// </summary>
    /// <remarks>
    /// <para>Checked against System.IO.FileSystem 1.1.87 (FileStream.cs, NativeFileStream.cs at tag v1.1.87) and the
    /// ESP32 littlefs driver of nf-interpreter (targets/ESP32/_littlefs/littlefs_FS_Driver.cpp, stdio over the
    /// ESP-IDF littlefs VFS):</para>
    /// <list type="bullet">
    /// <item>Durability: <c>FileStream.Flush</c> reaches only <c>fflush</c> (the driver's Write already calls it);
    /// no managed call reaches <c>fsync</c>/<c>lfs_file_sync</c>. Data and the new file size are committed to flash
    /// by <c>fclose</c> (<c>lfs_file_close</c>), so a file is opened and closed per call: a handle kept open across
    /// calls would lose every write since its open at a power cut, and the IStorage promise (a returned write has
    /// reached the medium) would not hold. <c>Flush</c> is not called: it would add a native call and commit nothing.</item>
    /// <item>Writing past the end: littlefs zero-fills a gap itself when writing after a seek beyond the end
    /// (lfs_file_write), and <c>SetLength</c> to a larger size does the same one byte at a time
    /// (lfs_file_truncate). The core never leaves a gap (staging resumes at a checkpoint inside the file), so the
    /// common path is an append: one seek to the end, which also gives the length, then the write (reading
    /// <c>Length</c>, seeking to the position and flushing would cost two more native calls and six more stdio
    /// calls per block). A gap is still filled with zeros through <c>SetLength</c>, as the host storage does.</item>
    /// <item>Writing before the end is expensive on littlefs: a file is a copy-on-write skip-list, so a write at
    /// position p of a file of size s rewrites every block from p to s at the close (lfs_file_flush, "copy over
    /// anything after current branch") and needs that many free blocks meanwhile. A state record rewritten whole
    /// has no tail; staging must append into an erased (deleted) slot, and a resumed staging rewrites at most the
    /// checkpoint interval (the board's slot plan reserves those blocks, hardware/boards/).</item>
    /// </list>
    /// <para>Cost of one 4 KiB block write (an append). Managed: one Path.GetFullPath (it splits and rebuilds the
    /// path), an upper-cased copy and a FileRecord for the open-file list, a FileStream (with a finaliser) and its
    /// NativeFileStream: about 8 small objects of garbage per call, whatever this class caches. Native: 2 stat
    /// lookups of the littlefs metadata (NativeIO.GetAttributes in the FileStream constructor, stat in the driver's
    /// open), one fopen, 2 seek calls, one fwrite of 4 KiB through the littlefs file cache with its fflush, and
    /// one fclose that commits a metadata entry. Flash: 16 page programs (256 bytes each) of data, one 4 KiB sector
    /// erase whenever littlefs starts a new block (about once per block written; typically 45 ms, up to 400 ms on
    /// common SPI NOR parts), and one metadata commit (now and then a metadata compaction, which erases a
    /// metadata block). Expect tens of milliseconds per block, mostly the erase: staging the 89,956-byte slot of
    /// esp32-4mb takes about 22 erases. A block read costs File.Exists (one more path normalisation and stat),
    /// the open, the length and a seek, the read and the close: no erase, no commit. RAM: no buffers of this
    /// class's own; the native handle and the littlefs file cache (CONFIG_LITTLEFS_CACHE_SIZE, 512 bytes by default)
    /// while a call runs.</para>
    /// </remarks>
    internal sealed class Esp32FileStorage : IStorage
    {
        /// <summary>The internal flash drive.</summary>
        public const string DefaultRoot = "I:\\";

        private static readonly char[] PathSeparators = new char[] { '\\', '/', ':' };

        private readonly string _root;
        private readonly string[] _cachedNames = new string[8];
        private readonly string[] _cachedPaths = new string[8];
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
                // One seek to the end gives the length and positions an append (the staging case).
                long end = stream.Seek(0, SeekOrigin.End);
                if (position > end)
                {
                    // A gap reads as zeros, as on the host; littlefs writes them (the core never asks for one).
                    stream.SetLength(position);
                    stream.Seek(position, SeekOrigin.Begin);
                }
                else if (position < end)
                {
                    // In place: littlefs rewrites the rest of the file at the close (see remarks).
                    stream.Seek(position, SeekOrigin.Begin);
                }

                stream.Write(buffer, offset, count);
            }

            // Disposing closed the file: fclose is what commits the data and the size to flash.
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
            // The core uses a handful of names (state records, slots, boot slot): remember their paths so a
            // block write does not concatenate a new one (FileStream still normalises it: see remarks).
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
