using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// The union of the stable 1.x API lists of a set of nanoFramework packages, with throwing stubs and
    /// generic declarations removed and the tool's corrections applied.
    /// </summary>
    /// <remarks>
    /// Corrections (embedded <c>ApiCorrections/&lt;list file&gt;</c>, same line format) replace the shared list's line
    /// with the same id, or add one: the shared lists are read-only data, and a difference found against a real
    /// assembly (CoreLibraryAgreementTests) is fixed there, with its reason beside it.
    /// </remarks>
    internal sealed class ApiCatalog
    {
        /// <summary>The package whose list is mscorlib.</summary>
        public const string CoreLibraryPackage = CoreLibrary.PackageId;

        /// <summary>The list file of mscorlib.</summary>
        public const string CoreLibraryListFileName = "corelib-api.txt";

        private readonly Dictionary<string, ApiEntry> _types = new Dictionary<string, ApiEntry>(StringComparer.Ordinal);
        private readonly Dictionary<string, List<ApiEntry>> _members = new Dictionary<string, List<ApiEntry>>(StringComparer.Ordinal);
        private readonly HashSet<string> _memberIds = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _stubbedIds = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<string> _files = new List<string>();

        private ApiCatalog(IReadOnlyList<string> packages)
        {
            Packages = packages;
        }

        /// <summary>The package ids this catalog covers, sorted.</summary>
        public IReadOnlyList<string> Packages { get; }

        /// <summary>The list files read.</summary>
        public IReadOnlyList<string> Files => _files;

        /// <summary>Usable type declarations by full name (no generic types).</summary>
        public IReadOnlyDictionary<string, ApiEntry> Types => _types;

        /// <summary>Ids of members the lists mark as throwing stubs (treated as absent).</summary>
        public IReadOnlySet<string> StubbedIds => _stubbedIds;

        /// <summary>Usable members of a type, in list order.</summary>
        public IReadOnlyList<ApiEntry> MembersOf(string typeName)
        {
            return _members.TryGetValue(typeName, out List<ApiEntry>? list) ? list : Array.Empty<ApiEntry>();
        }

        /// <summary>The list files (stable 1.x only) that describe <paramref name="packageId"/>.</summary>
        public static IReadOnlyList<string> ListFileNames(string packageId)
        {
            if (string.Equals(packageId, CoreLibraryPackage, StringComparison.OrdinalIgnoreCase))
            {
                return new[] { CoreLibraryListFileName };
            }

            if (string.Equals(packageId, "nanoFramework.M2Mqtt", StringComparison.OrdinalIgnoreCase))
            {
                // The M2Mqtt package ships both assemblies.
                return new[] { "api-nanoFramework.M2Mqtt.txt", "api-nanoFramework.M2Mqtt.Core.txt" };
            }

            return new[] { "api-" + packageId + ".txt" };
        }

        /// <summary>Loads the lists of <paramref name="packageIds"/> from <paramref name="apiDir"/>.</summary>
        /// <exception cref="NanoCheckInputException">The folder or a package's list is missing, or a preview list is asked for.</exception>
        public static ApiCatalog Load(string apiDir, IEnumerable<string> packageIds)
        {
            if (!Directory.Exists(apiDir))
            {
                throw new NanoCheckInputException("API list folder not found: " + apiDir);
            }

            List<string> packages = packageIds.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(p => p, StringComparer.Ordinal).ToList();
            ApiCatalog catalog = new ApiCatalog(packages);
            foreach (string package in packages)
            {
                if (package.Contains("preview", StringComparison.OrdinalIgnoreCase))
                {
                    throw new NanoCheckInputException("package '" + package + "': only the stable 1.x lists may be used, not the 2.0 preview lists");
                }

                foreach (string fileName in ListFileNames(package))
                {
                    string path = Path.Combine(apiDir, fileName);
                    if (!File.Exists(path))
                    {
                        throw new NanoCheckInputException("package '" + package + "' has no API list (" + path + "): the check cannot prove its use");
                    }

                    catalog.Read(path);
                }
            }

            return catalog;
        }

        /// <summary>The corrections the tool carries for list file <paramref name="fileName"/> (empty when none).</summary>
        public static IReadOnlyList<ApiEntry> CorrectionsFor(string fileName)
        {
            using Stream? stream = typeof(ApiCatalog).Assembly.GetManifestResourceStream("ApiCorrections/" + fileName);
            if (stream == null)
            {
                return Array.Empty<ApiEntry>();
            }

            using StreamReader reader = new StreamReader(stream);
            List<ApiEntry> entries = new List<ApiEntry>();
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                ApiEntry? entry = Parse(line, "ApiCorrections/" + fileName);
                if (entry != null)
                {
                    entries.Add(entry);
                }
            }

            return entries;
        }

        private static ApiEntry? Parse(string line, string sourceFile)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                return null;
            }

            string[] parts = line.Split('\t');
            if (parts.Length < 2 || parts[0].Length < 3 || parts[0][1] != ':')
            {
                return null;
            }

            return new ApiEntry(parts[0].Trim(), parts[1].Trim(), parts.Length > 2 ? parts[2].Trim() : string.Empty, sourceFile);
        }

        private void Read(string path)
        {
            _files.Add(path);
            string fileName = Path.GetFileName(path);
            Dictionary<string, ApiEntry> corrections = new Dictionary<string, ApiEntry>(StringComparer.Ordinal);
            foreach (ApiEntry correction in CorrectionsFor(fileName))
            {
                corrections[correction.Id] = correction;
            }

            foreach (string line in File.ReadLines(path))
            {
                ApiEntry? entry = Parse(line, fileName);
                if (entry == null)
                {
                    continue;
                }

                if (corrections.Remove(entry.Id, out ApiEntry? corrected))
                {
                    entry = corrected;
                }

                Add(entry);
            }

            foreach (ApiEntry added in corrections.Values)
            {
                Add(added);
            }
        }

        private void Add(ApiEntry entry)
        {
            if (entry.IsGeneric)
            {
                return;
            }

            if (entry.IsStub)
            {
                // A throwing stub in any list wins: the member is absent (fail closed).
                _stubbedIds.Add(entry.Id);
                if (_memberIds.Remove(entry.Id) && _members.TryGetValue(entry.ContainingTypeName, out List<ApiEntry>? list))
                {
                    list.RemoveAll(e => e.Id == entry.Id);
                }

                return;
            }

            if (entry.Kind == 'T')
            {
                _types.TryAdd(entry.Name, entry);
                return;
            }

            if (_stubbedIds.Contains(entry.Id) || !_memberIds.Add(entry.Id))
            {
                return;
            }

            string typeName = entry.ContainingTypeName;
            if (!_members.TryGetValue(typeName, out List<ApiEntry>? members))
            {
                members = new List<ApiEntry>();
                _members.Add(typeName, members);
            }

            members.Add(entry);
        }
    }
}
