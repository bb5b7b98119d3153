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

        private readonly List<string> _sources = new List<string>();
        private readonly HashSet<string> _sourceSet = new HashSet<string>(StringComparer.Ordinal);
        private readonly SortedSet<string> _packages = new SortedSet<string>(StringComparer.Ordinal);
        private readonly List<string> _inputs = new List<string>();
        private readonly HashSet<string> _visited = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<string> _defines = new List<string>();

        private NanoProject(string path)
        {
            ProjectPath = path;
        }

        /// <summary>The root .nfproj (full path).</summary>
        public string ProjectPath { get; }

        /// <summary>Every source file the device compile sees, in project order.</summary>
        public IReadOnlyList<string> SourceFiles => _sources;

        /// <summary>The nanoFramework package ids referenced anywhere in the project closure.</summary>
        public IReadOnlyCollection<string> Packages => _packages;

        /// <summary>The C# language version (the last <c>LangVersion</c> of the root project and its imports).</summary>
        public string LanguageVersion { get; private set; } = NanoChecker.DefaultLanguageVersion;

        /// <summary>The root project's <c>DefineConstants</c>.</summary>
        public IReadOnlyList<string> Defines => _defines;

        /// <summary>Files and wildcard patterns the result depends on (for incremental builds).</summary>
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

        private void ReadProject(string path, bool isRoot)
        {
            if (!_visited.Add(path))
            {
                return;
            }

            _inputs.Add(path);
            XDocument document = LoadXml(path);
            string directory = Path.GetDirectoryName(path)!;
            foreach (XElement element in document.Root!.Elements())
            {
                switch (element.Name.LocalName)
                {
                    case "PropertyGroup":
                        if (isRoot)
                        {
                            ReadProperties(element);
                        }

                        break;
                    case "Import":
                        ReadImport(element, directory, isRoot);
                        break;
                    case "ItemGroup":
                        ReadItems(element, directory, directory);
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
                    if (!string.IsNullOrWhiteSpace(id))
                    {
                        _packages.Add(id.Trim());
                    }
                }
            }
        }

        private void ReadProperties(XElement group)
        {
            foreach (XElement property in group.Elements())
            {
                string value = property.Value.Trim();
                if (property.Name.LocalName == "LangVersion" && value.Length > 0 && !value.Contains("$(", StringComparison.Ordinal))
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

        private void ReadImport(XElement import, string directory, bool isRoot)
        {
            string? project = (string?)import.Attribute("Project");
            if (string.IsNullOrWhiteSpace(project))
            {
                return;
            }

            string? expanded = Expand(project, directory, ProjectDirectory());
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
                    ReadItems(element, importDirectory, directory);
                }
                else if (element.Name.LocalName == "PropertyGroup" && isRoot)
                {
                    ReadProperties(element);
                }
            }
        }

        private void ReadItems(XElement group, string thisFileDirectory, string projectDirectory)
        {
            foreach (XElement item in group.Elements())
            {
                string? include = (string?)item.Attribute("Include");
                string? remove = (string?)item.Attribute("Remove");
                switch (item.Name.LocalName)
                {
                    case "Compile" when include != null:
                        AddSources(include, (string?)item.Attribute("Exclude"), thisFileDirectory, projectDirectory);
                        break;
                    case "Compile" when remove != null:
                        RemoveSources(remove, thisFileDirectory, projectDirectory);
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

                        ReadProject(referenced, isRoot: false);
                        break;
                }
            }
        }

        private void AddSources(string include, string? exclude, string thisFileDirectory, string projectDirectory)
        {
            HashSet<string> excluded = new HashSet<string>(Resolve(exclude, thisFileDirectory, projectDirectory, recordInputs: false), StringComparer.Ordinal);
            foreach (string file in Resolve(include, thisFileDirectory, projectDirectory, recordInputs: true))
            {
                if (!excluded.Contains(file) && _sourceSet.Add(file))
                {
                    _sources.Add(file);
                }
            }
        }

        private void RemoveSources(string remove, string thisFileDirectory, string projectDirectory)
        {
            foreach (string file in Resolve(remove, thisFileDirectory, projectDirectory, recordInputs: false))
            {
                if (_sourceSet.Remove(file))
                {
                    _sources.Remove(file);
                }
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

        private string ProjectDirectory() => Path.GetDirectoryName(ProjectPath)!;

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
