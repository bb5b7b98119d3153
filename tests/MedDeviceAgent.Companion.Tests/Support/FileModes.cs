using System;
using System.IO;

namespace MedDeviceAgent.Companion.Tests.Support
{
    /// <summary>POSIX permission checks (the tool targets POSIX hosts; key files must be 0600).</summary>
    internal static class FileModes
    {
        public static UnixFileMode Of(string path)
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("POSIX file modes");
            }

            return File.Exists(path) ? File.GetUnixFileMode(path) : new DirectoryInfo(path).UnixFileMode;
        }
    }
}
