using System;
using MedDeviceAgent.NanoCheck.Tests.Support;

namespace MedDeviceAgent.NanoCheck.Tests
{
    /// <summary>
    /// The check gives the same verdicts whether mscorlib is the real assembly or generated from corelib-api.txt
    /// (the fallback where the package cannot be restored): the repository projects and the portable subset pass,
    /// and what the device lacks is rejected on its line in both.
    /// </summary>
    public sealed class CoreLibraryModeTests
    {
        private static readonly string[] CoreOnly = Array.Empty<string>();

        [Theory]
        [InlineData("real", "shared/MedDeviceAgent.Protocol/nano/MedDeviceAgent.Protocol.nfproj")]
        [InlineData("real", "firmware/MedDeviceAgent.Firmware.Core/nano/MedDeviceAgent.Firmware.Core.nfproj")]
        [InlineData("real", "firmware/MedDeviceAgent.Firmware/MedDeviceAgent.Firmware.nfproj")]
        [InlineData("generated", "shared/MedDeviceAgent.Protocol/nano/MedDeviceAgent.Protocol.nfproj")]
        [InlineData("generated", "firmware/MedDeviceAgent.Firmware.Core/nano/MedDeviceAgent.Firmware.Core.nfproj")]
        [InlineData("generated", "firmware/MedDeviceAgent.Firmware/MedDeviceAgent.Firmware.nfproj")]
        public void Check_RepositoryDeviceProject_HasNoViolationInEitherMode(string mode, string nfproj)
        {
            CoreLibrary coreLibrary = Snippet.CoreLibraryFor(mode);
            NanoProject project = NanoProject.Load(RepoPaths.Combine(nfproj));

            CheckResult result = NanoChecker.Check(project.ReadSourceSets(), RepoPaths.ApiDir, project.Packages, project.LanguageVersion, project.Defines, project.ProjectPath, coreLibrary);

            Assert.Same(coreLibrary, result.CoreLibrary);
            Assert.True(result.IsClean, string.Join("\n", result.Violations));
        }

        [Theory]
        [InlineData("real")]
        [InlineData("generated")]
        public void Check_PortableSubset_HasNoViolationInEitherMode(string mode)
        {
            CheckResult result = Snippet.CheckMembersWith(Snippet.CoreLibraryFor(mode), AcceptanceTests.PortableSubset, "nanoFramework.System.Text");

            Assert.True(result.IsClean, string.Join("\n", result.Violations));
        }

        [Theory]
        [InlineData("real")]
        [InlineData("generated")]
        public void Check_MissingMember_IsRejectedInEitherMode(string mode)
        {
            Snippet.AssertRejectedWith(Snippet.CoreLibraryFor(mode), "        public string J(string[] p) { return string.Join(\",\", p); } // HERE", CoreOnly, "Join");
        }

        [Theory]
        [InlineData("real")]
        [InlineData("generated")]
        public void Check_StubbedMember_IsRejectedInEitherMode(string mode)
        {
            Snippet.AssertRejectedWith(Snippet.CoreLibraryFor(mode), "        public object E(string s) { return s.GetEnumerator(); } // HERE", CoreOnly, "GetEnumerator");
        }

        [Theory]
        [InlineData("real")]
        [InlineData("generated")]
        public void Check_ClassWithoutPublicConstructor_IsRejectedInEitherMode(string mode)
        {
            Snippet.AssertRejectedWith(Snippet.CoreLibraryFor(mode), "        public object Make() { return new System.DBNull(); } // HERE", CoreOnly, "DBNull", "no public constructor");
        }

        [Theory]
        [InlineData("real")]
        [InlineData("generated")]
        public void Check_ObsoleteAsErrorMember_IsRejectedInEitherMode(string mode)
        {
            Snippet.AssertRejectedWith(Snippet.CoreLibraryFor(mode), "        public DateTimeKind Kind() { return DateTimeKind.Local; } // HERE", CoreOnly, "Local", "CS0619");
        }

        [Theory]
        [InlineData("real")]
        [InlineData("generated")]
        public void Check_GenericDelegate_IsRejectedInEitherMode(string mode)
        {
            Snippet.AssertRejectedWith(Snippet.CoreLibraryFor(mode), "        public Action<int> Callback; // HERE", CoreOnly, "Action<int>");
        }

        [Theory]
        [InlineData("real")]
        [InlineData("generated")]
        public void Check_LambdaWithoutNonGenericTarget_IsRejectedInEitherMode(string mode)
        {
            Snippet.AssertRejectedWith(Snippet.CoreLibraryFor(mode), "        public object Make() { var f = () => 1; return f; } // HERE", CoreOnly, "lambda");
        }

        [Theory]
        [InlineData("real")]
        [InlineData("generated")]
        public void Check_PackageStubbedOverride_IsRejectedInEitherMode(string mode)
        {
            // The other packages are generated in both modes, compiled against whichever mscorlib is in use.
            Snippet.AssertRejectedWith(
                Snippet.CoreLibraryFor(mode),
                "        public int Fill(System.IO.FileStream file, SpanByte span) { return file.Read(span); } // HERE",
                new[] { "nanoFramework.System.IO.FileSystem", "nanoFramework.System.IO.Streams" },
                "System.IO.FileStream.Read(System.SpanByte)",
                "throwing stub");
        }
    }
}
