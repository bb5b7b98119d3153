using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// What a device build of an .nfproj compiles: its sources (own <c>Compile</c> items, imported
    /// <c>.projitems</c>, and recursively those of its .nfproj <c>ProjectReference</c>s), the nanoFramework
    /// packages it references (<c>packages.config</c> and <c>Reference</c> HintPaths), its language version and symbols.
    /// </summary>
    /// <remarks>
    /// A deliberately small MSBuild reader: conditions are ignored (every item counts), and only
    /// <c>$(MSBuildThisFileDirectory)</c> and <c>$(MSBuildProjectDirectory)</c> are expanded in item paths.
    /// </remarks>
    public sealed class NanoProject
    {
        private static readonly Regex PropertyPattern = new Regex(@"\$\(([^)]*)\)", RegexOptions.CultureInvariant);
        private static readonly Regex VersionSuffix = new Regex(@"\.(\$\([^)]*\)|\d+(\.\d+)*(-[0-9A-Za-z.\-]+)?)$", RegexOptions.CultureInvariant);

        private readonly List<NanoProjectUnit> _units = new List<NanoProjectUnit>();
        private readonly Dictionary<string, NanoProjectUnit> _unitsByPath = new Dictionary<string, NanoProjectUnit>(StringComparer.Ordinal);
        private readonly SortedSet<string> _packages = new SortedSet<string>(StringComparer.Ordinal);
        private readonly SortedDictionary<string, string> _versions = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _inputs = new List<string>();
        private readonly HashSet<string> _visited = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<string> _defines = new List<string>();

        private NanoProject(string path)
        {
            ProjectPath = path;
        }

        /// <summary>The root .nfproj (full path).</summary>
        public string ProjectPath { get; }

        /// <summary>Every source file of the closure, referenced projects first.</summary>
        public IReadOnlyList<string> SourceFiles => _units.SelectMany(u => u.SourceFiles).Distinct(StringComparer.Ordinal).ToList();

        /// <summary>The projects of the closure, each referenced project before the projects that reference it.</summary>
        public IReadOnlyList<NanoProjectUnit> Units => _units;

        /// <summary>The nanoFramework package ids referenced anywhere in the project closure.</summary>
        public IReadOnlyCollection<string> Packages => _packages;

        /// <summary>The version each package is pinned to by the closure's <c>packages.config</c> files (id compared ignoring case).</summary>
        public IReadOnlyDictionary<string, string> PackageVersions => _versions;

        /// <summary>The C# language version (the last <c>LangVersion</c> of the root project and its imports).</summary>
        public string LanguageVersion { get; private set; } = NanoChecker.DefaultLanguageVersion;

        /// <summary>The root project's <c>DefineConstants</c>.</summary>
        public IReadOnlyList<string> Defines => _defines;

        /// <summary>
        /// Files and wildcard patterns the result depends on (for incremental builds): every file read, and each
        /// wildcard pattern followed by the files it matched, so that an added or removed match can be noticed.
        /// </summary>
        public IReadOnlyList<string> Inputs => _inputs;

        /// <summary>Reads <paramref name="nfprojPath"/> and its references.</summary>
        /// <exception cref="NanoCheckInputException">A project cannot be read or names something that cannot be resolved.</exception>
        public static NanoProject Load(string nfprojPath)
        {
            string full = Path.GetFullPath(nfprojPath);
            if (!File.Exists(full))
            {
                throw new NanoCheckInputException("project not found: " + nfprojPath);
            }

            NanoProject project = new NanoProject(full);
            project.ReadProject(full, isRoot: true);
            return project;
        }

        /// <summary>Reads the sources of every project of the closure, one <see cref="SourceSet"/> per project, referenced projects first.</summary>
        public IReadOnlyList<SourceSet> ReadSourceSets()
        {
            return _units
                .Select(u => new SourceSet(
                    u.AssemblyName,
                    u.SourceFiles.Select(f => new SourceFile(f, File.ReadAllText(f))).ToList(),
                    u.References))
                .ToList();
        }

        /// <summary>The package id a <c>Reference</c> resolves to, from its HintPath (<c>...\&lt;id&gt;.&lt;version&gt;\lib\x.dll</c>) or its name.</summary>
        public static string PackageIdOf(string referenceName, string? hintPath)
        {
            if (!string.IsNullOrEmpty(hintPath))
            {
                string[] segments = hintPath.Replace('\\', '/').Split('/');
                int lib = Array.FindLastIndex(segments, s => string.Equals(s, "lib", StringComparison.OrdinalIgnoreCase));
                if (lib > 0)
                {
                    // "$(NFPackagesDir)nanoFramework.X.$(NF_X_Version)" or "nanoFramework.X.1.2.3": drop the folder property and the version.
                    string folder = segments[lib - 1];
                    if (folder.StartsWith("$(", StringComparison.Ordinal))
                    {
                        int close = folder.IndexOf(')', StringComparison.Ordinal);
                        folder = close > 0 ? folder.Substring(close + 1) : folder;
                    }

                    folder = VersionSuffix.Replace(folder, string.Empty);
                    if (folder.Length > 0)
                    {
                        return folder;
                    }
                }
            }

            if (string.Equals(referenceName, "mscorlib", StringComparison.OrdinalIgnoreCase))
            {
                return ApiCatalog.CoreLibraryPackage;
            }

            return referenceName.StartsWith("nanoFramework.", StringComparison.Ordinal) ? referenceName : "nanoFramework." + referenceName;
        }

        private NanoProjectUnit ReadProject(string path, bool isRoot)
        {
            if (_unitsByPath.TryGetValue(path, out NanoProjectUnit? known))
            {
                return known;
            }

            if (!_visited.Add(path))
            {
                throw new NanoCheckInputException(ProjectPath + ": project references form a cycle through " + path);
            }

            _inputs.Add(path);
            XDocument document = LoadXml(path);
            string directory = Path.GetDirectoryName(path)!;
            NanoProjectUnit unit = new NanoProjectUnit(path, Path.GetFileNameWithoutExtension(path));
            foreach (XElement element in document.Root!.Elements())
            {
                switch (element.Name.LocalName)
                {
                    case "PropertyGroup":
                        ReadProperties(element, unit, isRoot);
                        break;
                    case "Import":
                        ReadImport(element, directory, unit, isRoot);
                        break;
                    case "ItemGroup":
                        ReadItems(element, directory, directory, unit);
                        break;
                }
            }

            string packagesConfig = Path.Combine(directory, "packages.config");
            if (File.Exists(packagesConfig))
            {
                _inputs.Add(packagesConfig);
                foreach (XElement package in LoadXml(packagesConfig).Descendants().Where(e => e.Name.LocalName == "package"))
                {
                    string? id = (string?)package.Attribute("id");
                    if (string.IsNullOrWhiteSpace(id))
                    {
                        continue;
                    }

                    _packages.Add(id.Trim());
                    string? version = ((string?)package.Attribute("version"))?.Trim();
                    if (string.IsNullOrEmpty(version))
                    {
                        continue;
                    }

                    if (_versions.TryGetValue(id.Trim(), out string? pinned) && !string.Equals(pinned, version, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new NanoCheckInputException(ProjectPath + ": the project closure pins " + id.Trim() + " to both " + pinned + " and " + version + " (" + packagesConfig + ")");
                    }

                    _versions[id.Trim()] = version;
                }
            }

            _unitsByPath.Add(path, unit);
            _units.Add(unit);
            return unit;
        }

        private void ReadProperties(XElement group, NanoProjectUnit unit, bool isRoot)
        {
            foreach (XElement property in group.Elements())
            {
                string value = property.Value.Trim();
                if (property.Name.LocalName == "AssemblyName" && value.Length > 0 && !value.Contains("$(", StringComparison.Ordinal))
                {
                    unit.AssemblyName = value;
                }
                else if (!isRoot)
                {
                    continue;
                }
                else if (property.Name.LocalName == "LangVersion" && value.Length > 0 && !value.Contains("$(", StringComparison.Ordinal))
                {
                    LanguageVersion = value;
                }
                else if (property.Name.LocalName == "DefineConstants")
                {
                    _defines.Clear();
                    _defines.AddRange(value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Where(d => !d.Contains("$(", StringComparison.Ordinal)));
                }
            }
        }

        private void ReadImport(XElement import, string directory, NanoProjectUnit unit, bool isRoot)
        {
            string? project = (string?)import.Attribute("Project");
            if (string.IsNullOrWhiteSpace(project))
            {
                return;
            }

            string? expanded = Expand(project, directory, directory);
            if (expanded == null)
            {
                return; // e.g. the nanoFramework project system's own targets, imported only where installed
            }

            string full = Path.GetFullPath(Path.Combine(directory, expanded));
            if (!File.Exists(full))
            {
                if (full.EndsWith(".projitems", StringComparison.OrdinalIgnoreCase))
                {
                    throw new NanoCheckInputException(ProjectPath + ": imported shared project not found: " + full);
                }

                return;
            }

            _inputs.Add(full);
            XDocument document = LoadXml(full);
            string importDirectory = Path.GetDirectoryName(full)!;
            foreach (XElement element in document.Root!.Elements())
            {
                if (element.Name.LocalName == "ItemGroup")
                {
                    ReadItems(element, importDirectory, directory, unit);
                }
                else if (element.Name.LocalName == "PropertyGroup")
                {
                    ReadProperties(element, unit, isRoot);
                }
            }
        }

        private void ReadItems(XElement group, string thisFileDirectory, string projectDirectory, NanoProjectUnit unit)
        {
            foreach (XElement item in group.Elements())
            {
                string? include = (string?)item.Attribute("Include");
                string? remove = (string?)item.Attribute("Remove");
                switch (item.Name.LocalName)
                {
                    case "Compile" when include != null:
                        AddSources(unit, include, (string?)item.Attribute("Exclude"), thisFileDirectory, projectDirectory);
                        break;
                    case "Compile" when remove != null:
                        RemoveSources(unit, remove, thisFileDirectory, projectDirectory);
                        break;
                    case "Reference" when include != null:
                        string? hintPath = item.Elements().FirstOrDefault(e => e.Name.LocalName == "HintPath")?.Value.Trim();
                        string name = include.Split(',')[0].Trim();
                        _packages.Add(PackageIdOf(name, hintPath));
                        break;
                    case "ProjectReference" when include != null:
                        string referenced = Path.GetFullPath(Path.Combine(thisFileDirectory, Normalize(include)));
                        if (!referenced.EndsWith(".nfproj", StringComparison.OrdinalIgnoreCase))
                        {
                            throw new NanoCheckInputException(ProjectPath + ": only .nfproj project references can be checked: " + include);
                        }

                        if (!File.Exists(referenced))
                        {
                            throw new NanoCheckInputException(ProjectPath + ": referenced project not found: " + referenced);
                        }

                        unit.AddReference(ReadProject(referenced, isRoot: false).AssemblyName);
                        break;
                }
            }
        }

        private void AddSources(NanoProjectUnit unit, string include, string? exclude, string thisFileDirectory, string projectDirectory)
        {
            HashSet<string> excluded = new HashSet<string>(Resolve(exclude, thisFileDirectory, projectDirectory, recordInputs: false), StringComparer.Ordinal);
            foreach (string file in Resolve(include, thisFileDirectory, projectDirectory, recordInputs: true))
            {
                if (!excluded.Contains(file))
                {
                    unit.AddSource(file);
                }
            }
        }

        private void RemoveSources(NanoProjectUnit unit, string remove, string thisFileDirectory, string projectDirectory)
        {
            foreach (string file in Resolve(remove, thisFileDirectory, projectDirectory, recordInputs: false))
            {
                unit.RemoveSource(file);
            }
        }

        private IEnumerable<string> Resolve(string? spec, string thisFileDirectory, string projectDirectory, bool recordInputs)
        {
            if (string.IsNullOrWhiteSpace(spec))
            {
                yield break;
            }

            foreach (string part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string? expanded = Expand(part, thisFileDirectory, projectDirectory);
                if (expanded == null)
                {
                    throw new NanoCheckInputException(ProjectPath + ": cannot evaluate item path '" + part + "' (only $(MSBuildThisFileDirectory) and $(MSBuildProjectDirectory) are supported)");
                }

                string pattern = Path.IsPathRooted(expanded) ? expanded : Path.Combine(thisFileDirectory, expanded);
                if (SourceGlob.HasWildcard(pattern))
                {
                    string normalized = pattern.Replace('\\', '/');
                    if (recordInputs)
                    {
                        _inputs.Add(normalized);
                    }

                    foreach (string file in SourceGlob.Expand(normalized))
                    {
                        if (recordInputs)
                        {
                            _inputs.Add(file);
                        }

                        yield return file;
                    }
                }
                else
                {
                    string file = Path.GetFullPath(pattern);
                    if (recordInputs)
                    {
                        if (!File.Exists(file))
                        {
                            throw new NanoCheckInputException(ProjectPath + ": source file not found: " + file);
                        }

                        _inputs.Add(file);
                    }

                    yield return file;
                }
            }
        }

        /// <summary>Expands the supported properties and normalises separators; null when another property remains.</summary>
        private static string? Expand(string value, string thisFileDirectory, string projectDirectory)
        {
            bool unknown = false;
            string expanded = PropertyPattern.Replace(value, match =>
            {
                switch (match.Groups[1].Value)
                {
                    case "MSBuildThisFileDirectory":
                        return thisFileDirectory.TrimEnd('/', '\\') + "/";
                    case "MSBuildProjectDirectory":
                        return projectDirectory.TrimEnd('/', '\\');
                    default:
                        unknown = true;
                        return match.Value;
                }
            });
            return unknown ? null : Normalize(expanded);
        }

        private static string Normalize(string path) => path.Replace('\\', '/');

        private static XDocument LoadXml(string path)
        {
            try
            {
                return XDocument.Load(path);
            }
            catch (XmlException ex)
            {
                throw new NanoCheckInputException("cannot read " + path + ": " + ex.Message, ex);
            }
            catch (IOException ex)
            {
                throw new NanoCheckInputException("cannot read " + path + ": " + ex.Message, ex);
            }
        }
    }
}
