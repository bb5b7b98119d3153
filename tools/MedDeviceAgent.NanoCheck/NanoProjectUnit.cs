using System.Collections.Generic;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>One .nfproj of a project closure: the assembly it builds, its own sources and its project references.</summary>
    public sealed class NanoProjectUnit
    {
        private readonly List<string> _sources = new List<string>();
        private readonly HashSet<string> _sourceSet = new HashSet<string>(System.StringComparer.Ordinal);
        private readonly List<string> _references = new List<string>();

        internal NanoProjectUnit(string projectPath, string assemblyName)
        {
            ProjectPath = projectPath;
            AssemblyName = assemblyName;
        }

        /// <summary>The .nfproj (full path).</summary>
        public string ProjectPath { get; }

        /// <summary>Its <c>AssemblyName</c> (the file name when the project sets none).</summary>
        public string AssemblyName { get; internal set; }

        /// <summary>Its own source files, in project order.</summary>
        public IReadOnlyList<string> SourceFiles => _sources;

        /// <summary>Assembly names of the projects it references.</summary>
        public IReadOnlyList<string> References => _references;

        internal void AddSource(string file)
        {
            if (_sourceSet.Add(file))
            {
                _sources.Add(file);
            }
        }

        internal void RemoveSource(string file)
        {
            if (_sourceSet.Remove(file))
            {
                _sources.Remove(file);
            }
        }

        internal void AddReference(string assemblyName)
        {
            if (!_references.Contains(assemblyName))
            {
                _references.Add(assemblyName);
            }
        }
    }
}
