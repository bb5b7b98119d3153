using System;
using System.IO;

namespace MedDeviceAgent.VirtualDevice.Tests.Support
{
    /// <summary>Locates the repository root, for tests that read files of the repository itself.</summary>
    internal static class RepoPaths
    {
        /// <summary>The folder holding MedDeviceAgent.sln.</summary>
        public static string Root { get; } = FindRoot();

        /// <summary>hardware/boards/ in the repository.</summary>
        public static string BoardFiles => Path.Combine(Root, "hardware", "boards");

        private static string FindRoot()
        {
            string? dir = AppContext.BaseDirectory;
            while (dir != null)
            {
                if (File.Exists(Path.Combine(dir, "MedDeviceAgent.sln")))
                {
                    return dir;
                }

                dir = Path.GetDirectoryName(dir);
            }

            throw new InvalidOperationException("MedDeviceAgent.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
