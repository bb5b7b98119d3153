using System;
using System.IO;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// The file-backed flash itself. Power cuts on it (torn writes, dead device, write counts) are
    /// the decorator's and are tested on this and the in-memory flash alike in
    /// <see cref="Faults.FaultInjectingStorageTests"/>.
    /// </summary>
    public sealed class FileStorageTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "mda-flash-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, true);
            }
        }

        [Fact]
        public void Write_ThenReadInANewInstance_ReturnsTheBytesAtTheirPositions()
        {
            using (FileStorage flash = new FileStorage(_dir))
            {
                flash.Write("blob", 0, new byte[] { 1, 2, 3, 4 }, 0, 4);
                flash.Write("blob", 6, new byte[] { 9, 9 }, 0, 2);
            }

            using FileStorage again = new FileStorage(_dir);
            byte[] read = new byte[10];
            Assert.Equal(8, again.GetLength("blob"));
            Assert.Equal(8, again.Read("blob", 0, read, 0, 10));
            Assert.Equal(new byte[] { 1, 2, 3, 4, 0, 0, 9, 9, 0, 0 }, read);
            Assert.Equal(-1, again.GetLength("absent"));
            Assert.Equal(0, again.Read("absent", 0, read, 0, 10));
        }

        [Fact]
        public void Delete_RemovesTheBlob()
        {
            using FileStorage flash = new FileStorage(_dir);
            flash.Write("blob", 0, new byte[] { 1 }, 0, 1);
            flash.Delete("blob");
            flash.Delete("blob");
            Assert.Equal(-1, flash.GetLength("blob"));
            Assert.False(File.Exists(Path.Combine(_dir, "blob")));
        }

        [Theory]
        [InlineData("../escape")]
        [InlineData("a/b")]
        [InlineData("")]
        public void Write_NameOutsideTheAllowedSet_Throws(string name)
        {
            using FileStorage flash = new FileStorage(_dir);
            Assert.ThrowsAny<ArgumentException>(() => flash.Write(name, 0, new byte[1], 0, 1));
        }
    }
}
