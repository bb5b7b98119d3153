using System;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Boards;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Support
{
    /// <summary>
    /// A provisioned virtual device on in-memory flash (or the given medium) with a manual clock, plus
    /// the keys that own it. The device sees both through the fault-injecting decorators
    /// (<see cref="Storage"/>, <see cref="ClockFaults"/>), transparent until a test arms a fault.
    /// </summary>
    public sealed class TestDevice
    {
        public const string Vendor = "acme";
        public const string DeviceClass = "pump-x1";
        public static readonly byte[] FactoryImage = Encoding.ASCII.GetBytes("factory image 1.0.0");

        public TestDevice(CoseAlgorithm algorithm = CoseAlgorithm.EdDSA, int slotCapacity = 1 << 20, UpdateOptions? options = null, IStorage? medium = null, BoardProfile? board = null)
        {
            Root = TestKey.Create(algorithm);
            Signer = TestKey.Create(algorithm);
            Storage = new FaultInjectingStorage(medium ?? new MemoryStorage((board?.SlotCapacityBytes ?? slotCapacity) + 4096));
            Clock = new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true);
            ClockFaults = new JumpingClock(Clock);
            Options = board?.CreateUpdateOptions() ?? options ?? new UpdateOptions { BlockSize = 512, CheckpointEveryBlocks = 1 };
            Device = board != null ? SimDevice.ForBoard(Storage, ClockFaults, board) : new SimDevice(Storage, ClockFaults, slotCapacity, Options);
            TrustAnchor anchor = new TrustAnchor();
            anchor.Set(1, Root.Algorithm, Root.RawPublicKey, 0, Root.RawPublicKey.Length);
            Device.Engine.Provision(Vendor, DeviceClass, "dev-0001", anchor, FactoryImage, 1, 0, 0, 1);
            Assert.True(Device.PowerOn());
        }

        public TestKey Root { get; }
        public TestKey Signer { get; }

        /// <summary>The device's flash: the medium behind the power-cut decorator.</summary>
        public FaultInjectingStorage Storage { get; }

        /// <summary>The clock a test sets by hand (the device reads it through <see cref="ClockFaults"/>).</summary>
        public ManualClock Clock { get; }

        /// <summary>The clock the device reads: <see cref="Clock"/> behind the jumping-clock decorator.</summary>
        public JumpingClock ClockFaults { get; }

        public UpdateOptions Options { get; }
        public SimDevice Device { get; }
        /// <summary>The update part of the device state (images, floor, pending update).</summary>
        public UpdateState State => Device.Engine.State.Update;

        /// <summary>The trust part of the device state (identity, root, revocation list).</summary>
        public TrustState Trust => Device.Engine.State.Trust;

        public PackageForge Forge(long counter = 2, string payload = "firmware image 1.1.0")
        {
            return new PackageForge(Root, Signer)
            {
                Vendor = Vendor,
                DeviceClass = DeviceClass,
                SecurityCounter = counter,
                Payload = Encoding.ASCII.GetBytes(payload),
            };
        }

        public UpdateResult Install(byte[] package) => Device.Install(new MemoryPackageSource(package), new VerificationReport());

        public UpdateResult Verify(byte[] package) => Device.Engine.Verify(new MemoryPackageSource(package), new VerificationReport());

        /// <summary>SHA-256 of the image in the slot the device booted.</summary>
        public byte[] BootedImageDigest()
        {
            int slot = Device.Engine.BootedSlot;
            Assert.True(slot >= 0, "device did not boot");
            int length = State.Active.Size;
            byte[] image = new byte[length];
            Storage.Read(UpdateEngine.SlotName(slot), 0, image, 0, length);
            return SHA256.HashData(image);
        }
    }
}
