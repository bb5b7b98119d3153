using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// The mscorlib a check compiles against: the real assembly of the <c>nanoFramework.CoreLibrary</c> package
    /// when it is found in a NuGet package folder, otherwise declarations generated from <c>corelib-api.txt</c>.
    /// </summary>
    /// <remarks>
    /// The tool's own restore downloads the package (a <c>PackageDownload</c> of the version pinned by
    /// <c>NF_CoreLibrary_Version</c> in <c>nf.proj.props</c>) into the NuGet package folder, and the build bakes
    /// that folder and that version into the tool (<see cref="DefaultPackageRoot"/>, <see cref="DefaultVersion"/>).
    /// Two folder layouts are searched in each package root: the global packages folder
    /// (<c>nanoframework.corelibrary/1.17.11/lib/mscorlib.dll</c>) and the packages.config solution folder
    /// (<c>nanoFramework.CoreLibrary.1.17.11/lib/mscorlib.dll</c>). Where neither holds it, the check still runs
    /// against the generated declarations, which a test proves agree with the real assembly member by member,
    /// and says so (<see cref="MissingMessage"/>).
    /// </remarks>
    public sealed class CoreLibrary
    {
        /// <summary>The NuGet package id of mscorlib.</summary>
        public const string PackageId = "nanoFramework.CoreLibrary";

        /// <summary>The assembly file inside the package (<c>lib/</c>).</summary>
        public const string AssemblyFileName = "mscorlib.dll";

        private CoreLibrary(string version, string? assemblyPath, IReadOnlyList<string> searched)
        {
            Version = version;
            AssemblyPath = assemblyPath;
            SearchedPaths = searched;
        }

        /// <summary>The package version the tool was built to use (<c>NF_CoreLibrary_Version</c> in nf.proj.props).</summary>
        public static string DefaultVersion { get; } = Metadata("NanoCheck.CoreLibraryVersion") ?? string.Empty;

        /// <summary>The NuGet package folder the tool's restore downloaded the package into (empty when unknown).</summary>
        public static string DefaultPackageRoot { get; } = Metadata("NanoCheck.NuGetPackageRoot") ?? string.Empty;

        /// <summary>The package version looked for.</summary>
        public string Version { get; }

        /// <summary>The real <c>mscorlib.dll</c>; null when the package was not found.</summary>
        public string? AssemblyPath { get; }

        /// <summary>True when the check compiles against the real assembly.</summary>
        public bool IsReal => AssemblyPath != null;

        /// <summary>Every path looked at, in order (for messages).</summary>
        public IReadOnlyList<string> SearchedPaths { get; }

        /// <summary>What the check compiles mscorlib against, for the summary line.</summary>
        public string Description => IsReal
            ? "mscorlib from " + PackageId + " " + Version
            : SearchedPaths.Count == 0
                ? "mscorlib generated from " + ApiCatalog.CoreLibraryListFileName
                : "mscorlib generated from " + ApiCatalog.CoreLibraryListFileName + " (" + PackageId + " " + Version + " not found)";

        /// <summary>The warning for a check that looked for the real assembly and runs without it; null otherwise.</summary>
        public string? MissingMessage => IsReal || SearchedPaths.Count == 0
            ? null
            : PackageId + " " + Version + " was not found (looked for " + string.Join(", ", SearchedPaths)
                + "): mscorlib is checked against declarations generated from " + ApiCatalog.CoreLibraryListFileName
                + " instead. Restore the package with 'dotnet restore tools/MedDeviceAgent.NanoCheck' (it downloads it) or name its folder with --package-root.";

        /// <summary>
        /// Looks for the package: in <paramref name="packageRoot"/> only when given, else in the tool's restore folder,
        /// <c>$NUGET_PACKAGES</c> and <c>~/.nuget/packages</c>.
        /// </summary>
        /// <param name="packageRoot">A NuGet package folder (global-packages or packages.config layout), or null for the defaults.</param>
        /// <param name="version">The package version, or null for <see cref="DefaultVersion"/>.</param>
        /// <exception cref="NanoCheckInputException">No version is given and the tool was built without one.</exception>
        public static CoreLibrary Locate(string? packageRoot = null, string? version = null)
        {
            string wanted = string.IsNullOrWhiteSpace(version) ? DefaultVersion : version.Trim();
            if (wanted.Length == 0)
            {
                throw new NanoCheckInputException("no " + PackageId + " version known: the tool was built without NF_CoreLibrary_Version");
            }

            List<string> searched = new List<string>();
            foreach (string root in Roots(packageRoot))
            {
                foreach (string candidate in new[]
                {
                    Path.Combine(root, PackageId.ToLowerInvariant(), wanted.ToLowerInvariant(), "lib", AssemblyFileName),
                    Path.Combine(root, PackageId + "." + wanted, "lib", AssemblyFileName),
                })
                {
                    string full = Path.GetFullPath(candidate);
                    if (searched.Contains(full, StringComparer.Ordinal))
                    {
                        continue;
                    }

                    searched.Add(full);
                    if (File.Exists(full))
                    {
                        return new CoreLibrary(wanted, full, searched);
                    }
                }
            }

            return new CoreLibrary(wanted, null, searched);
        }

        /// <summary>The generated declarations only, never the real assembly (for comparisons and tests).</summary>
        /// <param name="version">The version named in messages, or null for <see cref="DefaultVersion"/>.</param>
        public static CoreLibrary GeneratedOnly(string? version = null)
        {
            return new CoreLibrary(string.IsNullOrWhiteSpace(version) ? DefaultVersion : version, null, Array.Empty<string>());
        }

        private static IEnumerable<string> Roots(string? packageRoot)
        {
            if (!string.IsNullOrWhiteSpace(packageRoot))
            {
                yield return packageRoot;
                yield break;
            }

            if (DefaultPackageRoot.Length > 0)
            {
                yield return DefaultPackageRoot;
            }

            string? environment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (!string.IsNullOrWhiteSpace(environment))
            {
                yield return environment;
            }

            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (home.Length > 0)
            {
                yield return Path.Combine(home, ".nuget", "packages");
            }
        }

        private static string? Metadata(string key)
        {
            return typeof(CoreLibrary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Where(a => a.Key == key)
                .Select(a => a.Value)
                .FirstOrDefault();
        }
    }
}
