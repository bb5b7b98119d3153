using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MedDeviceAgent.NanoCheck.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>
    /// CS1591 (missing XML doc) for the device app (issue 6 item 9). The app has no net10.0 build for
    /// the compiler to enforce it in (its adapters use nanoFramework APIs), so this test compiles its
    /// sources, as its .nfproj lists them, with documentation diagnostics on and fails on every public
    /// member without docs (and every malformed doc comment). Binding errors against the desktop
    /// library are irrelevant to these diagnostics and ignored. The .nfproj itself asks the device
    /// build for the same (GenerateDocumentationFile, CS1591 as an error).
    /// </summary>
    public sealed class DeviceAppDocumentationTests
    {
        /// <summary>Documentation diagnostics this check enforces: missing docs, badly formed XML, param tags that do not match.</summary>
        private static readonly HashSet<string> DocIds = new HashSet<string>(StringComparer.Ordinal) { "CS1591", "CS1570", "CS1572", "CS1573", "CS1587" };

        [Fact]
        public void DeviceApp_PublicMembers_EveryOneHasXmlDocs()
        {
            NanoProject project = NanoProject.Load(RepoPaths.Combine("firmware/MedDeviceAgent.Firmware/MedDeviceAgent.Firmware.nfproj"));
            SourceSet app = project.ReadSourceSets().Last();
            Assert.Contains(app.Sources, s => s.Path.EndsWith("Program.cs", StringComparison.Ordinal));

            IReadOnlyList<string> missing = DocDiagnostics(app.Sources.Select(s => (s.Path, s.Text)));

            Assert.True(missing.Count == 0, "device app members without XML docs:\n" + string.Join("\n", missing));
        }

        [Fact]
        public void DeviceAppNfproj_AsksTheDeviceBuildForDocsAsErrors()
        {
            string nfproj = File.ReadAllText(RepoPaths.Combine("firmware/MedDeviceAgent.Firmware/MedDeviceAgent.Firmware.nfproj"));

            Assert.Contains("<GenerateDocumentationFile>true</GenerateDocumentationFile>", nfproj, StringComparison.Ordinal);
            Assert.Contains("CS1591", nfproj, StringComparison.Ordinal);
        }

        [Fact]
        public void DocDiagnostics_UndocumentedPublicMemberAndBadXml_EachReported()
        {
            const string Source = @"namespace N
{
    /// <summary>Documented.</summary>
    public sealed class A
    {
        public int Undocumented() { return UnknownDeviceApi.Call(); }

        /// <summary>Bad <b>xml</summary>
        public void Malformed() { }

        internal void InternalNeedsNone() { }
    }
}";

            IReadOnlyList<string> found = DocDiagnostics(new[] { ("A.cs", Source) });

            Assert.True(found.Count == 3, string.Join("\n", found));
            Assert.DoesNotContain(found, f => f.Contains("InternalNeedsNone", StringComparison.Ordinal));
            Assert.Contains(found, f => f.Contains("CS1591", StringComparison.Ordinal) && f.Contains("A.Undocumented()", StringComparison.Ordinal));
            Assert.Contains(found, f => f.Contains("CS1570", StringComparison.Ordinal));
        }

        private static IReadOnlyList<string> DocDiagnostics(IEnumerable<(string Path, string Text)> sources)
        {
            CSharpParseOptions parse = new CSharpParseOptions(LanguageVersion.CSharp12, DocumentationMode.Diagnose, SourceCodeKind.Regular, new[] { NanoChecker.DeviceSymbol });
            List<SyntaxTree> trees = sources.Select(s => CSharpSyntaxTree.ParseText(SourceText.From(s.Text), parse, s.Path)).ToList();
            string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            MetadataReference[] references = platform.Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll").Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
            CSharpCompilation compilation = CSharpCompilation.Create(
                "DeviceAppDocs",
                trees,
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            return compilation.GetDiagnostics()
                .Where(d => DocIds.Contains(d.Id) && d.Location.IsInSource)
                .Select(d => d.Location.GetLineSpan().Path + "(" + (d.Location.GetLineSpan().StartLinePosition.Line + 1) + "): " + d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToList();
        }
    }
}
