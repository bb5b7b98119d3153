using System;
using System.IO;
using System.Text.RegularExpressions;
using MedDeviceAgent.NanoCheck.Tests.Support;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>
    /// Where the real mscorlib comes from: the tool's own restore downloads the pinned nanoFramework.CoreLibrary, the
    /// tool finds it in either NuGet folder layout, and without it says which paths it searched.
    /// </summary>
    public sealed class CoreLibraryTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "nanocheck-corelib-" + Guid.NewGuid().ToString("N"));

        public CoreLibraryTests()
        {
            Directory.CreateDirectory(_folder);
        }

        public void Dispose()
        {
            Directory.Delete(_folder, recursive: true);
        }

        [Fact]
        public void DefaultVersion_IsNfCoreLibraryVersionOfNfProjProps()
        {
            string props = File.ReadAllText(RepoPaths.Combine("nf.proj.props"));
            string pinned = Regex.Match(props, @"<NF_CoreLibrary_Version>\s*([^<\s]+)\s*<").Groups[1].Value;

            Assert.Equal("1.17.11", pinned);
            Assert.Equal(pinned, CoreLibrary.DefaultVersion);
        }

        [Fact]
        public void NanoCheckProject_DownloadsTheCoreLibraryOnRestore()
        {
            string project = File.ReadAllText(RepoPaths.Combine("tools/MedDeviceAgent.NanoCheck/MedDeviceAgent.NanoCheck.csproj"));

            Assert.Matches(@"<PackageDownload Include=""nanoFramework\.CoreLibrary"" Version=""\[\$\(NanoCheckCoreLibraryVersion\)\]"" Condition=""'\$\(NanoCheckDownloadCoreLibrary\)' != 'false'"" />", project);
            Assert.Contains("NF_CoreLibrary_Version", project, StringComparison.Ordinal);
        }

        [Fact]
        public void Locate_DefaultRoots_FindsTheRestoredPackage()
        {
            CoreLibrary coreLibrary = CoreLibrary.Locate();

            Assert.True(coreLibrary.IsReal, coreLibrary.MissingMessage);
            Assert.Equal(CoreLibrary.DefaultVersion, coreLibrary.Version);
            Assert.EndsWith(Path.Combine("lib", "mscorlib.dll"), coreLibrary.AssemblyPath, StringComparison.Ordinal);
            Assert.Null(coreLibrary.MissingMessage);
            Assert.Equal("mscorlib from nanoFramework.CoreLibrary " + CoreLibrary.DefaultVersion, coreLibrary.Description);
        }

        [Fact]
        public void Locate_EmptyPackageRoot_NotFoundAndNamesSearchedPaths()
        {
            CoreLibrary coreLibrary = CoreLibrary.Locate(_folder);

            Assert.False(coreLibrary.IsReal);
            Assert.Null(coreLibrary.AssemblyPath);
            Assert.Equal(2, coreLibrary.SearchedPaths.Count);
            Assert.All(coreLibrary.SearchedPaths, p => Assert.StartsWith(_folder, p, StringComparison.Ordinal));
            Assert.Contains("nanoFramework.CoreLibrary " + CoreLibrary.DefaultVersion + " was not found", coreLibrary.MissingMessage, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(_folder, "nanoframework.corelibrary", CoreLibrary.DefaultVersion, "lib", "mscorlib.dll"), coreLibrary.MissingMessage, StringComparison.Ordinal);
            Assert.Contains("--package-root", coreLibrary.MissingMessage, StringComparison.Ordinal);
            Assert.Contains("generated from corelib-api.txt", coreLibrary.Description, StringComparison.Ordinal);
        }

        [Fact]
        public void Locate_PackagesConfigLayout_FindsTheAssembly()
        {
            string lib = Path.Combine(_folder, "nanoFramework.CoreLibrary." + CoreLibrary.DefaultVersion, "lib");
            Directory.CreateDirectory(lib);
            File.Copy(Snippet.RealCoreLibrary().AssemblyPath!, Path.Combine(lib, "mscorlib.dll"));

            CoreLibrary coreLibrary = CoreLibrary.Locate(_folder);

            Assert.True(coreLibrary.IsReal, coreLibrary.MissingMessage);
            Assert.Equal(Path.Combine(lib, "mscorlib.dll"), coreLibrary.AssemblyPath);
        }

        [Fact]
        public void Locate_OtherVersion_LooksForThatVersion()
        {
            CoreLibrary coreLibrary = CoreLibrary.Locate(version: "0.0.1");

            Assert.False(coreLibrary.IsReal);
            Assert.Equal("0.0.1", coreLibrary.Version);
            Assert.Contains("nanoFramework.CoreLibrary 0.0.1 was not found", coreLibrary.MissingMessage, StringComparison.Ordinal);
        }

        [Fact]
        public void GeneratedOnly_SearchesNothingAndWarnsNothing()
        {
            CoreLibrary coreLibrary = CoreLibrary.GeneratedOnly();

            Assert.False(coreLibrary.IsReal);
            Assert.Empty(coreLibrary.SearchedPaths);
            Assert.Null(coreLibrary.MissingMessage);
            Assert.Equal("mscorlib generated from corelib-api.txt", coreLibrary.Description);
        }

        [Fact]
        public void Check_UnreadableRealAssembly_ReportsInputError()
        {
            string lib = Path.Combine(_folder, "nanoFramework.CoreLibrary." + CoreLibrary.DefaultVersion, "lib");
            Directory.CreateDirectory(lib);
            File.WriteAllText(Path.Combine(lib, "mscorlib.dll"), "not an assembly");
            CoreLibrary broken = CoreLibrary.Locate(_folder);

            NanoCheckInputException error = Assert.Throws<NanoCheckInputException>(() =>
                NanoChecker.Check(new[] { new SourceFile("/virtual/A.cs", "class A { }") }, RepoPaths.ApiDir, new[] { CoreLibrary.PackageId }, coreLibrary: broken));
            Assert.Contains(Path.Combine(lib, "mscorlib.dll"), error.Message, StringComparison.Ordinal);
        }
    }
}
