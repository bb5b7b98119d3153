using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>
    /// Compiles firmware sources against the nanoFramework 1.x assemblies only (the real mscorlib where its package is
    /// restored, declarations generated from the API lists for the rest; no desktop library at all) and reports every
    /// error the compiler raises in them, the portability rules' findings, and any generic the compiled assembly instantiates.
    /// </summary>
    public static class NanoChecker
    {
        /// <summary>The language version the device projects use when the project says nothing (nf.proj.props).</summary>
        public const string DefaultLanguageVersion = "12.0";

        /// <summary>The preprocessor symbol the nanoFramework build defines.</summary>
        public const string DeviceSymbol = "NANOFRAMEWORK_1_0";

        private const string CheckedAssemblyName = "MedDeviceAgent.NanoCheck.Sources";

        /// <summary>
        /// Checks <paramref name="sources"/>, compiled as one assembly, against mscorlib and the lists of the other
        /// <paramref name="packages"/> in <paramref name="apiDir"/>.
        /// </summary>
        /// <param name="sources">The C# sources compiled together.</param>
        /// <param name="apiDir">The folder holding the API lists.</param>
        /// <param name="packages">nanoFramework package ids; mscorlib and their lists form the available API.</param>
        /// <param name="languageVersion">C# language version, e.g. "12.0"; null for <see cref="DefaultLanguageVersion"/>.</param>
        /// <param name="defines">Extra preprocessor symbols (the device symbol is always defined).</param>
        /// <param name="projectPath">Where errors without a source location are reported; null for the first source.</param>
        /// <param name="coreLibrary">The mscorlib to compile against; null for <see cref="CoreLibrary.Locate"/> with its defaults.</param>
        /// <exception cref="NanoCheckInputException">A list is missing or the language version is unknown.</exception>
        public static CheckResult Check(
            IReadOnlyList<SourceFile> sources,
            string apiDir,
            IEnumerable<string> packages,
            string? languageVersion = null,
            IEnumerable<string>? defines = null,
            string? projectPath = null,
            CoreLibrary? coreLibrary = null)
        {
            ArgumentNullException.ThrowIfNull(sources);
            return Check(new[] { new SourceSet(CheckedAssemblyName, sources, Array.Empty<string>()) }, apiDir, packages, languageVersion, defines, projectPath, coreLibrary);
        }

        /// <summary>
        /// Checks several assemblies (referenced ones first), each compiled on its own against the stubs and the
        /// earlier sets it references, as the device build compiles a project and its project references.
        /// </summary>
        /// <exception cref="NanoCheckInputException">A list is missing, a reference is unknown or the language version is unknown.</exception>
        public static CheckResult Check(
            IReadOnlyList<SourceSet> sets,
            string apiDir,
            IEnumerable<string> packages,
            string? languageVersion = null,
            IEnumerable<string>? defines = null,
            string? projectPath = null,
            CoreLibrary? coreLibrary = null)
        {
            ArgumentNullException.ThrowIfNull(sets);
            CoreLibrary mscorlib = coreLibrary ?? CoreLibrary.Locate();
            ReferenceAssemblies stubs = ReferenceAssemblies.Get(apiDir, packages, mscorlib);
            if (!LanguageVersionFacts.TryParse(languageVersion ?? DefaultLanguageVersion, out LanguageVersion version))
            {
                throw new NanoCheckInputException("unknown C# language version '" + languageVersion + "'");
            }

            List<string> symbols = new List<string> { DeviceSymbol };
            if (defines != null)
            {
                symbols.AddRange(defines.Where(d => d.Length > 0));
            }

            CSharpParseOptions parseOptions = new CSharpParseOptions(version, DocumentationMode.Parse, SourceCodeKind.Regular, symbols.Distinct(StringComparer.Ordinal));
            CSharpCompilationOptions compilationOptions = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Disable,
                allowUnsafe: false,
                checkOverflow: false);

            Dictionary<string, CSharpCompilation> built = new Dictionary<string, CSharpCompilation>(StringComparer.Ordinal);
            Dictionary<string, HashSet<string>> closure = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            List<Violation> violations = new List<Violation>();
            HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
            string fallbackPath = projectPath ?? sets.SelectMany(s => s.Sources).Select(s => s.Path).FirstOrDefault() ?? "(sources)";
            int sourceCount = 0;
            foreach (SourceSet set in sets)
            {
                HashSet<string> referenced = new HashSet<string>(StringComparer.Ordinal);
                foreach (string name in set.References)
                {
                    if (!closure.TryGetValue(name, out HashSet<string>? indirect))
                    {
                        throw new NanoCheckInputException(set.AssemblyName + " references " + name + ", which is not checked before it");
                    }

                    referenced.Add(name);
                    referenced.UnionWith(indirect);
                }

                List<MetadataReference> references = new List<MetadataReference>(stubs.References);
                references.AddRange(referenced.OrderBy(n => n, StringComparer.Ordinal).Select(n => (MetadataReference)built[n].ToMetadataReference()));
                List<SyntaxTree> trees = set.Sources
                    .Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text), parseOptions, s.Path))
                    .ToList();
                CSharpCompilation compilation = CSharpCompilation.Create(set.AssemblyName, trees, references, compilationOptions);
                CheckCompilation(compilation, stubs, fallbackPath, violations, seen);
                built[set.AssemblyName] = compilation;
                closure[set.AssemblyName] = referenced;
                sourceCount += set.Sources.Count;
            }

            violations.Sort();
            return new CheckResult(violations, stubs.Packages, sourceCount, mscorlib);
        }

        private static void CheckCompilation(CSharpCompilation compilation, ReferenceAssemblies stubs, string fallbackPath, List<Violation> violations, HashSet<string> seen)
        {
            int before = violations.Count;
            Dictionary<SyntaxTree, IReadOnlyList<RuleHit>> hitsByTree = new Dictionary<SyntaxTree, IReadOnlyList<RuleHit>>();
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                IReadOnlyList<RuleHit> hits = PortabilityRules.Analyze(compilation.GetSemanticModel(tree), stubs.StubbedIds);
                hitsByTree.Add(tree, hits);
                foreach (RuleHit hit in hits)
                {
                    Add(ToViolation(hit.Location, hit.Message), violations, seen);
                }
            }

            // Emit, not GetDiagnostics: errors from lowering (a feature needing a helper the device lacks) appear only here.
            EmitResult emit;
            IReadOnlyList<string> generics = Array.Empty<string>();
            using (MemoryStream peStream = new MemoryStream())
            {
                emit = compilation.Emit(peStream, options: new EmitOptions(runtimeMetadataVersion: "v4.0.30319"));
                if (emit.Success)
                {
                    peStream.Position = 0;
                    generics = EmittedGenerics.Find(peStream);
                }
            }

            foreach (Diagnostic diagnostic in emit.Diagnostics)
            {
                if (diagnostic.Severity != DiagnosticSeverity.Error)
                {
                    continue;
                }

                string message = "nanoFramework 1.x: " + diagnostic.GetMessage(CultureInfo.InvariantCulture) + " (" + diagnostic.Id + ")";
                Location location = diagnostic.Location;
                if (location.IsInSource && location.SourceTree != null && hitsByTree.TryGetValue(location.SourceTree, out IReadOnlyList<RuleHit>? hits))
                {
                    if (!hits.Any(h => h.Covers.Contains(location.SourceSpan)))
                    {
                        Add(ToViolation(location, message), violations, seen);
                    }

                    // else: a rule already named the construct behind this error
                }
                else if (!location.IsInSource)
                {
                    Add(new Violation(fallbackPath, 1, 1, message + " [assembly " + compilation.AssemblyName + "]"), violations, seen);
                }
            }

            // The backstop: a generic the rules did not name (they name every one they know of, at its place).
            if (violations.Count == before)
            {
                foreach (string generic in generics)
                {
                    Add(new Violation(fallbackPath, 1, 1, "the compiled assembly instantiates the generic '" + generic + "', which nanoFramework 1.x does not run (no generics at runtime) [assembly " + compilation.AssemblyName + "]"), violations, seen);
                }
            }
        }

        private static void Add(Violation violation, List<Violation> violations, HashSet<string> seen)
        {
            if (seen.Add(violation.ToString()))
            {
                violations.Add(violation);
            }
        }

        private static Violation ToViolation(Location location, string message)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            return new Violation(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, message);
        }
    }
}
