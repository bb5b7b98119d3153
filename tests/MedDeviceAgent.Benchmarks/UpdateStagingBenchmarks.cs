using System;
using BenchmarkDotNet.Attributes;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.Benchmarks
{
    /// <summary>
    /// Verify + stage of a package on the virtual device (allocation-free in-memory flash), for a
    /// 1 MiB and a 64 MiB payload. The Allocated column is the managed memory the core allocates per
    /// install: the target is at most 16 KiB for both sizes alike.
    /// </summary>
    [MemoryDiagnoser]
    public class UpdateStagingBenchmarks
    {
        private MemoryStorage _storage = null!;
        private SimDevice _device = null!;
        private MemoryPackageSource _source = null!;
        private BenchmarkPackage _package = null!;

        [Params(1 << 20, 64 << 20)]
        public int PayloadSize { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            _package = BenchmarkPackage.Create(CoseAlgorithm.EdDSA, PayloadSize);
            _source = new MemoryPackageSource(_package.Bytes);
            _storage = new MemoryStorage(PayloadSize + 4096);
            _storage.Preallocate("slot0.img", "slot1.img", "state.a", "state.b");
        }

        [IterationSetup]
        public void Provision()
        {
            _device = new SimDevice(_storage, new SystemClock(), PayloadSize + 4096, new UpdateOptions());
            _package.Provision(_device);
            _device.PowerOn();
        }

        [Benchmark]
        public UpdateResult VerifyAndStage() => _device.Engine.Install(_source, new VerificationReport());
    }
}
