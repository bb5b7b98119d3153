using System.Diagnostics;

namespace MedDeviceAgent.Companion.Tests.Support
{
    /// <summary>POSIX shell helpers for file types .NET cannot create or test (FIFOs), independent of the code under test.</summary>
    internal static class Posix
    {
        /// <summary>Creates a FIFO at <paramref name="path"/> with mkfifo(1).</summary>
        public static string MakeFifo(string path)
        {
            Assert.Equal(0, Shell("mkfifo", path));
            return path;
        }

        /// <summary>Creates a character device node with mknod(1); false when not permitted (not root).</summary>
        public static bool TryMakeCharacterDevice(string path, int major, int minor)
        {
            return Shell("mknod", path, "c", major.ToString(System.Globalization.CultureInfo.InvariantCulture), minor.ToString(System.Globalization.CultureInfo.InvariantCulture)) == 0;
        }

        /// <summary>True when <paramref name="path"/> is a FIFO (test -p).</summary>
        public static bool IsFifo(string path) => Shell("test", "-p", path) == 0;

        /// <summary>True when <paramref name="path"/> is a regular file, not followed through a link (test -f and not -L).</summary>
        public static bool IsRegularFile(string path) => Shell("test", "-f", path) == 0 && Shell("test", "-L", path) != 0;

        private static int Shell(string command, params string[] args)
        {
            ProcessStartInfo start = new ProcessStartInfo(command) { UseShellExecute = false, RedirectStandardError = true };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start)!;
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode;
        }
    }
}
