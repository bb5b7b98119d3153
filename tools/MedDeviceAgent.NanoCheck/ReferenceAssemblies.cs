using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// What the checked sources compile against: mscorlib (the real assembly of nanoFramework.CoreLibrary, or
    /// declarations generated from its list when the package is absent) and, for every other referenced
    /// package, declarations generated from its list, compiled as one assembly against that mscorlib.
    /// </summary>
    /// <remarks>
    /// The lists stay authoritative for what an assembly cannot say: members whose body only throws
    /// (<see cref="StubbedIds"/>, also for the real mscorlib) and generic declarations the 1.x runtime does not run
    /// (dropped from the generated declarations; in the real mscorlib, <see cref="PortabilityRules"/> rejects
    /// their use). Built once per API folder, package set and mscorlib, then shared.
    /// </remarks>
    internal sealed class ReferenceAssemblies
    {
        private static readonly ConcurrentDictionary<string, Lazy<ReferenceAssemblies>> Cache = new ConcurrentDictionary<string, Lazy<ReferenceAssemblies>>(StringComparer.Ordinal);

        private ReferenceAssemblies(IReadOnlyList<string> packages, IReadOnlyList<string> listFiles, IReadOnlySet<string> stubbedIds, IReadOnlyList<MetadataReference> references)
        {
            Packages = packages;
            ListFiles = listFiles;
            StubbedIds = stubbedIds;
            References = references;
        }

        /// <summary>The package ids covered, sorted.</summary>
        public IReadOnlyList<string> Packages { get; }

        /// <summary>The API list files read (mscorlib's too: its stub flags apply to the real assembly).</summary>
        public IReadOnlyList<string> ListFiles { get; }

        /// <summary>Ids of members the lists mark as throwing stubs (treated as absent).</summary>
        public IReadOnlySet<string> StubbedIds { get; }

        /// <summary>The references handed to every checked compilation (mscorlib first).</summary>
        public IReadOnlyList<MetadataReference> References { get; }

        /// <summary>True for a symbol declared by one of these assemblies (not by the checked sources).</summary>
        public static bool IsLibrary(ISymbol symbol)
        {
            string? name = symbol.ContainingAssembly?.Name;
            return name == StubAssembly.CoreLibraryName || name == StubAssembly.PackagesName;
        }

        /// <summary>Gets (building once) the references for <paramref name="packages"/>.</summary>
        /// <exception cref="NanoCheckInputException">A list is missing, a preview list is asked for, or the real mscorlib cannot be read.</exception>
        public static ReferenceAssemblies Get(string apiDir, IEnumerable<string> packages, CoreLibrary coreLibrary)
        {
            ArgumentNullException.ThrowIfNull(coreLibrary);
            List<string> sorted = packages.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(p => p, StringComparer.Ordinal).ToList();
            string key = System.IO.Path.GetFullPath(apiDir) + "|" + string.Join(";", sorted) + "|" + (coreLibrary.AssemblyPath ?? "generated");
            Lazy<ReferenceAssemblies> lazy = Cache.GetOrAdd(key, _ => new Lazy<ReferenceAssemblies>(() => Build(apiDir, sorted, coreLibrary)));
            try
            {
                return lazy.Value;
            }
            catch (NanoCheckInputException)
            {
                Cache.TryRemove(key, out _);
                throw;
            }
        }

        private static ReferenceAssemblies Build(string apiDir, IReadOnlyList<string> packages, CoreLibrary coreLibrary)
        {
            List<string> others = packages.Where(p => !string.Equals(p, ApiCatalog.CoreLibraryPackage, StringComparison.OrdinalIgnoreCase)).ToList();
            ApiCatalog core = ApiCatalog.Load(apiDir, new[] { ApiCatalog.CoreLibraryPackage });
            ApiCatalog rest = ApiCatalog.Load(apiDir, others);

            MetadataReference mscorlib;
            if (coreLibrary.AssemblyPath != null)
            {
                try
                {
                    PortableExecutableReference real = MetadataReference.CreateFromFile(coreLibrary.AssemblyPath);
                    if (real.GetMetadata() is AssemblyMetadata metadata)
                    {
                        metadata.GetModules(); // read now: a damaged file is an input error, not a violation in the sources
                    }
                    mscorlib = real;
                }
                catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException or BadImageFormatException)
                {
                    throw new NanoCheckInputException("cannot read " + coreLibrary.AssemblyPath + ": " + ex.Message, ex);
                }
            }
            else
            {
                mscorlib = StubAssembly.Compile(StubAssembly.CoreLibraryName, core, Array.Empty<MetadataReference>()).ToMetadataReference();
            }

            List<MetadataReference> references = new List<MetadataReference> { mscorlib };
            if (others.Count > 0)
            {
                references.Add(StubAssembly.Compile(StubAssembly.PackagesName, rest, new[] { mscorlib }).ToMetadataReference());
            }

            HashSet<string> stubbed = new HashSet<string>(core.StubbedIds, StringComparer.Ordinal);
            stubbed.UnionWith(rest.StubbedIds);
            List<string> files = core.Files.Concat(rest.Files).ToList();
            List<string> all = core.Packages.Concat(rest.Packages).OrderBy(p => p, StringComparer.Ordinal).ToList();
            return new ReferenceAssemblies(all, files, stubbed, references);
        }
    }
}
