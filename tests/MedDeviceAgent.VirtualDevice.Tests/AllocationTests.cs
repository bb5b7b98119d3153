using System;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// Verifying and staging must allocate a bounded amount of managed memory, independent of the
    /// payload size (the device heap is about 100 KB). Measured with GC.GetAllocatedBytesForCurrentThread
    /// around the core's Install (verify + stream + stage + checkpoints), on allocation-free flash.
    /// The 64 MiB case runs in the benchmark suite (UpdateStagingBenchmarks).
    /// </summary>
    [Collection(SerialCollection.Name)]
    public class AllocationTests
    {
        private const int Budget = 16 * 1024;

        [Theory]
        [InlineData(CoseAlgorithm.EdDSA)]
        [InlineData(CoseAlgorithm.ES256)]
        public void Install_256KiBAnd1MiBPayloads_AllocateUnder16KiBAndTheSame(CoseAlgorithm algorithm)
        {
            // One install first, unmeasured: what the process allocates once (type statics, the
            // first use of the install path's types) is not a cost of an install.
            MeasureInstall(algorithm, 4096);
            long small = MeasureInstall(algorithm, 256 * 1024);
            long large = MeasureInstall(algorithm, 1024 * 1024);

            Assert.True(small <= Budget, "256 KiB payload allocated " + small + " bytes");
            Assert.True(large <= Budget, "1 MiB payload allocated " + large + " bytes");
            Assert.True(Math.Abs(large - small) <= 512, "allocation grew with payload size: " + small + " -> " + large);
        }

        internal static long MeasureInstall(CoseAlgorithm algorithm, int payloadSize)
        {
            int capacity = payloadSize + 4096;
            MemoryStorage storage = new MemoryStorage(capacity);
            storage.Preallocate("slot0.img", "slot1.img", "state.a", "state.b");
            UpdateOptions options = new UpdateOptions { BlockSize = 4096, CheckpointEveryBlocks = 16 };
            TestDevice device = new TestDevice(algorithm, capacity, options, storage);
            PackageForge forge = device.Forge(counter: 3);
            forge.Payload = new byte[payloadSize];
            new Random(payloadSize).NextBytes(forge.Payload);
            byte[] package = forge.Build();
            MemoryPackageSource source = new MemoryPackageSource(package);

            // Warm up code paths and one-time tables with a full verification first.
            Assert.Equal(UpdateResult.Accepted, device.Device.Engine.Verify(source, new VerificationReport()));
            VerificationReport report = new VerificationReport();
            long before = GC.GetAllocatedBytesForCurrentThread();
            UpdateResult result = device.Device.Engine.Install(source, report);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(UpdateResult.Accepted, result);
            return allocated;
        }
    }
}
