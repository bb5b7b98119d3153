using System;
using System.IO;

namespace MedDeviceAgent.NanoCheck.Tests.Support
{
    /// <summary>Locates the repository root (the folder holding MedDeviceAgent.sln) and the API lists beside it.</summary>
    internal static class RepoPaths
    {
        /// <summary>The repository root.</summary>
        public static string Root { get; } = FindRoot();

        /// <summary>The nanoFramework API lists (../shared/nanoframework-api from the root).</summary>
        public static string ApiDir => Path.GetFullPath(Path.Combine(Root, "..", "shared", "nanoframework-api"));

        /// <summary>A path below the root, given with forward slashes.</summary>
        public static string Combine(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

        private static string FindRoot()
        {
            for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "MedDeviceAgent.sln")))
                {
                    return dir;
                }
            }

            throw new InvalidOperationException("MedDeviceAgent.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
