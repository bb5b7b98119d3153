using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// The reference assembly the checked sources compile against: the declaration-only stubs generated from
    /// the API lists, compiled as the core library (it defines System.Object and references nothing).
    /// </summary>
    /// <remarks>
    /// The stubs are a separate compilation referenced by the checked one, so errors inside the stubs never
    /// reach the checked sources and never stop the compiler from lowering them (lowering errors, such as a
    /// language feature needing a missing helper, are reported only for an error-free compilation).
    /// Built once per API folder and package set, then shared.
    /// </remarks>
    internal sealed class StubAssembly
    {
        /// <summary>The stub assembly's name (what the device calls its core library).</summary>
        public const string AssemblyName = "mscorlib";

        private static readonly ConcurrentDictionary<string, Lazy<StubAssembly>> Cache = new ConcurrentDictionary<string, Lazy<StubAssembly>>(StringComparer.Ordinal);

        private StubAssembly(ApiCatalog catalog, CSharpCompilation compilation)
        {
            Catalog = catalog;
            Compilation = compilation;
            Reference = compilation.ToMetadataReference();
        }

        /// <summary>The lists this assembly declares.</summary>
        public ApiCatalog Catalog { get; }

        /// <summary>The stub compilation (its own diagnostics are irrelevant).</summary>
        public CSharpCompilation Compilation { get; }

        /// <summary>The reference handed to the checked compilation.</summary>
        public MetadataReference Reference { get; }

        /// <summary>Gets (building once) the stubs for <paramref name="packages"/> from <paramref name="apiDir"/>.</summary>
        /// <exception cref="NanoCheckInputException">A list is missing.</exception>
        public static StubAssembly Get(string apiDir, IEnumerable<string> packages)
        {
            List<string> sorted = packages.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(p => p, StringComparer.Ordinal).ToList();
            string key = System.IO.Path.GetFullPath(apiDir) + "|" + string.Join(";", sorted);
            Lazy<StubAssembly> lazy = Cache.GetOrAdd(key, _ => new Lazy<StubAssembly>(() => Build(apiDir, sorted)));
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

        private static StubAssembly Build(string apiDir, IReadOnlyList<string> packages)
        {
            ApiCatalog catalog = ApiCatalog.Load(apiDir, packages);
            CSharpParseOptions parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None);
            List<SyntaxTree> trees = new List<SyntaxTree>();
            foreach (KeyValuePair<string, string> pair in StubGenerator.Generate(catalog))
            {
                string name = pair.Key.Length == 0 ? "global" : pair.Key;
                trees.Add(CSharpSyntaxTree.ParseText(pair.Value, parseOptions, "nanoFramework-stubs/" + name + ".cs"));
            }

            CSharpCompilation compilation = CSharpCompilation.Create(
                AssemblyName,
                trees,
                references: null,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            return new StubAssembly(catalog, compilation);
        }
    }
}
