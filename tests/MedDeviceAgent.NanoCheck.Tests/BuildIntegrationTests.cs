using System;
using System.Diagnostics;
using System.IO;
using MedDeviceAgent.NanoCheck.Tests.Support;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>
    /// The check as the build runs it: a project that sets NanoCheckTarget (as the host projects and
    /// the device app's check project do) fails `dotnet build` when its .nfproj sources use something
    /// nanoFramework lacks, and builds again once the violation is gone.
    /// </summary>
    public sealed class BuildIntegrationTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "nanocheck-build-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, true);
            }
        }

        [Fact]
        public void Build_DeviceSourceWithViolation_FailsWithFileLineAndMember()
        {
            string source = CreateProjects("string s = string.Join(\",\", new string[] { \"a\", \"b\" });");

            (int code, string output) = Build();

            Assert.True(code != 0, "the build should fail:\n" + output);
            Assert.Contains("Probe.cs(9,", output, StringComparison.Ordinal);
            Assert.Contains("NANO001", output, StringComparison.Ordinal);
            Assert.Contains("Join", output, StringComparison.Ordinal);

            File.WriteAllText(source, ProbeSource("string s = string.Concat(\"a\", \",\", \"b\");"));
            (int fixedCode, string fixedOutput) = Build();
            Assert.True(fixedCode == 0, "the build should pass once the violation is gone:\n" + fixedOutput);
        }

        private string CreateProjects(string statement)
        {
            string root = RepoPaths.Root;
            Directory.CreateDirectory(Path.Combine(_dir, "device"));
            Directory.CreateDirectory(Path.Combine(_dir, "check"));
            File.WriteAllText(Path.Combine(_dir, "Directory.Build.props"), "<Project><Import Project=\"" + Path.Combine(root, "Directory.Build.props") + "\" /></Project>");
            File.WriteAllText(Path.Combine(_dir, "Directory.Build.targets"), "<Project><Import Project=\"" + Path.Combine(root, "Directory.Build.targets") + "\" /></Project>");
            File.WriteAllText(Path.Combine(_dir, "device", "Probe.nfproj"),
                "<Project ToolsVersion=\"15.0\" xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\n" +
                "  <Import Project=\"" + Path.Combine(root, "nf.proj.props") + "\" />\n" +
                "  <PropertyGroup><OutputType>Library</OutputType><AssemblyName>Probe</AssemblyName></PropertyGroup>\n" +
                "  <ItemGroup><Compile Include=\"Probe.cs\" /></ItemGroup>\n" +
                "</Project>\n");
            File.WriteAllText(Path.Combine(_dir, "device", "packages.config"),
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<packages>\n  <package id=\"nanoFramework.CoreLibrary\" version=\"1.17.11\" targetFramework=\"netnano1.0\" />\n</packages>\n");
            File.WriteAllText(Path.Combine(_dir, "check", "Check.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\">\n" +
                "  <PropertyGroup><EnableDefaultCompileItems>false</EnableDefaultCompileItems><GenerateDocumentationFile>false</GenerateDocumentationFile>\n" +
                "    <NanoCheckTarget>$(MSBuildThisFileDirectory)../device/Probe.nfproj</NanoCheckTarget></PropertyGroup>\n" +
                "</Project>\n");
            string source = Path.Combine(_dir, "device", "Probe.cs");
            File.WriteAllText(source, ProbeSource(statement));
            return source;
        }

        private static string ProbeSource(string statement)
        {
            return "namespace Probe\n{\n    public static class Probe\n    {\n        public static string Run()\n        {\n            // the statement under test is on line 9\n\n            " + statement + "\n            return s;\n        }\n    }\n}\n";
        }

        private (int Code, string Output) Build()
        {
            string configuration = AppContext.BaseDirectory.Contains(Path.DirectorySeparatorChar + "Release" + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? "Release" : "Debug";
            ProcessStartInfo start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = _dir,
            };
            foreach (string arg in new[] { "build", Path.Combine(_dir, "check", "Check.csproj"), "-c", configuration, "-nologo", "-v", "minimal" })
            {
                start.ArgumentList.Add(arg);
            }

            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(300_000), "dotnet build did not finish in 5 minutes");
            return (process.ExitCode, output);
        }
    }
}
