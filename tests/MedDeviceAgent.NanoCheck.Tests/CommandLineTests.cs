using System;
using System.IO;
using MedDeviceAgent.NanoCheck.Tests.Support;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>The command line's exit codes (0 clean, 1 violations, 2 usage or input error) and output format.</summary>
    public sealed class CommandLineTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "nanocheck-tests-" + Guid.NewGuid().ToString("N"));
        private readonly StringWriter _out = new StringWriter();
        private readonly StringWriter _err = new StringWriter();

        public CommandLineTests()
        {
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            _out.Dispose();
            _err.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public void Run_CleanFolder_ReturnsZeroAndSummary()
        {
            WriteSource("Clean.cs", "namespace P { public static class Clean { public static int Twice(int x) { return x * 2; } } }");

            int exit = Run(_folder, "--api-dir", RepoPaths.ApiDir);

            Assert.Equal(CommandLine.ExitClean, exit);
            Assert.Contains("NanoCheck: ", _out.ToString(), StringComparison.Ordinal);
            Assert.Contains("0 violation(s) in 1 source file(s)", _out.ToString(), StringComparison.Ordinal);
            Assert.Equal(string.Empty, _err.ToString());
        }

        [Fact]
        public void Run_FolderWithViolation_ReturnsOneAndCanonicalLine()
        {
            string path = WriteSource("Bad.cs", "namespace P\n{\n    public static class Bad { public static string J(string[] p) { return string.Join(\",\", p); } }\n}\n");

            int exit = Run(_folder, "--api-dir", RepoPaths.ApiDir);

            Assert.Equal(CommandLine.ExitViolations, exit);
            Assert.Contains(path + "(3,", _out.ToString(), StringComparison.Ordinal);
            Assert.Contains("): error NANO001: ", _out.ToString(), StringComparison.Ordinal);
            Assert.Contains("1 violation(s)", _out.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_PackageOption_AddsItsList()
        {
            WriteSource("Text.cs", "namespace P { public static class T { public static object B() { return new System.Text.StringBuilder(); } } }");

            Assert.Equal(CommandLine.ExitViolations, Run(_folder, "--api-dir", RepoPaths.ApiDir));
            Assert.Equal(CommandLine.ExitClean, Run(_folder, "--api-dir", RepoPaths.ApiDir, "--package", "nanoFramework.System.Text"));
        }

        [Fact]
        public void Run_InputsFile_WrittenWhenCleanDeletedOnViolation()
        {
            string source = WriteSource("A.cs", "namespace P { public static class A { } }");
            string inputs = Path.Combine(_folder, "obj", "inputs.txt");

            Assert.Equal(CommandLine.ExitClean, Run(_folder, "--api-dir", RepoPaths.ApiDir, "--inputs-file", inputs));
            string[] lines = File.ReadAllLines(inputs);
            Assert.Contains(lines, l => l.EndsWith("/**/*.cs", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.EndsWith("corelib-api.txt", StringComparison.Ordinal));
            Assert.Contains(source, lines);

            WriteSource("B.cs", "namespace P { public static class B { public static decimal D; } }");
            Assert.Equal(CommandLine.ExitViolations, Run(_folder, "--api-dir", RepoPaths.ApiDir, "--inputs-file", inputs));
            Assert.False(File.Exists(inputs));
        }

        [Fact]
        public void Run_RepositoryNfproj_ReturnsZero()
        {
            int exit = Run(RepoPaths.Combine("firmware/MedDeviceAgent.Firmware.Core/nano/MedDeviceAgent.Firmware.Core.nfproj"));

            Assert.Equal(CommandLine.ExitClean, exit);
            Assert.Contains("MedDeviceAgent.Firmware.Core.nfproj: 0 violation(s)", _out.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_RestoredPackage_ChecksAgainstRealMscorlibAndSaysSo()
        {
            WriteSource("Clean.cs", "namespace P { public static class Clean { } }");
            string inputs = Path.Combine(_folder, "obj", "inputs.txt");

            Assert.Equal(CommandLine.ExitClean, Run(_folder, "--api-dir", RepoPaths.ApiDir, "--inputs-file", inputs));
            Assert.Contains("; mscorlib from nanoFramework.CoreLibrary " + CoreLibrary.DefaultVersion + ".", _out.ToString(), StringComparison.Ordinal);
            Assert.Equal(string.Empty, _err.ToString());
            Assert.Contains(Snippet.RealCoreLibrary().AssemblyPath!, File.ReadAllLines(inputs));
        }

        [Fact]
        public void Run_EmptyPackageRoot_WarnsAndStillChecksAgainstGeneratedMscorlib()
        {
            // A machine where nanoFramework.CoreLibrary cannot be restored: the check still runs, says so, and keeps its exit codes.
            string empty = Path.Combine(_folder, "empty-package-root");
            Directory.CreateDirectory(empty);
            string sources = Path.Combine(_folder, "src");
            Directory.CreateDirectory(sources);
            File.WriteAllText(Path.Combine(sources, "Clean.cs"), "namespace P { public static class Clean { public static int Twice(int x) { return x * 2; } } }");

            Assert.Equal(CommandLine.ExitClean, Run(sources, "--api-dir", RepoPaths.ApiDir, "--package-root", empty));
            Assert.Contains("NanoCheck: warning NANO002: nanoFramework.CoreLibrary " + CoreLibrary.DefaultVersion + " was not found (looked for " + Path.Combine(empty, "nanoframework.corelibrary"), _err.ToString(), StringComparison.Ordinal);
            Assert.Contains("declarations generated from corelib-api.txt instead", _err.ToString(), StringComparison.Ordinal);
            Assert.Contains("0 violation(s) in 1 source file(s)", _out.ToString(), StringComparison.Ordinal);
            Assert.Contains("; mscorlib generated from corelib-api.txt (nanoFramework.CoreLibrary " + CoreLibrary.DefaultVersion + " not found).", _out.ToString(), StringComparison.Ordinal);

            string bad = Path.Combine(sources, "Bad.cs");
            File.WriteAllText(bad, "namespace P\n{\n    public static class Bad { public static string J(string[] p) { return string.Join(\",\", p); } }\n}\n");
            Assert.Equal(CommandLine.ExitViolations, Run(sources, "--api-dir", RepoPaths.ApiDir, "--package-root", empty));
            Assert.Contains(bad + "(3,", _out.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_ProjectPinningAnotherCoreLibraryVersion_LooksForThatVersion()
        {
            WriteSource("A.cs", "namespace P { public static class A { } }");
            File.WriteAllText(Path.Combine(_folder, "Pinned.nfproj"), "<Project><ItemGroup><Compile Include=\"A.cs\" /></ItemGroup></Project>");
            File.WriteAllText(Path.Combine(_folder, "packages.config"), "<packages><package id=\"nanoFramework.CoreLibrary\" version=\"0.0.1\" /></packages>");

            Assert.Equal(CommandLine.ExitClean, Run(Path.Combine(_folder, "Pinned.nfproj"), "--api-dir", RepoPaths.ApiDir));
            Assert.Contains("warning NANO002: nanoFramework.CoreLibrary 0.0.1 was not found", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_PackageRootWithoutValue_ReturnsTwo()
        {
            Assert.Equal(CommandLine.ExitUsage, Run(_folder, "--package-root"));
            Assert.Contains("option --package-root needs a value", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_Help_ReturnsZeroAndDocumentsExitCodes()
        {
            Assert.Equal(CommandLine.ExitClean, Run("--help"));
            Assert.Contains("Exit codes", _out.ToString(), StringComparison.Ordinal);
            Assert.Contains("--package ID", _out.ToString(), StringComparison.Ordinal);
            Assert.Contains("--api-dir DIR", _out.ToString(), StringComparison.Ordinal);
            Assert.Contains("--package-root DIR", _out.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_NoTarget_ReturnsTwo()
        {
            Assert.Equal(CommandLine.ExitUsage, Run());
            Assert.Contains("no target", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_UnknownOption_ReturnsTwo()
        {
            Assert.Equal(CommandLine.ExitUsage, Run(_folder, "--frobnicate"));
            Assert.Contains("unknown option --frobnicate", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_OptionWithoutValue_ReturnsTwo()
        {
            Assert.Equal(CommandLine.ExitUsage, Run(_folder, "--package"));
            Assert.Contains("needs a value", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_MissingTarget_ReturnsTwo()
        {
            Assert.Equal(CommandLine.ExitUsage, Run(Path.Combine(_folder, "nope.nfproj")));
            Assert.Contains("neither a folder nor an .nfproj", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_PackageWithoutList_ReturnsTwo()
        {
            WriteSource("A.cs", "namespace P { public static class A { } }");

            Assert.Equal(CommandLine.ExitUsage, Run(_folder, "--api-dir", RepoPaths.ApiDir, "--package", "nanoFramework.NoSuchPackage"));
            Assert.Contains("nanoFramework.NoSuchPackage", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_PreviewPackage_ReturnsTwo()
        {
            WriteSource("A.cs", "namespace P { public static class A { } }");

            Assert.Equal(CommandLine.ExitUsage, Run(_folder, "--api-dir", RepoPaths.ApiDir, "--package", "nanoFramework.System.Collections-2.0-preview-develop"));
            Assert.Contains("stable 1.x", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_MissingApiDir_ReturnsTwo()
        {
            WriteSource("A.cs", "namespace P { public static class A { } }");

            Assert.Equal(CommandLine.ExitUsage, Run(_folder, "--api-dir", Path.Combine(_folder, "no-lists")));
            Assert.Contains("API list folder not found", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_EmptyFolder_ReturnsTwo()
        {
            Assert.Equal(CommandLine.ExitUsage, Run(_folder, "--api-dir", RepoPaths.ApiDir));
            Assert.Contains("no C# sources", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_ProjectWithUnresolvableItem_ReturnsTwo()
        {
            string project = Path.Combine(_folder, "Odd.nfproj");
            File.WriteAllText(project, "<Project><ItemGroup><Compile Include=\"$(SomewhereElse)\\*.cs\" /></ItemGroup></Project>");

            Assert.Equal(CommandLine.ExitUsage, Run(project, "--api-dir", RepoPaths.ApiDir));
            Assert.Contains("cannot evaluate item path", _err.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Program_Main_ReturnsUsageExitCodeWithoutArguments()
        {
            TextWriter originalError = Console.Error;
            try
            {
                Console.SetError(TextWriter.Null);
                Assert.Equal(CommandLine.ExitUsage, Program.Main(Array.Empty<string>()));
            }
            finally
            {
                Console.SetError(originalError);
            }
        }

        private int Run(params string[] args)
        {
            return CommandLine.Run(args, _out, _err);
        }

        private string WriteSource(string name, string text)
        {
            string path = Path.Combine(_folder, name);
            File.WriteAllText(path, text);
            return path;
        }
    }
}
