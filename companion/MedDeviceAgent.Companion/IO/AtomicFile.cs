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
    /// <para>The rename is atomic on POSIX file systems when source and destination share a directory. On
    /// any failure the temporary file is deleted and a <see cref="CompanionException"/> of kind
    /// <see cref="CompanionErrorKind.OutputError"/> is thrown; the destination is untouched.</para>
    /// <para>Only regular files are replaced. A destination that is a directory, FIFO, device or socket
    /// is refused before anything is written (a rename would otherwise swap a regular file in for
    /// <c>/dev/full</c> or a pipe). A symbolic link is written through: the file it finally points to
    /// (which must be a regular file or not exist yet) is replaced, next to itself, and the link stays.
    /// The destination is examined when the write starts and again just before the rename; a change
    /// between the second look and the rename is not detected (the window is one system call).</para>
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
            string fullPath = ResolveDestination(path);
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

                if (!string.Equals(ResolveDestination(path), fullPath, StringComparison.Ordinal))
                {
                    throw new CompanionException(CompanionErrorKind.OutputError, "cannot write '" + path + "': it changed while it was being written");
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

        /// <summary>
        /// The file the content will replace: <paramref name="path"/> itself, or the final target of
        /// the symbolic link it names. Throws an output error when that is not a regular file (or absent).
        /// </summary>
        private static string ResolveDestination(string path)
        {
            try
            {
                string fullPath = Path.GetFullPath(path);
                PathKind kind = PathProbe.Of(fullPath);
                string through = string.Empty;
                if (kind == PathKind.SymbolicLink)
                {
                    FileSystemInfo? target = File.ResolveLinkTarget(fullPath, returnFinalTarget: true);
                    if (target == null)
                    {
                        throw Refused(path, "the symbolic link cannot be followed");
                    }

                    fullPath = Path.GetFullPath(target.FullName);
                    kind = PathProbe.Of(fullPath);
                    through = " (the target of the symbolic link, '" + fullPath + "')";
                }

                if (kind != PathKind.Missing && kind != PathKind.RegularFile)
                {
                    throw Refused(path, "it is " + PathProbe.Describe(kind) + through + ", not a regular file; mda writes only regular files");
                }

                return fullPath;
            }
            catch (IOException e)
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot write '" + path + "': " + e.Message, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot write '" + path + "': " + e.Message, e);
            }
        }

        private static CompanionException Refused(string path, string reason)
        {
            return new CompanionException(CompanionErrorKind.OutputError, "cannot write '" + path + "': " + reason);
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
