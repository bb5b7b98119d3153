using System;
using System.IO;
using System.Security.Cryptography;

namespace MedDeviceAgent.Companion.IO
{
    /// <summary>
    /// Writes files so that a reader sees either the old content or the complete new content, never
    /// a half-written file: the content goes to a temporary file in the same directory (created with
    /// its final permissions), is flushed to disk, and is then renamed over the destination.
    /// </summary>
    /// <remarks>
    /// The rename is atomic on POSIX file systems when source and destination share a directory. On
    /// any failure the temporary file is deleted and a <see cref="CompanionException"/> of kind
    /// <see cref="CompanionErrorKind.OutputError"/> is thrown; the destination is untouched.
    /// </remarks>
    public static class AtomicFile
    {
        /// <summary>Owner read/write only (0600): private key files.</summary>
        public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        /// <summary>Owner read/write, everyone read (0644): public material.</summary>
        public const UnixFileMode PublicFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

        /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
        public static void WriteAllBytes(string path, byte[] content, UnixFileMode mode)
        {
            Write(path, mode, stream => stream.Write(content, 0, content.Length));
        }

        /// <summary>
        /// Creates the temporary file, lets <paramref name="writeContent"/> fill it, then commits it.
        /// Exceptions thrown by <paramref name="writeContent"/> that are <see cref="CompanionException"/>
        /// pass through unchanged (after clean-up); I/O failures become output errors.
        /// </summary>
        public static void Write(string path, UnixFileMode mode, Action<Stream> writeContent)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? ".";
            string tempPath = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + ".tmp");
            bool committed = false;
            try
            {
                FileStreamOptions options = new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    BufferSize = 64 * 1024,
                };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = mode;
                }

                using (FileStream stream = new FileStream(tempPath, options))
                {
                    writeContent(stream);
                    stream.Flush(flushToDisk: true);
                }

                File.Move(tempPath, fullPath, overwrite: true);
                committed = true;
            }
            catch (IOException e)
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot write '" + path + "': " + e.Message, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot write '" + path + "': " + e.Message, e);
            }
            finally
            {
                if (!committed)
                {
                    TryDelete(tempPath);
                }
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Best effort: the temporary file may never have been created.
            }
            catch (UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }
}
