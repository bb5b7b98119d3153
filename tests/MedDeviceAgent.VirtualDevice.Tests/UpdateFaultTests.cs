using System;
using System.Security.Cryptography;
using System.Threading.Tasks;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// The update engine under the faults of its other seams: a package source that fails, ends
    /// early or stalls in the middle of the payload, and a clock that jumps. (Power cuts of the
    /// flash: <see cref="PowerCutSweepTests"/>.)
    /// </summary>
    public class UpdateFaultTests
    {
        private const int BlockSize = 512;

        [Fact]
        public void Install_TransportErrorMidPayload_KeepsTheCheckpointAndARetryResumesIt()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = Forge(device, 20 * BlockSize);
            byte[] package = forge.Build();
            long payloadOffset = package.Length - forge.Payload.Length;
            using FaultingPackageSource source = new FaultingPackageSource(new MemoryPackageSource(package), PackageSourceFault.TransportError, payloadOffset + (10 * BlockSize) + 100);

            // Until IPackageSource.Read can report a transport error, the fault surfaces as an exception.
            Assert.Throws<TransportFaultException>(() => device.Device.Install(source, new VerificationReport()));

            Assert.True(device.Device.PowerOn());
            Assert.Equal(UpdatePhase.Staging, device.State.Phase);
            Assert.Equal(10 * BlockSize, device.State.StagedBytes);
            Assert.Equal(1, device.State.SecurityFloor);

            int progressStart = -1;
            device.Device.PayloadProgress = (done, total) =>
            {
                if (progressStart < 0)
                {
                    progressStart = done;
                }
            };
            Assert.Equal(UpdateResult.Accepted, device.Device.Install(source, new VerificationReport()));

            Assert.Equal((10 * BlockSize) + BlockSize, progressStart);
            Assert.Equal(SHA256.HashData(forge.Payload), device.BootedImageDigest());
            Assert.Equal(1, source.FaultsRaised);
        }

        [Fact]
        public void Install_DataEndsMidPayload_RejectedAsTruncatedAndTheOldImageStillBoots()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = Forge(device, 8 * BlockSize);
            byte[] package = forge.Build();
            long payloadOffset = package.Length - forge.Payload.Length;
            using FaultingPackageSource source = new FaultingPackageSource(new MemoryPackageSource(package), PackageSourceFault.EndOfData, payloadOffset + (3 * BlockSize));

            Assert.Equal(UpdateResult.Truncated, device.Device.Install(source, new VerificationReport()));

            Assert.Equal(1, device.State.SecurityFloor);
            Assert.Equal(0, device.State.ActiveSlot);
            Assert.True(device.Device.PowerOn());
            Assert.Equal(SHA256.HashData(TestDevice.FactoryImage), device.BootedImageDigest());
        }

        [Fact]
        public async Task Install_SourceStallsMidPayload_WaitsWithoutDecidingAndCompletesAfterRelease()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = Forge(device, 12 * BlockSize);
            byte[] package = forge.Build();
            long payloadOffset = package.Length - forge.Payload.Length;
            using FaultingPackageSource source = new FaultingPackageSource(new MemoryPackageSource(package), PackageSourceFault.Stall, payloadOffset + (6 * BlockSize));

            Task<UpdateResult> installing = Task.Run(() => device.Device.Install(source, new VerificationReport()));

            Assert.True(source.WaitUntilStalled(TimeSpan.FromSeconds(30)), "the install never reached the stall");
            Assert.False(installing.IsCompleted, "the install decided while its source was stalled");
            Assert.Equal(UpdatePhase.Staging, device.State.Phase);
            Assert.Equal(6 * BlockSize, device.State.StagedBytes);
            source.Release();

            Assert.Equal(UpdateResult.Accepted, await installing.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(SHA256.HashData(forge.Payload), device.BootedImageDigest());
        }

        [Fact]
        public void Install_ClockJumpsPastTheDelegationEndAfterVerify_RejectedAndNothingWritten()
        {
            TestDevice device = new TestDevice();
            byte[] package = device.Forge(counter: 3).Build();
            Assert.Equal(UpdateResult.Accepted, device.Verify(package));
            long writes = device.Storage.WriteCount;

            device.ClockFaults.Jump(2L * 365 * 24 * 3600);

            Assert.Equal(UpdateResult.DelegationExpired, device.Install(package));
            Assert.Equal(writes, device.Storage.WriteCount);
            Assert.Equal(1, device.State.SecurityFloor);
            Assert.Equal(UpdatePhase.None, device.State.Phase);
        }

        [Fact]
        public void Install_ClockJumpsBackBeforeTheDelegationStart_RejectedUntilTheClockIsCorrected()
        {
            TestDevice device = new TestDevice();
            byte[] package = device.Forge(counter: 3).Build();

            device.ClockFaults.Jump(-2 * 3600);
            Assert.Equal(UpdateResult.DelegationNotYetValid, device.Install(package));
            Assert.Equal(1, device.State.SecurityFloor);

            device.ClockFaults.Jump(2 * 3600);
            Assert.Equal(UpdateResult.Accepted, device.Install(package));
            Assert.Equal(3, device.State.SecurityFloor);
        }

        [Fact]
        public void Install_ClockJumpsBackAYearAfterAnUpdate_AnOlderPackageIsStillRollback()
        {
            TestDevice device = new TestDevice();
            long yearAgo = device.Clock.UtcNowSeconds - (365L * 24 * 3600);
            PackageForge newer = device.Forge(counter: 5, payload: "image five");
            newer.NotBefore = yearAgo - (365L * 24 * 3600);
            PackageForge older = device.Forge(counter: 3, payload: "image three");
            older.NotBefore = newer.NotBefore;
            older.Created = yearAgo - 3600;
            Assert.Equal(UpdateResult.Accepted, device.Install(newer.Build()));

            device.ClockFaults.Jump(-365L * 24 * 3600);

            Assert.Equal(UpdateResult.Rollback, device.Install(older.Build()));
            Assert.Equal(5, device.State.SecurityFloor);
            Assert.Equal(SHA256.HashData(newer.Payload), device.BootedImageDigest());
        }

        private static PackageForge Forge(TestDevice device, int payloadSize)
        {
            PackageForge forge = device.Forge(counter: 4);
            forge.Payload = new byte[payloadSize];
            new Random(payloadSize).NextBytes(forge.Payload);
            return forge;
        }
    }
}
