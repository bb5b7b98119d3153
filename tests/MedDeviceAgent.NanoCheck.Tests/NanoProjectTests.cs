using System;
using System.IO;
using System.Linq;
using MedDeviceAgent.NanoCheck.Tests.Support;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>Reading what a device build compiles from an .nfproj.</summary>
    public sealed class NanoProjectTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "nanocheck-project-" + Guid.NewGuid().ToString("N"));

        public NanoProjectTests()
        {
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public void Load_DeviceApp_IncludesReferencedProjectSourcesAndPackages()
        {
            NanoProject project = NanoProject.Load(RepoPaths.Combine("firmware/MedDeviceAgent.Firmware/MedDeviceAgent.Firmware.nfproj"));

            Assert.Contains(project.SourceFiles, f => f.EndsWith("Platform" + Path.DirectorySeparatorChar + "M2MqttTransport.cs", StringComparison.Ordinal));
            Assert.Contains(project.SourceFiles, f => f.EndsWith("Crypto" + Path.DirectorySeparatorChar + "Sha256.cs", StringComparison.Ordinal));
            Assert.Contains(project.SourceFiles, f => f.EndsWith("Topics.cs", StringComparison.Ordinal));
            Assert.Equal(project.SourceFiles.Count, project.SourceFiles.Distinct(StringComparer.Ordinal).Count());
            Assert.Contains("nanoFramework.CoreLibrary", project.Packages);
            Assert.Contains("nanoFramework.M2Mqtt", project.Packages);
            Assert.Contains("nanoFramework.System.IO.FileSystem", project.Packages);
            Assert.Equal("12.0", project.LanguageVersion);
        }

        [Fact]
        public void Load_SharedProjectWildcard_ExpandsRecursivelyAndRecordsPattern()
        {
            Directory.CreateDirectory(Path.Combine(_folder, "Source", "Deep"));
            File.WriteAllText(Path.Combine(_folder, "Source", "A.cs"), "class A { }");
            File.WriteAllText(Path.Combine(_folder, "Source", "Deep", "B.cs"), "class B { }");
            File.WriteAllText(Path.Combine(_folder, "Source", "Deep", "notes.txt"), "not code");
            File.WriteAllText(
                Path.Combine(_folder, "Lib.projitems"),
                "<Project><ItemGroup><Compile Include=\"$(MSBuildThisFileDirectory)Source\\**\\*.cs\" /></ItemGroup></Project>");
            Directory.CreateDirectory(Path.Combine(_folder, "nano"));
            string nfproj = Path.Combine(_folder, "nano", "Lib.nfproj");
            File.WriteAllText(
                nfproj,
                "<Project><PropertyGroup><LangVersion>11.0</LangVersion><DefineConstants>$(DefineConstants);EXTRA</DefineConstants></PropertyGroup>"
                + "<Import Project=\"..\\Lib.projitems\" Label=\"Shared\" />"
                + "<ItemGroup><Reference Include=\"System.Threading\"><HintPath>..\\packages\\nanoFramework.System.Threading.1.1.52\\lib\\System.Threading.dll</HintPath></Reference></ItemGroup></Project>");
            File.WriteAllText(
                Path.Combine(_folder, "nano", "packages.config"),
                "<packages><package id=\"nanoFramework.CoreLibrary\" version=\"1.17.11\" /></packages>");

            NanoProject project = NanoProject.Load(nfproj);

            Assert.Equal(new[] { "A.cs", "B.cs" }, project.SourceFiles.Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            Assert.Equal(new[] { "nanoFramework.CoreLibrary", "nanoFramework.System.Threading" }, project.Packages.ToArray());
            Assert.Equal("11.0", project.LanguageVersion);
            Assert.Equal(new[] { "EXTRA" }, project.Defines.ToArray());
            Assert.Contains(project.Inputs, i => i.EndsWith("/Source/**/*.cs", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("mscorlib", "$(NFPackagesDir)nanoFramework.CoreLibrary.$(NF_CoreLibrary_Version)\\lib\\mscorlib.dll", "nanoFramework.CoreLibrary")]
        [InlineData("System.IO.Streams", "..\\packages\\nanoFramework.System.IO.Streams.1.1.96\\lib\\System.IO.Streams.dll", "nanoFramework.System.IO.Streams")]
        [InlineData("mscorlib", null, "nanoFramework.CoreLibrary")]
        [InlineData("nanoFramework.Json", null, "nanoFramework.Json")]
        [InlineData("System.Net", null, "nanoFramework.System.Net")]
        public void PackageIdOf_Reference_ResolvesPackage(string name, string? hintPath, string expected)
        {
            Assert.Equal(expected, NanoProject.PackageIdOf(name, hintPath));
        }

        [Fact]
        public void Load_MissingProjectReference_Throws()
        {
            string nfproj = Path.Combine(_folder, "App.nfproj");
            File.WriteAllText(nfproj, "<Project><ItemGroup><ProjectReference Include=\"..\\Gone\\Gone.nfproj\" /></ItemGroup></Project>");

            NanoCheckInputException error = Assert.Throws<NanoCheckInputException>(() => NanoProject.Load(nfproj));
            Assert.Contains("referenced project not found", error.Message, StringComparison.Ordinal);
        }
    }
}
