using System;
using System.IO;

namespace MedDeviceAgent.Firmware.Core.Tests.Support
{
    /// <summary>Locates the repository root and the shared reference material beside it.</summary>
    internal static class RepoPaths
    {
        /// <summary>The folder holding MedDeviceAgent.sln.</summary>
        public static string Root { get; } = FindRoot();

        /// <summary>The reference material folder beside the repository (../shared).</summary>
        public static string SharedMaterial => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

        /// <summary>A Wycheproof vector file by name.</summary>
        public static string Wycheproof(string fileName) => Path.Combine(SharedMaterial, "vectors", "wycheproof", fileName);

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
