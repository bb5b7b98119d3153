using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// Declaration-only C# generated from API lists (<see cref="StubGenerator"/>), compiled as one reference assembly.
    /// </summary>
    /// <remarks>
    /// The stubs are a separate compilation referenced by the checked one, so errors inside the stubs never
    /// reach the checked sources and never stop the compiler from lowering them (lowering errors, such as a
    /// language feature needing a missing helper, are reported only for an error-free compilation).
    /// </remarks>
    internal static class StubAssembly
    {
        /// <summary>The name the core library's stubs are compiled under (what the device calls its core library).</summary>
        public const string CoreLibraryName = "mscorlib";

        /// <summary>The name the other packages' stubs are compiled under (one assembly for all of them).</summary>
        public const string PackagesName = "nanoFramework.GeneratedPackages";

        /// <summary>
        /// Compiles the declarations of <paramref name="catalog"/> as <paramref name="assemblyName"/> against
        /// <paramref name="references"/> (none for the core library itself, which then defines System.Object).
        /// </summary>
        public static CSharpCompilation Compile(string assemblyName, ApiCatalog catalog, IEnumerable<MetadataReference> references)
        {
            CSharpParseOptions parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None);
            List<SyntaxTree> trees = new List<SyntaxTree>();
            foreach (KeyValuePair<string, string> pair in StubGenerator.Generate(catalog))
            {
                string name = pair.Key.Length == 0 ? "global" : pair.Key;
                trees.Add(CSharpSyntaxTree.ParseText(pair.Value, parseOptions, "nanoFramework-stubs/" + assemblyName + "/" + name + ".cs"));
            }

            return CSharpCompilation.Create(
                assemblyName,
                trees,
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        }
    }
}
