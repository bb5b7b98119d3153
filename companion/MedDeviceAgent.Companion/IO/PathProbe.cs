using System;
using System.IO;
using System.Runtime.InteropServices;

namespace MedDeviceAgent.Companion.IO
{
    /// <summary>
    /// Tells what a path names without opening it (opening a FIFO blocks, opening a device can have
    /// side effects): regular file, directory, symbolic link, FIFO, device or socket.
    /// </summary>
    /// <remarks>
    /// .NET has no public API for the Unix file type, so on Linux the probe calls <c>statx(2)</c>
    /// (glibc 2.28 or later, musl 1.2.5 or later), whose structure layout is the same on every
    /// architecture, with <c>AT_SYMLINK_NOFOLLOW</c>. Elsewhere (Windows, macOS) it falls back to the
    /// file attributes, which distinguish only missing, directory, symbolic link and file: there a
    /// FIFO or device reports as <see cref="PathKind.RegularFile"/>. One system call per probe; no
    /// allocation beyond a 256-byte buffer.
    /// </remarks>
    public static class PathProbe
    {
        private const int AtFdCwd = -100;
        private const int AtSymlinkNoFollow = 0x100;
        private const uint StatxType = 0x1;
        private const int StatxSize = 256;
        private const int StatxModeOffset = 28;
        private const int ENOENT = 2;
        private const int ENOTDIR = 20;
        private const int ENOSYS = 38;

        /// <summary>What <paramref name="path"/> names; a final symbolic link is reported as such, not followed.</summary>
        /// <exception cref="IOException">The path cannot be examined (for example a permission problem on a parent directory).</exception>
        public static PathKind Of(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            if (OperatingSystem.IsLinux())
            {
                PathKind? kind = Statx(path);
                if (kind.HasValue)
                {
                    return kind.Value;
                }
            }

            return FromAttributes(path);
        }

        /// <summary>
        /// What <paramref name="path"/> finally names: symbolic links are followed to their final target
        /// (<see cref="PathKind.Missing"/> for a dangling link).
        /// </summary>
        /// <exception cref="IOException">The path cannot be examined, or the links form a loop.</exception>
        public static PathKind OfTarget(string path)
        {
            PathKind kind = Of(path);
            if (kind != PathKind.SymbolicLink)
            {
                return kind;
            }

            FileSystemInfo? target = File.ResolveLinkTarget(path, returnFinalTarget: true);
            return target == null ? PathKind.Missing : Of(target.FullName);
        }

        /// <summary>A short phrase for messages: "a FIFO (named pipe)", "a directory", ...</summary>
        public static string Describe(PathKind kind)
        {
            switch (kind)
            {
                case PathKind.Missing: return "missing";
                case PathKind.RegularFile: return "a regular file";
                case PathKind.Directory: return "a directory";
                case PathKind.SymbolicLink: return "a symbolic link";
                case PathKind.Fifo: return "a FIFO (named pipe)";
                case PathKind.CharacterDevice: return "a character device";
                case PathKind.BlockDevice: return "a block device";
                case PathKind.Socket: return "a socket";
                default: return "not a regular file";
            }
        }

        private static PathKind FromAttributes(string path)
        {
            FileInfo info = new FileInfo(path);
            if (info.LinkTarget != null)
            {
                return PathKind.SymbolicLink;
            }

            if (Directory.Exists(path))
            {
                return PathKind.Directory;
            }

            return info.Exists ? PathKind.RegularFile : PathKind.Missing;
        }

        private static PathKind? Statx(string path)
        {
            byte[] buffer = new byte[StatxSize];
            int rc;
            try
            {
                rc = NativeMethods.Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer);
            }
            catch (EntryPointNotFoundException)
            {
                return null;
            }
            catch (DllNotFoundException)
            {
                return null;
            }

            if (rc != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == ENOENT || errno == ENOTDIR)
                {
                    return PathKind.Missing;
                }

                if (errno == ENOSYS)
                {
                    return null;
                }

                throw new IOException("cannot examine '" + path + "' (errno " + errno + ")");
            }

            int mode = BitConverter.ToUInt16(buffer, StatxModeOffset);
            switch (mode & 0xF000)
            {
                case 0x8000: return PathKind.RegularFile;
                case 0x4000: return PathKind.Directory;
                case 0xA000: return PathKind.SymbolicLink;
                case 0x1000: return PathKind.Fifo;
                case 0x2000: return PathKind.CharacterDevice;
                case 0x6000: return PathKind.BlockDevice;
                case 0xC000: return PathKind.Socket;
                default: return PathKind.Unknown;
            }
        }

        private static class NativeMethods
        {
            [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
            public static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
        }
    }
}
