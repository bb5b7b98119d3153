using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// Cuts the power at every single write of a full update (staging, checkpoints, pending mark,
    /// test boot, confirmation) and proves that after each cut the device boots the old or the new
    /// image, never a mix, never lowers the floor, and that retrying the install completes it.
    /// </summary>
    public class PowerCutSweepTests
    {
        private const long OldFloor = 1;
        private const long NewCounter = 8;

        [Fact]
        public void Install_PowerCutAtEveryWriteOnMemoryFlash_BootsOldOrNewAndRecovers()
        {
            byte[] payload = Payload(5000);
            int totalWrites = CountWrites(FlashMedium.MemoryKind, payload);
            Assert.True(totalWrites > 20, "a full update should take many writes, took " + totalWrites);

            for (int cut = 1; cut <= totalWrites; cut++)
            {
                RunCutScenario(FlashMedium.MemoryKind, payload, cut);
            }
        }

        [Fact]
        public void Install_PowerCutAtEveryWriteOnFileFlash_BootsOldOrNewAndRecovers()
        {
            byte[] payload = Payload(2500);
            int totalWrites = CountWrites(FlashMedium.FileKind, payload);
            Assert.True(totalWrites > 10, "a full update should take many writes, took " + totalWrites);

            for (int cut = 1; cut <= totalWrites; cut++)
            {
                RunCutScenario(FlashMedium.FileKind, payload, cut);
            }
        }

        /// <summary>
        /// One cut: a device on a fresh medium of <paramref name="kind"/>, seen through the power-cut
        /// decorator (seeded by the cut number, so each cut tears at its own byte), loses power at the
        /// <paramref name="cut"/>-th write of the update; then it is powered on over the remounted medium.
        /// </summary>
        private static void RunCutScenario(string kind, byte[] payload, int cut)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 1 << 16);
            FaultInjectingStorage storage = new FaultInjectingStorage(medium.Mount(), seed: cut);
            Scenario scenario = new Scenario(storage);
            storage.CutAtWrite = scenario.WritesAfterProvisioning + cut;
            bool died = false;
            try
            {
                scenario.Install(payload);
            }
            catch (PowerCutException)
            {
                died = true;
            }

            Assert.True(died, "cut " + cut + " did not happen");
            Assert.True(storage.IsDead, "cut " + cut + ": storage still alive after the cut");
            storage.PowerOn();
            IStorage flash = medium.Mount();

            // Power on again: it must boot exactly the old or the new image.
            SimDevice device = scenario.Reboot(flash);
            Assert.True(device.Engine.BootedSlot >= 0, "cut " + cut + ": device did not boot");
            byte[] booted = ReadImage(flash, device.Engine.BootedSlot, device.Engine.State.Update);
            bool isOld = booted.AsSpan().SequenceEqual(TestDevice.FactoryImage);
            bool isNew = booted.AsSpan().SequenceEqual(payload);
            Assert.True(isOld || isNew, "cut " + cut + ": booted image is neither old nor new");
            long floor = device.Engine.State.Update.SecurityFloor;
            Assert.True(floor == OldFloor || floor == NewCounter, "cut " + cut + ": floor " + floor);
            Assert.True(isNew || floor == OldFloor, "cut " + cut + ": floor raised without the new image");

            // Retrying converges on the new image (resuming staging where it was cut).
            if (!isNew)
            {
                UpdateResult retry = device.Install(new MemoryPackageSource(scenario.Package), new VerificationReport());
                Assert.True(retry == UpdateResult.Accepted, "cut " + cut + ": retry gave " + retry);
            }

            Assert.Equal(NewCounter, device.Engine.State.Update.SecurityFloor);
            Assert.Equal(payload, ReadImage(flash, device.Engine.BootedSlot, device.Engine.State.Update));
        }

        /// <summary>Number of writes a full update takes after provisioning, on a medium of <paramref name="kind"/>.</summary>
        private static int CountWrites(string kind, byte[] payload)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 1 << 16);
            FaultInjectingStorage storage = new FaultInjectingStorage(medium.Mount());
            Scenario scenario = new Scenario(storage);
            Assert.Equal(UpdateResult.Accepted, scenario.Install(payload));
            return (int)(storage.WriteCount - scenario.WritesAfterProvisioning);
        }

        private static byte[] ReadImage(IStorage flash, int slot, UpdateState state)
        {
            int size = slot == state.ActiveSlot ? state.Active.Size : state.Pending.Size;
            byte[] image = new byte[size];
            flash.Read(UpdateEngine.SlotName(slot), 0, image, 0, size);
            return image;
        }

        private static byte[] Payload(int size)
        {
            byte[] payload = new byte[size];
            new Random(size).NextBytes(payload);
            return payload;
        }

        /// <summary>A provisioned device plus a signed package for it; the keys stay fixed across reboots.</summary>
        private sealed class Scenario
        {
            private static readonly TestKey Root = TestKey.Create(CoseAlgorithm.EdDSA);
            private static readonly TestKey Signer = TestKey.Create(CoseAlgorithm.EdDSA);
            private readonly ManualClock _clock = new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true);
            private readonly UpdateOptions _options = new UpdateOptions { BlockSize = 512, CheckpointEveryBlocks = 1 };
            private SimDevice _device;

            public Scenario(FaultInjectingStorage storage)
            {
                _device = new SimDevice(storage, _clock, 1 << 15, _options);
                TrustAnchor anchor = new TrustAnchor();
                anchor.Set(1, Root.Algorithm, Root.RawPublicKey, 0, Root.RawPublicKey.Length);
                _device.Engine.Provision(TestDevice.Vendor, TestDevice.DeviceClass, "dev-sweep", anchor, TestDevice.FactoryImage, 1, 0, 0, OldFloor);
                Assert.True(_device.PowerOn());
                WritesAfterProvisioning = storage.WriteCount;
            }

            public long WritesAfterProvisioning { get; }

            public byte[] Package { get; private set; } = Array.Empty<byte>();

            public UpdateResult Install(byte[] payload)
            {
                PackageForge forge = new PackageForge(Root, Signer) { Vendor = TestDevice.Vendor, DeviceClass = TestDevice.DeviceClass, SecurityCounter = NewCounter, Payload = payload };
                Package = forge.Build();
                return _device.Install(new MemoryPackageSource(Package), new VerificationReport());
            }

            public SimDevice Reboot(IStorage flash)
            {
                _device = new SimDevice(flash, _clock, 1 << 15, _options);
                _device.PowerOn();
                return _device;
            }
        }
    }
}
