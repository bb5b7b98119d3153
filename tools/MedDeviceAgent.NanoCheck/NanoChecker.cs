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
    /// Compiles firmware sources against the nanoFramework 1.x declarations only (no desktop library at all)
    /// and reports every error the compiler raises in them, plus the portability rules' findings.
    /// </summary>
    public static class NanoChecker
    {
        /// <summary>The language version the device projects use when the project says nothing (nf.proj.props).</summary>
        public const string DefaultLanguageVersion = "12.0";

        /// <summary>The preprocessor symbol the nanoFramework build defines.</summary>
        public const string DeviceSymbol = "NANOFRAMEWORK_1_0";

        private const string CheckedAssemblyName = "MedDeviceAgent.NanoCheck.Sources";

        /// <summary>Checks <paramref name="sources"/> against the lists of <paramref name="packages"/> in <paramref name="apiDir"/>.</summary>
        /// <param name="sources">The C# sources compiled together (the device compile's source set).</param>
        /// <param name="apiDir">The folder holding the API lists.</param>
        /// <param name="packages">nanoFramework package ids; their lists form the available API.</param>
        /// <param name="languageVersion">C# language version, e.g. "12.0"; null for <see cref="DefaultLanguageVersion"/>.</param>
        /// <param name="defines">Extra preprocessor symbols (the device symbol is always defined).</param>
        /// <param name="projectPath">Where errors without a source location are reported; null for the first source.</param>
        /// <exception cref="NanoCheckInputException">A list is missing or the language version is unknown.</exception>
        public static CheckResult Check(
            IReadOnlyList<SourceFile> sources,
            string apiDir,
            IEnumerable<string> packages,
            string? languageVersion = null,
            IEnumerable<string>? defines = null,
            string? projectPath = null)
        {
            ArgumentNullException.ThrowIfNull(sources);
            StubAssembly stubs = StubAssembly.Get(apiDir, packages);
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
            List<SyntaxTree> trees = sources
                .Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text), parseOptions, s.Path))
                .ToList();

            CSharpCompilation compilation = CSharpCompilation.Create(
                CheckedAssemblyName,
                trees,
                new[] { stubs.Reference },
                new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Disable,
                    allowUnsafe: false,
                    checkOverflow: false));

            List<Violation> violations = new List<Violation>();
            Dictionary<SyntaxTree, IReadOnlyList<RuleHit>> hitsByTree = new Dictionary<SyntaxTree, IReadOnlyList<RuleHit>>();
            foreach (SyntaxTree tree in trees)
            {
                IReadOnlyList<RuleHit> hits = PortabilityRules.Analyze(compilation.GetSemanticModel(tree), stubs.Catalog.StubbedIds);
                hitsByTree.Add(tree, hits);
                violations.AddRange(hits.Select(h => ToViolation(h.Location, h.Message)));
            }

            // Emit, not GetDiagnostics: errors from lowering (a feature needing a helper the device lacks) appear only here.
            EmitResult emit;
            using (MemoryStream peStream = new MemoryStream())
            {
                emit = compilation.Emit(peStream, options: new EmitOptions(runtimeMetadataVersion: "v4.0.30319"));
            }

            string fallbackPath = projectPath ?? (sources.Count > 0 ? sources[0].Path : "(sources)");
            HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
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
                    if (hits.Any(h => h.Covers.Contains(location.SourceSpan)))
                    {
                        continue; // a rule already named the construct behind this error
                    }

                    Violation violation = ToViolation(location, message);
                    if (seen.Add(violation.ToString()))
                    {
                        violations.Add(violation);
                    }
                }
                else if (!location.IsInSource)
                {
                    violations.Add(new Violation(fallbackPath, 1, 1, message));
                }
            }

            violations.Sort();
            return new CheckResult(violations, stubs.Catalog.Packages, sources.Count);
        }

        private static Violation ToViolation(Location location, string message)
        {
            FileLinePositionSpan span = location.GetLineSpan();
            return new Violation(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, message);
        }
    }
}
