using System;
using System.IO;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests
{
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
        public void Write_PowerCutAtThatWrite_KeepsOnlyAPrefixAndKillsTheDevice()
        {
            byte[] data = new byte[1000];
            new Random(3).NextBytes(data);
            FileStorage flash = new FileStorage(_dir, seed: 7) { CutAtWrite = 2 };
            flash.Write("blob", 0, new byte[1000], 0, 1000);

            PowerCutException cut = Assert.Throws<PowerCutException>(() => flash.Write("blob", 0, data, 0, 1000));
            Assert.Equal(2, cut.WriteIndex);
            Assert.Throws<PowerCutException>(() => flash.GetLength("blob"));

            using FileStorage after = new FileStorage(_dir);
            byte[] read = new byte[1000];
            after.Read("blob", 0, read, 0, 1000);
            int torn = 0;
            while (torn < 1000 && read[torn] == data[torn])
            {
                torn++;
            }

            Assert.True(torn < 1000, "the cut write must not complete");
            for (int i = torn; i < 1000; i++)
            {
                Assert.True(read[i] == 0 || read[i] == data[i], "byte " + i + " is neither old nor new");
            }
        }

        [Fact]
        public void Delete_RemovesTheBlobAndCounts()
        {
            using FileStorage flash = new FileStorage(_dir);
            flash.Write("blob", 0, new byte[] { 1 }, 0, 1);
            flash.Delete("blob");
            flash.Delete("blob");
            Assert.Equal(-1, flash.GetLength("blob"));
            Assert.Equal(3, flash.WriteCount);
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
