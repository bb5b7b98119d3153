using System;
using System.IO;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.IO;
using MedDeviceAgent.Companion.Tests.Support;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// AtomicFile onto destinations that are not regular files (issue 11 item 2): FIFOs, devices and
    /// directories are refused with nothing written; symbolic links are written through and kept.
    /// </summary>
    [Collection(CliCollection.Name)]
    public sealed class AtomicFileTests : IDisposable
    {
        private readonly TempDir temp = new TempDir();

        public AtomicFileTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        [Fact]
        public void WriteAllBytes_OntoFifo_OutputErrorAndFifoKept()
        {
            string fifo = Posix.MakeFifo(temp.File("pipe"));

            CompanionException e = Assert.Throws<CompanionException>(() => AtomicFile.WriteAllBytes(fifo, new byte[] { 1, 2, 3 }, AtomicFile.PublicFileMode));

            Assert.Equal(CompanionErrorKind.OutputError, e.Kind);
            Assert.Contains("FIFO", e.Message, StringComparison.Ordinal);
            Assert.True(Posix.IsFifo(fifo));
            Assert.Equal(new[] { "pipe" }, Array.ConvertAll(Directory.GetFileSystemEntries(temp.Path), Path.GetFileName));
        }

        [Fact]
        public void WriteAllBytes_OntoCharacterDevice_OutputErrorAndDeviceKept()
        {
            // Never aimed at /dev itself: a regression would replace a real device node when run as root.
            // A copy of /dev/null's node in the temporary folder needs root (mknod); the probe of /dev/null does not.
            Assert.Equal(PathKind.CharacterDevice, PathProbe.Of("/dev/null"));
            string node = temp.File("null");
            if (!Posix.TryMakeCharacterDevice(node, 1, 3))
            {
                return;
            }

            CompanionException e = Assert.Throws<CompanionException>(() => AtomicFile.WriteAllBytes(node, new byte[] { 1 }, AtomicFile.PublicFileMode));

            Assert.Equal(CompanionErrorKind.OutputError, e.Kind);
            Assert.Contains("character device", e.Message, StringComparison.Ordinal);
            Assert.Equal(PathKind.CharacterDevice, PathProbe.Of(node));
            Assert.Single(Directory.GetFileSystemEntries(temp.Path));
        }

        [Fact]
        public void WriteAllBytes_ThroughSymlinkToFile_TargetReplacedAndLinkKept()
        {
            string target = temp.Write("real.bin", new byte[] { 9 });
            string link = temp.File("link.bin");
            File.CreateSymbolicLink(link, "real.bin");

            AtomicFile.WriteAllBytes(link, new byte[] { 1, 2, 3 }, AtomicFile.PublicFileMode);

            Assert.Equal("real.bin", new FileInfo(link).LinkTarget);
            Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(target));
            Assert.True(Posix.IsRegularFile(target));
        }

        [Fact]
        public void WriteAllBytes_DanglingSymlink_CreatesTheTargetAndKeepsLink()
        {
            string link = temp.File("link.bin");
            File.CreateSymbolicLink(link, temp.File("new.bin"));

            AtomicFile.WriteAllBytes(link, new byte[] { 7 }, AtomicFile.PublicFileMode);

            Assert.NotNull(new FileInfo(link).LinkTarget);
            Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(temp.File("new.bin")));
        }

        [Fact]
        public void WriteAllBytes_SymlinkToFifo_OutputErrorAndBothKept()
        {
            string fifo = Posix.MakeFifo(temp.File("pipe"));
            string link = temp.File("link");
            File.CreateSymbolicLink(link, fifo);

            CompanionException e = Assert.Throws<CompanionException>(() => AtomicFile.WriteAllBytes(link, new byte[] { 1 }, AtomicFile.PublicFileMode));

            Assert.Equal(CompanionErrorKind.OutputError, e.Kind);
            Assert.True(Posix.IsFifo(fifo));
            Assert.Equal(fifo, new FileInfo(link).LinkTarget);
            Assert.Equal(2, Directory.GetFileSystemEntries(temp.Path).Length);
        }

        [Fact]
        public void PathProbe_EachKind_Classified()
        {
            string file = temp.Write("f", new byte[] { 1 });
            string fifo = Posix.MakeFifo(temp.File("p"));
            string link = temp.File("l");
            File.CreateSymbolicLink(link, file);

            Assert.Equal(PathKind.RegularFile, PathProbe.Of(file));
            Assert.Equal(PathKind.Fifo, PathProbe.Of(fifo));
            Assert.Equal(PathKind.SymbolicLink, PathProbe.Of(link));
            Assert.Equal(PathKind.Directory, PathProbe.Of(temp.Path));
            Assert.Equal(PathKind.Missing, PathProbe.Of(temp.File("none")));
            Assert.Equal(PathKind.Missing, PathProbe.Of(temp.File("f/below-a-file")));
        }

        [Fact]
        public void PackageCreate_OutOntoFifo_OutputErrorAndFifoKept()
        {
            string pki = PkiCliTests.InitPki(temp);
            string payload = temp.Write("fw.bin", TestHierarchy.Payload(1000));
            string fifo = Posix.MakeFifo(temp.File("out.mdpkg"));

            CliResult result = Mda.Run("package", "create", "--pki", pki, "--payload", payload, "--version", "1.0.0", "--security-counter", "1", "--device-class", "pump-x1", "--out", fifo);

            Assert.Equal(ExitCodes.OutputError, result.ExitCode);
            Assert.Contains("FIFO", result.Error, StringComparison.Ordinal);
            Assert.True(Posix.IsFifo(fifo));
            Assert.Empty(Directory.GetFiles(temp.Path, ".*.tmp"));
        }

        [Fact]
        public void ExportPublic_OutThroughSymlink_TargetWrittenAndLinkKept()
        {
            string pki = PkiCliTests.InitPki(temp);
            Directory.CreateDirectory(temp.File("keys"));
            string link = temp.File("root.pem");
            File.CreateSymbolicLink(link, "keys/root-2027.pem");

            CliResult result = Mda.Run("pki", "export-public", "--dir", pki, "--role", "root", "--out", link);

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.Equal("keys/root-2027.pem", new FileInfo(link).LinkTarget);
            Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(temp.File("keys/root-2027.pem")), StringComparison.Ordinal);
            Assert.True(Posix.IsRegularFile(temp.File("keys/root-2027.pem")));
        }
    }
}
