using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests.Faults
{
    /// <summary>The power-cut decorator, on in-memory and on file-backed flash alike.</summary>
    public class FaultInjectingStorageTests
    {
        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void Write_PowerCutAtThatWrite_KeepsOnlyAPrefixAndKillsTheDevice(string kind)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 4096);
            byte[] data = new byte[1000];
            new Random(3).NextBytes(data);
            FaultInjectingStorage flash = new FaultInjectingStorage(medium.Mount(), seed: 7) { CutAtWrite = 2 };
            flash.Write("blob", 0, new byte[1000], 0, 1000);

            PowerCutException cut = Assert.Throws<PowerCutException>(() => flash.Write("blob", 0, data, 0, 1000));
            Assert.Equal(2, cut.WriteIndex);
            Assert.Throws<PowerCutException>(() => flash.GetLength("blob"));

            IStorage after = medium.Mount();
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

        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void Delete_RemovesTheBlobAndCounts(string kind)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 4096);
            FaultInjectingStorage flash = new FaultInjectingStorage(medium.Mount());
            flash.Write("blob", 0, new byte[] { 1 }, 0, 1);
            flash.Delete("blob");
            flash.Delete("blob");
            Assert.Equal(-1, flash.GetLength("blob"));
            Assert.Equal(3, flash.WriteCount);
        }

        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void Write_NoCutArmed_PassesEveryByteThroughAndCountsOnlyMutations(string kind)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 4096);
            IStorage inner = medium.Mount();
            FaultInjectingStorage flash = new FaultInjectingStorage(inner);

            flash.Write("blob", 0, new byte[] { 1, 2, 3, 4 }, 1, 3);
            flash.Write("blob", 5, new byte[] { 9 }, 0, 1);
            byte[] read = new byte[6];

            Assert.Equal(6, flash.Read("blob", 0, read, 0, 6));
            Assert.Equal(new byte[] { 2, 3, 4, 0, 0, 9 }, read);
            Assert.Equal(6, inner.GetLength("blob"));
            Assert.Equal(6, flash.GetLength("blob"));
            Assert.Equal(2, flash.WriteCount);
            Assert.False(flash.IsDead);
            Assert.Equal(0, flash.Cuts);
        }

        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void AnyCall_AfterTheCut_ThrowsUntilPowerOnThenWorksWithTheCutDisarmed(string kind)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 4096);
            FaultInjectingStorage flash = new FaultInjectingStorage(medium.Mount());
            flash.Write("blob", 0, new byte[] { 1, 2 }, 0, 2);
            flash.CutAfter(1);
            Assert.Throws<PowerCutException>(() => flash.Delete("other"));
            Assert.True(flash.IsDead);

            byte[] read = new byte[2];
            Assert.Throws<PowerCutException>(() => flash.GetLength("blob"));
            Assert.Throws<PowerCutException>(() => flash.Read("blob", 0, read, 0, 2));
            Assert.Throws<PowerCutException>(() => flash.Write("blob", 0, read, 0, 2));
            Assert.Throws<PowerCutException>(() => flash.Delete("blob"));
            Assert.Equal(2, flash.WriteCount);

            flash.PowerOn();

            Assert.False(flash.IsDead);
            Assert.Equal(0, flash.CutAtWrite);
            Assert.Equal(2, flash.Read("blob", 0, read, 0, 2));
            Assert.Equal(new byte[] { 1, 2 }, read);
            flash.Write("blob", 0, new byte[] { 7 }, 0, 1);
            Assert.Equal(3, flash.WriteCount);
            Assert.Equal(1, flash.Cuts);
        }

        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void CutNow_BetweenTwoWrites_TearsNothingAndKillsTheDevice(string kind)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 4096);
            FaultInjectingStorage flash = new FaultInjectingStorage(medium.Mount());
            flash.Write("blob", 0, new byte[] { 1, 2, 3 }, 0, 3);

            flash.CutNow();

            Assert.Throws<PowerCutException>(() => flash.Write("blob", 0, new byte[] { 9, 9, 9 }, 0, 3));
            byte[] read = new byte[3];
            Assert.Equal(3, medium.Mount().Read("blob", 0, read, 0, 3));
            Assert.Equal(new byte[] { 1, 2, 3 }, read);
        }

        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void Write_SameSeed_TearsAtTheSameByteAndOtherSeedsElsewhere(string kind)
        {
            int first = TornLength(kind, seed: 11);
            Assert.Equal(first, TornLength(kind, seed: 11));

            HashSet<int> points = new HashSet<int>();
            for (int seed = 1; seed <= 8; seed++)
            {
                points.Add(TornLength(kind, seed));
            }

            Assert.True(points.Count > 1, "eight seeds all tore at byte " + first);
        }

        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void Delete_PowerCutAtThatDelete_EitherDoneOrNotAndKillsTheDevice(string kind)
        {
            bool sawDone = false;
            bool sawNotDone = false;
            for (int seed = 1; seed <= 16; seed++)
            {
                using FlashMedium medium = FlashMedium.Create(kind, 4096);
                FaultInjectingStorage flash = new FaultInjectingStorage(medium.Mount(), seed);
                flash.Write("blob", 0, new byte[] { 1, 2, 3 }, 0, 3);
                flash.CutAfter(1);

                Assert.Throws<PowerCutException>(() => flash.Delete("blob"));

                int length = medium.Mount().GetLength("blob");
                Assert.True(length == -1 || length == 3, "seed " + seed + ": blob length " + length);
                sawDone |= length == -1;
                sawNotDone |= length == 3;
            }

            Assert.True(sawDone && sawNotDone, "a cut delete must sometimes happen and sometimes not");
        }

        [Fact]
        public void CutAfter_ZeroWrites_Throws()
        {
            FaultInjectingStorage flash = new FaultInjectingStorage(new MemoryStorage(16));
            Assert.Throws<ArgumentOutOfRangeException>(() => flash.CutAfter(0));
        }

        private static int TornLength(string kind, int seed)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 4096);
            FaultInjectingStorage flash = new FaultInjectingStorage(medium.Mount(), seed) { CutAtWrite = 1 };
            Assert.Throws<PowerCutException>(() => flash.Write("blob", 0, new byte[1000], 0, 1000));
            return medium.Mount().GetLength("blob");
        }
    }
}
