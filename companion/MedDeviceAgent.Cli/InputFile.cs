using System;
using System.IO;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.IO;

namespace MedDeviceAgent.Cli
{
    /// <summary>
    /// Input files of mda commands (payloads, packages, images, keys to read): one place that says
    /// precisely why a path cannot be read, an input error (exit 3) each: it does not exist, it is a
    /// directory, it is a FIFO or device (never opened: that could block or have side effects), or
    /// the system refused to read it.
    /// </summary>
    internal static class InputFile
    {
        /// <summary>Throws an input error unless <paramref name="path"/> is (or links to) a regular file.</summary>
        /// <param name="path">The path given on the command line.</param>
        /// <param name="what">What the file is, for the message ("payload", "package").</param>
        public static void RequireRegularFile(string path, string what)
        {
            PathKind kind;
            try
            {
                kind = PathProbe.OfTarget(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read " + what + " '" + path + "': " + e.Message, e);
            }

            if (kind == PathKind.Missing)
            {
                throw new CompanionException(CompanionErrorKind.InputError, what + " '" + path + "' does not exist");
            }

            if (kind != PathKind.RegularFile)
            {
                throw new CompanionException(CompanionErrorKind.InputError, what + " '" + path + "' is " + PathProbe.Describe(kind) + ", not a file");
            }
        }

        /// <summary>Reads the whole of a (small) input file.</summary>
        public static byte[] ReadAll(string path, string what)
        {
            RequireRegularFile(path, what);
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read " + what + " '" + path + "': " + e.Message, e);
            }
        }

        /// <summary>Opens an input file for streaming reads.</summary>
        public static FileStream Open(string path, string what, int bufferSize)
        {
            RequireRegularFile(path, what);
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read " + what + " '" + path + "': " + e.Message, e);
            }
        }
    }
}
