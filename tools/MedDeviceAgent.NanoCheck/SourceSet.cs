using System.Collections.Generic;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// The sources of one device assembly (one .nfproj), compiled on their own against the API stubs and the
    /// source sets they reference, as the device build compiles each project into its own assembly.
    /// </summary>
    public sealed class SourceSet
    {
        /// <summary>Creates a source set.</summary>
        /// <param name="assemblyName">The assembly name (matters for <c>internal</c> and InternalsVisibleTo).</param>
        /// <param name="sources">The sources of this assembly.</param>
        /// <param name="references">Assembly names of earlier source sets this one references.</param>
        public SourceSet(string assemblyName, IReadOnlyList<SourceFile> sources, IReadOnlyList<string> references)
        {
            AssemblyName = assemblyName;
            Sources = sources;
            References = references;
        }

        /// <summary>The assembly name.</summary>
        public string AssemblyName { get; }

        /// <summary>The sources.</summary>
        public IReadOnlyList<SourceFile> Sources { get; }

        /// <summary>Names of the source sets (earlier in the list) this one references.</summary>
        public IReadOnlyList<string> References { get; }
    }
}
