using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
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
            int totalWrites = CountWrites(() => new MemoryStorage(1 << 16), payload, out _);
            Assert.True(totalWrites > 20, "a full update should take many writes, took " + totalWrites);

            for (int cut = 1; cut <= totalWrites; cut++)
            {
                MemoryStorage storage = new MemoryStorage(1 << 16, seed: cut);
                RunCutScenario(storage, () => storage.Revive(), () => storage, payload, cut);
            }
        }

        [Fact]
        public void Install_PowerCutAtEveryWriteOnFileFlash_BootsOldOrNewAndRecovers()
        {
            byte[] payload = Payload(2500);
            string root = Path.Combine(Path.GetTempPath(), "mda-sweep-" + Guid.NewGuid().ToString("N"));
            try
            {
                int n = 0;
                int totalWrites = CountWrites(() => new FileStorage(Path.Combine(root, "count")), payload, out _);
                for (int cut = 1; cut <= totalWrites; cut++)
                {
                    string dir = Path.Combine(root, "cut" + (n++).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    FileStorage first = new FileStorage(dir, seed: cut);
                    FileStorage? current = first;
                    RunCutScenario(first, () => current = new FileStorage(dir, seed: cut), () => current!, payload, cut);
                }
            }
            finally
            {
                Directory.Delete(root, true);
            }
        }

        private static void RunCutScenario(IStorage storage, Action revive, Func<IStorage> afterRevive, byte[] payload, int cut)
        {
            Scenario scenario = new Scenario(storage);
            SetCut(storage, scenario.WritesAfterProvisioning + cut);
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
            revive();
            IStorage flash = afterRevive();

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

        private static int CountWrites(Func<IStorage> make, byte[] payload, out Scenario scenario)
        {
            IStorage storage = make();
            scenario = new Scenario(storage);
            long before = WriteCount(storage);
            Assert.Equal(UpdateResult.Accepted, scenario.Install(payload));
            return (int)(WriteCount(storage) - before);
        }

        private static long WriteCount(IStorage storage) => storage is MemoryStorage m ? m.WriteCount : ((FileStorage)storage).WriteCount;

        private static void SetCut(IStorage storage, long index)
        {
            if (storage is MemoryStorage m)
            {
                m.CutAtWrite = index;
            }
            else
            {
                ((FileStorage)storage).CutAtWrite = index;
            }
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

            public Scenario(IStorage storage)
            {
                _device = new SimDevice(storage, _clock, 1 << 15, _options);
                TrustAnchor anchor = new TrustAnchor();
                anchor.Set(1, Root.Algorithm, Root.RawPublicKey, 0, Root.RawPublicKey.Length);
                _device.Engine.Provision(TestDevice.Vendor, TestDevice.DeviceClass, "dev-sweep", anchor, TestDevice.FactoryImage, 1, 0, 0, OldFloor);
                Assert.True(_device.PowerOn());
                WritesAfterProvisioning = WriteCount(storage);
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
