using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// The update engine records every decision it makes through its event sink, in order, with
    /// the detail each <see cref="SecurityEventCode"/> documents: one flow per test.
    /// </summary>
    public class EngineEventTests
    {
        [Fact]
        public void Install_FirstValidPackage_RecordsEveryDecisionInOrder()
        {
            // The forge's packages carry revocation list v1, newer than a fresh device's none.
            TestDevice device = new TestDevice();
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.Accepted, device.Install(device.Forge(counter: 7).Build()));

            AssertEvents(
                device,
                Event(SecurityEventCode.UpdateVerified, 7),
                Event(SecurityEventCode.RevocationListUpdated, 1),
                Event(SecurityEventCode.UpdateStaged, 7),
                Event(SecurityEventCode.UpdateConfirmed, 7),
                Event(SecurityEventCode.SecurityCounterRaised, 7),
                Event(SecurityEventCode.Boot, 1));
        }

        [Fact]
        public void Install_CounterEqualToFloor_ConfirmedWithoutFloorRaised()
        {
            TestDevice device = new TestDevice();
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.Accepted, device.Install(device.Forge(counter: 1).Build()));

            AssertEvents(
                device,
                Event(SecurityEventCode.UpdateVerified, 1),
                Event(SecurityEventCode.RevocationListUpdated, 1),
                Event(SecurityEventCode.UpdateStaged, 1),
                Event(SecurityEventCode.UpdateConfirmed, 1),
                Event(SecurityEventCode.Boot, 1));
        }

        [Theory]
        [InlineData(UpdateResult.WrongDeviceClass)]
        [InlineData(UpdateResult.Rollback)]
        [InlineData(UpdateResult.BadMagic)]
        public void Install_RejectedAtManifest_RecordsRejectedWithReason(UpdateResult reason)
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            if (reason == UpdateResult.WrongDeviceClass)
            {
                forge.DeviceClass = "ventilator-v2";
            }
            else if (reason == UpdateResult.Rollback)
            {
                forge.SecurityCounter = 0;
            }

            byte[] package = forge.Build();
            if (reason == UpdateResult.BadMagic)
            {
                package[0] = (byte)'X';
            }

            device.Device.Events.Clear();
            Assert.Equal(reason, device.Install(package));

            AssertEvents(device, Event(SecurityEventCode.UpdateRejected, (int)reason));
        }

        [Fact]
        public void Install_PayloadDigestMismatch_RecordsRejectedAfterStaging()
        {
            TestDevice device = new TestDevice();
            byte[] package = device.Forge().Build();
            package[^2] ^= 0x01;
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.DigestMismatch, device.Install(package));

            AssertEvents(device, Event(SecurityEventCode.UpdateRejected, (int)UpdateResult.DigestMismatch));
        }

        [Fact]
        public void Install_ImageFailsHealthCheck_RecordsRevertedAndBootOfOldSlot()
        {
            TestDevice device = new TestDevice();
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.HealthCheckFailed, device.Install(device.Forge(counter: 9, payload: "broken " + MarkerHealthCheck.FailMarker).Build()));

            AssertEvents(
                device,
                Event(SecurityEventCode.UpdateVerified, 9),
                Event(SecurityEventCode.RevocationListUpdated, 1),
                Event(SecurityEventCode.UpdateStaged, 9),
                Event(SecurityEventCode.UpdateReverted, 9),
                Event(SecurityEventCode.Boot, 0));
        }

        [Fact]
        public void PowerOn_ResetDuringTestBoot_RecordsReverted()
        {
            TestDevice device = new TestDevice();
            Assert.Equal(UpdateResult.Accepted, device.Device.Engine.Install(new MemoryPackageSource(device.Forge(counter: 4).Build()), new VerificationReport()));

            // The test boot writes Trial, then dies while writing the confirmation.
            device.Storage.CutAtWrite = device.Storage.WriteCount + 2;
            Assert.Throws<PowerCutException>(() => device.Device.PowerOn());
            device.Storage.PowerOn();
            device.Device.Events.Clear();

            Assert.True(device.Device.PowerOn());

            AssertEvents(device, Event(SecurityEventCode.UpdateReverted, 4), Event(SecurityEventCode.Boot, 0));
            Assert.Equal(1, device.State.SecurityFloor);
        }

        [Fact]
        public void Install_CarriesRotationAndNewerRevocationList_RecordsRootRotatedAndRevocationStored()
        {
            TestDevice device = new TestDevice();
            TestKey root2 = TestKey.Create(CoseAlgorithm.EdDSA);
            PackageForge forge = device.Forge(counter: 3);
            forge.Root = root2;
            forge.DelegationSigner = root2;
            forge.RevocationSigner = root2;
            forge.Rotations.Add(PackageForge.Rotation(device.Root, root2, 2));
            forge.RevocationListVersion = 5;
            forge.Revoked.Add(new byte[16]);
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.Accepted, device.Install(forge.Build()));

            AssertEvents(
                device,
                Event(SecurityEventCode.UpdateVerified, 3),
                Event(SecurityEventCode.RootRotated, 2),
                Event(SecurityEventCode.RevocationListUpdated, 5),
                Event(SecurityEventCode.UpdateStaged, 3),
                Event(SecurityEventCode.UpdateConfirmed, 3),
                Event(SecurityEventCode.SecurityCounterRaised, 3),
                Event(SecurityEventCode.Boot, 1));
        }

        [Fact]
        public void Install_SameRevocationListAsStored_NoRevocationEvent()
        {
            TestDevice device = new TestDevice();
            Assert.Equal(UpdateResult.Accepted, device.Install(device.Forge(counter: 2).Build()));
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.Accepted, device.Install(device.Forge(counter: 3).Build()));

            Assert.DoesNotContain(device.Device.Events.History, e => e.Code == SecurityEventCode.RevocationListUpdated || e.Code == SecurityEventCode.RootRotated);
        }

        [Fact]
        public void Install_WhileUpdateStaged_RecordsUpdatePendingRejection()
        {
            TestDevice device = new TestDevice();
            Assert.Equal(UpdateResult.Accepted, device.Device.Engine.Install(new MemoryPackageSource(device.Forge(counter: 4).Build()), new VerificationReport()));
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.UpdatePending, device.Device.Engine.Install(new MemoryPackageSource(device.Forge(counter: 5).Build()), new VerificationReport()));

            AssertEvents(device, Event(SecurityEventCode.UpdateRejected, (int)UpdateResult.UpdatePending));
        }

        [Fact]
        public void Install_AfterPowerCutMidStaging_RecordsStagingResumedWithOffset()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge(counter: 4);
            forge.Payload = new byte[10 * 512];
            byte[] package = forge.Build();
            device.Storage.CutAtWrite = device.Storage.WriteCount + 12;
            Assert.Throws<PowerCutException>(() => device.Install(package));
            device.Storage.PowerOn();
            Assert.True(device.Device.PowerOn());
            int resumeAt = device.State.StagedBytes;
            Assert.True(resumeAt > 0, "no checkpoint before the cut");
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.Accepted, device.Install(package));

            Assert.Equal(Event(SecurityEventCode.StagingResumed, resumeAt), device.Device.Events.History[0]);
            Assert.Equal(Event(SecurityEventCode.UpdateVerified, 4), device.Device.Events.History[1]);
        }

        [Fact]
        public void Verify_ValidAndRejectedPackages_RecordTheirVerdicts()
        {
            TestDevice device = new TestDevice();
            PackageForge foreign = device.Forge();
            foreign.Vendor = "globex";
            device.Device.Events.Clear();

            Assert.Equal(UpdateResult.Accepted, device.Verify(device.Forge(counter: 6).Build()));
            Assert.Equal(UpdateResult.WrongVendor, device.Verify(foreign.Build()));

            AssertEvents(device, Event(SecurityEventCode.UpdateVerified, 6), Event(SecurityEventCode.UpdateRejected, (int)UpdateResult.WrongVendor));
        }

        [Fact]
        public void PowerOn_NoValidState_RecordsBootFault()
        {
            MemoryStorage storage = new MemoryStorage(4096);
            SimDevice device = new SimDevice(storage, new ManualClock(0, false), 1024, new UpdateOptions());

            Assert.False(device.PowerOn());

            Assert.Equal(new[] { Event(SecurityEventCode.Boot, -1) }, device.Events.History);
        }

        [Fact]
        public void Open_SimDeviceInStateFolder_AppendsEventsToEventLog()
        {
            string dir = Path.Combine(Path.GetTempPath(), "mda-events-" + Guid.NewGuid().ToString("N"));
            try
            {
                SimDevice device = SimDevice.Open(dir, new SimConfig { SlotCapacity = 4096 });
                TestKey root = TestKey.Create(CoseAlgorithm.EdDSA);
                TrustAnchor anchor = new TrustAnchor();
                anchor.Set(1, root.Algorithm, root.RawPublicKey, 0, root.RawPublicKey.Length);
                device.Engine.Provision("acme", "pump-x1", "dev-1", anchor, TestDevice.FactoryImage, 1, 0, 0, 1);
                Assert.True(device.PowerOn());
                Assert.Equal(UpdateResult.BadMagic, device.Engine.Verify(new MemoryPackageSource(new byte[64]), new VerificationReport()));
                ((IDisposable)device.Storage).Dispose();

                string[] lines = File.ReadAllLines(Path.Combine(dir, SimDevice.EventLogName));
                Assert.Equal(2, lines.Length);
                Assert.EndsWith(" Boot 0", lines[0], StringComparison.Ordinal);
                Assert.EndsWith(" UpdateRejected 11 (BadMagic)", lines[1], StringComparison.Ordinal);
                Assert.Equal(0, device.Events.LogFailures);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        private static SecurityEvent Event(SecurityEventCode code, long detail) => new SecurityEvent(code, detail);

        private static void AssertEvents(TestDevice device, params SecurityEvent[] expected) => Assert.Equal(expected, device.Device.Events.History);
    }
}
