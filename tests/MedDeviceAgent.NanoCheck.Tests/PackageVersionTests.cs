using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MedDeviceAgent.NanoCheck.Tests.Support;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>
    /// nf.proj.props is the single source of nanoFramework package versions: every .nfproj imports it, every
    /// packages.config version equals its NF_*_Version property, and every HintPath names the property of its own package.
    /// </summary>
    public sealed class PackageVersionTests
    {
        private static readonly Regex HintPathPattern = new Regex(
            @"^\$\(NFPackagesDir\)(?<id>[A-Za-z0-9.]+)\.\$\((?<property>NF_[A-Za-z0-9_]+_Version)\)[\\/]lib[\\/]",
            RegexOptions.CultureInvariant);

        public static TheoryData<string> NanoProjects()
        {
            TheoryData<string> data = new TheoryData<string>();
            foreach (string path in AllNanoProjects())
            {
                data.Add(Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/'));
            }

            return data;
        }

        [Fact]
        public void Repository_HasTheThreeDeviceProjects()
        {
            List<string> names = AllNanoProjects().Select(Path.GetFileName).ToList()!;

            Assert.Contains("MedDeviceAgent.Protocol.nfproj", names);
            Assert.Contains("MedDeviceAgent.Firmware.Core.nfproj", names);
            Assert.Contains("MedDeviceAgent.Firmware.nfproj", names);
        }

        [Fact]
        public void NfProjProps_DefinesVersionProperties()
        {
            Dictionary<string, string> versions = PropsVersions();

            Assert.True(versions.Count >= 10);
            Assert.Contains("NF_CoreLibrary_Version", versions.Keys);
            Assert.All(versions.Values, v => Assert.Matches(@"^\d+\.\d+\.\d+$", v));
        }

        [Theory]
        [MemberData(nameof(NanoProjects))]
        public void NanoProject_ImportsNfProjProps(string relativePath)
        {
            string path = RepoPaths.Combine(relativePath);
            string expected = RepoPaths.Combine("nf.proj.props");

            bool imports = Elements(XDocument.Load(path), "Import")
                .Select(e => (string?)e.Attribute("Project"))
                .Where(p => p != null && !p.Contains("$(", StringComparison.Ordinal))
                .Any(p => string.Equals(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, p!.Replace('\\', '/'))), expected, StringComparison.Ordinal));

            Assert.True(imports, relativePath + " does not import nf.proj.props");
        }

        [Theory]
        [MemberData(nameof(NanoProjects))]
        public void NanoProject_PackagesConfigVersionsEqualProps(string relativePath)
        {
            string config = Path.Combine(Path.GetDirectoryName(RepoPaths.Combine(relativePath))!, "packages.config");
            Dictionary<string, string> versions = PropsVersions();
            Assert.True(File.Exists(config), "missing " + config);

            List<XElement> packages = Elements(XDocument.Load(config), "package").ToList();
            Assert.NotEmpty(packages);
            foreach (XElement package in packages)
            {
                string id = (string)package.Attribute("id")!;
                string property = PropertyFor(id);
                Assert.True(versions.ContainsKey(property), id + ": nf.proj.props has no " + property);
                Assert.Equal(versions[property], (string?)package.Attribute("version"));
            }
        }

        [Theory]
        [MemberData(nameof(NanoProjects))]
        public void NanoProject_HintPathsUseOwnVersionProperty(string relativePath)
        {
            string path = RepoPaths.Combine(relativePath);
            Dictionary<string, string> versions = PropsVersions();
            HashSet<string> configured = Elements(XDocument.Load(Path.Combine(Path.GetDirectoryName(path)!, "packages.config")), "package")
                .Select(p => (string)p.Attribute("id")!)
                .ToHashSet(StringComparer.Ordinal);

            List<string> hintPaths = Elements(XDocument.Load(path), "HintPath").Select(h => h.Value.Trim()).ToList();
            Assert.NotEmpty(hintPaths);
            foreach (string hintPath in hintPaths)
            {
                Match match = HintPathPattern.Match(hintPath);
                Assert.True(match.Success, "HintPath does not follow $(NFPackagesDir)<id>.$(NF_<id>_Version)\\lib\\: " + hintPath);
                string id = match.Groups["id"].Value;
                Assert.Equal(PropertyFor(id), match.Groups["property"].Value);
                Assert.True(versions.ContainsKey(match.Groups["property"].Value), "nf.proj.props lacks " + match.Groups["property"].Value);
                Assert.True(configured.Contains(id), id + " is referenced but not in packages.config");
            }
        }

        [Fact]
        public void PropertyFor_MapsPackageIdToPropertyName()
        {
            Assert.Equal("NF_CoreLibrary_Version", PropertyFor("nanoFramework.CoreLibrary"));
            Assert.Equal("NF_System_IO_FileSystem_Version", PropertyFor("nanoFramework.System.IO.FileSystem"));
        }

        private static string PropertyFor(string packageId)
        {
            const string prefix = "nanoFramework.";
            string name = packageId.StartsWith(prefix, StringComparison.Ordinal) ? packageId.Substring(prefix.Length) : packageId;
            return "NF_" + name.Replace('.', '_') + "_Version";
        }

        private static Dictionary<string, string> PropsVersions()
        {
            XDocument props = XDocument.Load(RepoPaths.Combine("nf.proj.props"));
            return props.Descendants()
                .Where(e => e.Name.LocalName.StartsWith("NF_", StringComparison.Ordinal) && e.Name.LocalName.EndsWith("_Version", StringComparison.Ordinal))
                .ToDictionary(e => e.Name.LocalName, e => e.Value.Trim(), StringComparer.Ordinal);
        }

        private static IEnumerable<XElement> Elements(XDocument document, string localName)
        {
            return document.Descendants().Where(e => e.Name.LocalName == localName);
        }

        private static IEnumerable<string> AllNanoProjects()
        {
            return Directory.EnumerateFiles(RepoPaths.Root, "*.nfproj", SearchOption.AllDirectories)
                .Where(p => !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    && !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal);
        }
    }
}
