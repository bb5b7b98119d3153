using System;
using System.Linq;
using System.Security.Cryptography;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// A dropped connection is not a bad package: when the package source reports a transport
    /// failure the engine returns SourceUnavailable, keeps what it staged (phase Staging, resume
    /// point persisted), and installing the same package again resumes without fetching the staged
    /// bytes again. Only a verdict on the package ends the pending staging.
    /// </summary>
    public class SourceUnavailableTests
    {
        private const int PayloadSize = 5000;

        [Theory]
        [InlineData(0)]
        [InlineData(5)]
        [InlineData(20)]
        [InlineData(-1)]
        public void Install_DropInsideManifest_SourceUnavailableAndNothingWritten(int dropAt)
        {
            TestDevice device = NewDevice();
            byte[] package = Package(device);
            long at = dropAt < 0 ? PayloadOffset(package) - 1 : dropAt;
            DroppingPackageSource source = new DroppingPackageSource(package, at);
            long writes = device.Storage.WriteCount;
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.SourceUnavailable, device.Device.Install(source, new VerificationReport()));

            Assert.Equal(writes, device.Storage.WriteCount);
            Assert.Equal(UpdatePhase.None, device.State.Phase);
            Assert.Empty(device.Device.Events.History);
            Assert.True(source.Drops > 0);

            source.Reconnect();
            Assert.Equal(UpdateResult.Accepted, device.Device.Install(source, new VerificationReport()));
        }

        [Fact]
        public void Install_DropMidPayload_KeepsStagingAndPersistsResumePoint()
        {
            TestDevice device = NewDevice();
            byte[] package = Package(device);
            long payload = PayloadOffset(package);
            DroppingPackageSource source = new DroppingPackageSource(package, payload + 2100);
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.SourceUnavailable, device.Device.Install(source, new VerificationReport()));

            // Four whole 512-byte blocks reached flash before the drop; checkpoints come every 8
            // blocks, so the resume point was written because of the drop.
            Assert.Equal(UpdatePhase.Staging, device.State.Phase);
            Assert.Equal(2048, device.State.StagedBytes);
            Assert.Equal((int)UpdateResult.SourceUnavailable, device.State.LastResult);
            Assert.Equal(new[] { new SecurityEvent(SecurityEventCode.StagingInterrupted, 2048) }, device.Device.Events.History);
            Assert.False(device.Device.Installer.RebootRequested);

            // It is durable: a reset keeps it.
            Assert.True(device.Device.PowerOn());
            Assert.Equal(UpdatePhase.Staging, device.State.Phase);
            Assert.Equal(2048, device.State.StagedBytes);
            Assert.Equal(1, device.State.SecurityFloor);
            Assert.Equal(0, device.Device.Engine.BootedSlot);
        }

        [Fact]
        public void Install_AfterDropMidPayload_ResumesWithoutFetchingStagedBytesAgain()
        {
            TestDevice device = NewDevice();
            PackageForge forge = Forge(device);
            byte[] package = forge.Build();
            long payload = PayloadOffset(package);
            DroppingPackageSource source = new DroppingPackageSource(package, payload + 2100);
            Assert.Equal(UpdateResult.SourceUnavailable, device.Device.Install(source, new VerificationReport()));
            source.Reconnect();
            source.ClearPositions();
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.Accepted, device.Device.Install(source, new VerificationReport()));

            Assert.Equal(payload + 2048, source.Positions.Where(p => p >= payload).Min());
            Assert.Equal(SecurityEventCode.StagingResumed, device.Device.Events.History[0].Code);
            Assert.Equal(2048, device.Device.Events.History[0].Detail);
            Assert.Equal(1, device.State.ActiveSlot);
            Assert.Equal(7, device.State.SecurityFloor);
            Assert.Equal(SHA256.HashData(forge.Payload), device.BootedImageDigest());
        }

        [Fact]
        public void Install_DropAtLastPayloadByte_KeepsAllButTheLastBlockAndResumes()
        {
            TestDevice device = NewDevice();
            PackageForge forge = Forge(device);
            byte[] package = forge.Build();
            DroppingPackageSource source = new DroppingPackageSource(package, package.Length - 1);

            Assert.Equal(UpdateResult.SourceUnavailable, device.Device.Install(source, new VerificationReport()));
            Assert.Equal(UpdatePhase.Staging, device.State.Phase);
            Assert.Equal(9 * 512, device.State.StagedBytes);

            source.Reconnect();
            Assert.Equal(UpdateResult.Accepted, device.Device.Install(source, new VerificationReport()));
            Assert.Equal(SHA256.HashData(forge.Payload), device.BootedImageDigest());
        }

        [Fact]
        public void Install_DropAfterLastPayloadByte_NoVerdictOnTrailingDataUntilResumed()
        {
            TestDevice device = NewDevice();
            PackageForge forge = Forge(device);
            byte[] package = forge.Build();

            // Every payload byte arrives; the probe for bytes after the payload fails.
            DroppingPackageSource source = new DroppingPackageSource(package, package.Length);
            Assert.Equal(UpdateResult.SourceUnavailable, device.Device.Install(source, new VerificationReport()));
            Assert.Equal(UpdatePhase.Staging, device.State.Phase);
            Assert.Equal(PayloadSize, device.State.StagedBytes);

            source.Reconnect();
            source.ClearPositions();
            Assert.Equal(UpdateResult.Accepted, device.Device.Install(source, new VerificationReport()));
            Assert.Equal(package.Length, source.Positions.Where(p => p >= PayloadOffset(package)).Min());
            Assert.Equal(SHA256.HashData(forge.Payload), device.BootedImageDigest());
        }

        [Fact]
        public void Install_RepeatedDrops_EachResumesFurtherUntilConfirmed()
        {
            TestDevice device = NewDevice();
            PackageForge forge = Forge(device);
            byte[] package = forge.Build();
            long payload = PayloadOffset(package);
            long[] drops = { payload + 700, 20, payload + 1900, payload + 3300, payload + PayloadSize - 1, package.Length };
            int[] resumePoints = { 512, 512, 1536, 3072, 4608, PayloadSize };
            DroppingPackageSource source = new DroppingPackageSource(package, -1);
            int resumedFrom = 0;
            for (int i = 0; i < drops.Length; i++)
            {
                source.DropAt = drops[i];
                source.ClearPositions();
                Assert.Equal(UpdateResult.SourceUnavailable, device.Device.Install(source, new VerificationReport()));
                Assert.Equal(UpdatePhase.Staging, device.State.Phase);
                Assert.Equal(resumePoints[i], device.State.StagedBytes);

                // Each attempt that reached the payload started where the previous one left off.
                long[] payloadReads = source.Positions.Where(p => p >= payload).ToArray();
                if (payloadReads.Length > 0)
                {
                    Assert.Equal(payload + resumedFrom, payloadReads.Min());
                }

                resumedFrom = device.State.StagedBytes;
                Assert.True(device.Device.PowerOn());
            }

            source.Reconnect();
            source.ClearPositions();
            Assert.Equal(UpdateResult.Accepted, device.Device.Install(source, new VerificationReport()));

            Assert.DoesNotContain(source.Positions, p => p >= payload && p < package.Length);
            Assert.Equal(6, source.Drops);
            Assert.Equal(7, device.State.SecurityFloor);
            Assert.Equal(SHA256.HashData(forge.Payload), device.BootedImageDigest());
        }

        [Fact]
        public void Install_DropAtSweptOffsets_NeverAVerdictAndResumeConfirmsTheNewImage()
        {
            TestDevice device = NewDevice();
            PackageForge forge = device.Forge(counter: 7);
            forge.Payload = new byte[1300];
            new Random(1300).NextBytes(forge.Payload);
            byte[] package = forge.Build();
            long payload = PayloadOffset(package);

            // Every 13th offset, plus each byte around the header, the payload start, the block
            // boundaries and the end (a full sweep takes 30 s: each resume verifies the signatures).
            long[] offsets = Enumerable.Range(0, (package.Length / 13) + 1).Select(i => i * 13L)
                .Concat(Enumerable.Range(0, 10).Select(i => (long)i))
                .Concat(new long[] { payload - 1, payload, payload + 1, payload + 511, payload + 512, payload + 513, payload + 1023, payload + 1024, payload + 1025, package.Length - 1, package.Length })
                .Distinct().ToArray();

            // The same package again after each confirmation: its counter equals the floor then,
            // which is no rollback, and it goes to the other slot.
            foreach (long at in offsets)
            {
                DroppingPackageSource source = new DroppingPackageSource(package, at);
                Assert.True(device.Device.Install(source, new VerificationReport()) == UpdateResult.SourceUnavailable, "drop at " + at);
                int staged = device.State.StagedBytes;
                Assert.True(at < payload ? device.State.Phase == UpdatePhase.None : device.State.Phase == UpdatePhase.Staging && staged <= at - payload, "drop at " + at + ": staged " + staged);

                source.Reconnect();
                Assert.True(device.Device.Install(source, new VerificationReport()) == UpdateResult.Accepted, "resume after drop at " + at);
                Assert.Equal(SHA256.HashData(forge.Payload), device.BootedImageDigest());
            }
        }

        [Fact]
        public void Install_AnyNegativeReadResult_TreatedAsTransportFailure()
        {
            TestDevice device = NewDevice();
            byte[] package = Package(device);
            DroppingPackageSource source = new DroppingPackageSource(package, PayloadOffset(package) + 600) { ErrorCode = -42 };

            Assert.Equal(UpdateResult.SourceUnavailable, device.Device.Install(source, new VerificationReport()));
            Assert.Equal(UpdatePhase.Staging, device.State.Phase);
            Assert.Equal(512, device.State.StagedBytes);
        }

        [Fact]
        public void Install_RejectedOtherPackageAfterDrop_PendingStagingSurvivesAndResumes()
        {
            TestDevice device = NewDevice();
            PackageForge forge = Forge(device);
            byte[] package = forge.Build();
            DroppingPackageSource source = new DroppingPackageSource(package, PayloadOffset(package) + 2100);
            Assert.Equal(UpdateResult.SourceUnavailable, device.Device.Install(source, new VerificationReport()));

            PackageForge foreign = Forge(device);
            foreign.DeviceClass = "ventilator-v2";
            Assert.Equal(UpdateResult.WrongDeviceClass, device.Install(foreign.Build()));
            Assert.Equal(UpdatePhase.Staging, device.State.Phase);
            Assert.True(device.Device.PowerOn());
            Assert.Equal(UpdatePhase.Staging, device.State.Phase);
            Assert.Equal(2048, device.State.StagedBytes);

            device.Device.Events.Clear();
            Assert.Equal(UpdateResult.Accepted, device.Install(package));
            Assert.Equal(new SecurityEvent(SecurityEventCode.StagingResumed, 2048), device.Device.Events.History[0]);
        }

        [Fact]
        public void Install_ResumedPayloadFailsDigest_VerdictClearsPendingStaging()
        {
            TestDevice device = NewDevice();
            byte[] package = Package(device);
            DroppingPackageSource source = new DroppingPackageSource(package, PayloadOffset(package) + 2100);
            Assert.Equal(UpdateResult.SourceUnavailable, device.Device.Install(source, new VerificationReport()));

            // The rest of the payload arrives corrupted: a real verdict.
            byte[] corrupted = (byte[])package.Clone();
            corrupted[^10] ^= 0x55;
            Assert.Equal(UpdateResult.DigestMismatch, device.Install(corrupted));

            Assert.Equal(UpdatePhase.None, device.State.Phase);
            Assert.Equal(0, device.State.StagedBytes);
            Assert.True(device.Device.PowerOn());
            Assert.Equal(UpdatePhase.None, device.State.Phase);
            Assert.Equal((int)UpdateResult.DigestMismatch, device.State.LastResult);
        }

        [Fact]
        public void Verify_DropMidPayload_SourceUnavailableWithoutEventOrWrite()
        {
            TestDevice device = NewDevice();
            byte[] package = Package(device);
            DroppingPackageSource source = new DroppingPackageSource(package, PayloadOffset(package) + 100);
            long writes = device.Storage.WriteCount;
            device.Device.Events.Clear();

            VerificationReport report = new VerificationReport();
            Assert.Equal(UpdateResult.SourceUnavailable, device.Device.Engine.Verify(source, report));

            Assert.Equal(UpdateResult.SourceUnavailable, report.Result);
            Assert.Equal(writes, device.Storage.WriteCount);
            Assert.Empty(device.Device.Events.History);
        }

        private static TestDevice NewDevice() => new TestDevice(options: new UpdateOptions { BlockSize = 512, CheckpointEveryBlocks = 8 });

        private static PackageForge Forge(TestDevice device)
        {
            PackageForge forge = device.Forge(counter: 7);
            forge.Payload = new byte[PayloadSize];
            new Random(PayloadSize).NextBytes(forge.Payload);
            return forge;
        }

        private static byte[] Package(TestDevice device) => Forge(device).Build();

        private static long PayloadOffset(byte[] package) => PackageFormat.HeaderSize + ((package[6] << 8) | package[7]);
    }
}
