using System;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    public class UpdateEngineTests
    {
        [Theory]
        [InlineData(CoseAlgorithm.EdDSA)]
        [InlineData(CoseAlgorithm.ES256)]
        public void Install_ValidPackage_ConfirmsNewImageAndRaisesFloor(CoseAlgorithm algorithm)
        {
            TestDevice device = new TestDevice(algorithm);
            PackageForge forge = device.Forge(counter: 7);

            Assert.Equal(UpdateResult.Accepted, device.Install(forge.Build()));

            Assert.Equal(1, device.State.ActiveSlot);
            Assert.Equal(7, device.State.SecurityFloor);
            Assert.Equal("1.1.0", device.State.Active.VersionText);
            Assert.Equal(UpdatePhase.None, device.State.Phase);
            Assert.Equal(SHA256.HashData(forge.Payload), device.BootedImageDigest());
            Assert.Equal(1, device.Device.HealthCheck.Runs);
        }

        [Fact]
        public void Install_WithProgressHandler_ReportsEveryBlockUpToTheSize()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.Payload = new byte[5000];
            System.Collections.Generic.List<int> reports = new System.Collections.Generic.List<int>();
            device.Device.PayloadProgress = (done, total) =>
            {
                Assert.Equal(5000, total);
                reports.Add(done);
            };

            Assert.Equal(UpdateResult.Accepted, device.Install(forge.Build()));

            Assert.Equal(new[] { 512, 1024, 1536, 2048, 2560, 3072, 3584, 4096, 4608, 5000 }, reports);
        }

        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void Install_AfterPowerCutMidStaging_ResumesFromLastCheckpoint(string kind)
        {
            using FlashMedium flash = FlashMedium.Create(kind, (1 << 20) + 4096);
            TestDevice device = new TestDevice(medium: flash.Mount());
            PackageForge forge = device.Forge(counter: 4);
            forge.Payload = new byte[20 * 512];
            new Random(5).NextBytes(forge.Payload);
            byte[] package = forge.Build();

            // Cut the power at the 25th write: staging is 1 state write, then per block one slot
            // write and one checkpoint, so the cut lands in the middle of the payload.
            device.Storage.CutAtWrite = device.Storage.WriteCount + 25;
            Assert.Throws<PowerCutException>(() => device.Install(package));
            device.Storage.PowerOn();
            Assert.True(device.Device.PowerOn());
            Assert.Equal(UpdatePhase.Staging, device.State.Phase);
            int resumeAt = device.State.StagedBytes;
            Assert.True(resumeAt > 0 && resumeAt < forge.Payload.Length, "resume point " + resumeAt);

            int progressStart = -1;
            device.Device.PayloadProgress = (done, total) =>
            {
                if (progressStart < 0)
                {
                    progressStart = done;
                }
            };
            Assert.Equal(UpdateResult.Accepted, device.Install(package));

            Assert.Equal(resumeAt + 512, progressStart);
            Assert.Equal(SHA256.HashData(forge.Payload), device.BootedImageDigest());
        }

        [Fact]
        public void Install_TwoUpdatesInARow_AlternatesSlots()
        {
            TestDevice device = new TestDevice();
            Assert.Equal(UpdateResult.Accepted, device.Install(device.Forge(2, "image two").Build()));
            Assert.Equal(UpdateResult.Accepted, device.Install(device.Forge(3, "image three").Build()));

            Assert.Equal(0, device.State.ActiveSlot);
            Assert.Equal(3, device.State.SecurityFloor);
            Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes("image three")), device.BootedImageDigest());
        }

        [Fact]
        public void Verify_ValidPackage_AcceptsWithoutChangingState()
        {
            TestDevice device = new TestDevice();
            int before = device.Storage.GetLength("slot1.img");
            Assert.Equal(UpdateResult.Accepted, device.Verify(device.Forge().Build()));
            Assert.Equal(0, device.State.ActiveSlot);
            Assert.Equal(1, device.State.SecurityFloor);
            Assert.Equal(before, device.Storage.GetLength("slot1.img"));
        }

        [Fact]
        public void Install_ArbitraryBytes_RejectedAsBadMagic()
        {
            TestDevice device = new TestDevice();
            byte[] junk = RandomNumberGenerator.GetBytes(4096);
            junk[0] = 0;
            AssertRejected(device, junk, UpdateResult.BadMagic);
        }

        [Fact]
        public void Install_RejectedBeforeStaging_WritesNothingToFlash()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.DeviceClass = "other";
            long writes = device.Storage.WriteCount;

            Assert.Equal(UpdateResult.WrongDeviceClass, device.Device.Engine.Install(new MemoryPackageSource(forge.Build()), new VerificationReport()));
            Assert.Equal(UpdateResult.BadMagic, device.Device.Engine.Install(new MemoryPackageSource(new byte[64]), new VerificationReport()));

            Assert.Equal(writes, device.Storage.WriteCount);
        }

        [Fact]
        public void Install_SignedByUndelegatedKey_RejectedAsBadSignature()
        {
            TestDevice device = new TestDevice();
            TestKey intruder = TestKey.Create(CoseAlgorithm.EdDSA);
            // Rebuild the delegation for the real signer but sign the envelope with the intruder.
            PackageForge mixed = device.Forge();
            byte[] delegation = mixed.Delegation();
            AssertRejected(device, ForgeWithDelegation(intruder, device.Signer.KeyId, delegation, mixed), UpdateResult.BadSignature);
        }

        [Fact]
        public void Install_DelegationSignedByOtherRoot_RejectedAsInvalidDelegation()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.DelegationSigner = TestKey.Create(CoseAlgorithm.EdDSA);
            AssertRejected(device, forge.Build(), UpdateResult.InvalidDelegation);
        }

        [Fact]
        public void Install_NoDelegation_RejectedAsMissingDelegation()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.IncludeDelegation = false;
            AssertRejected(device, forge.Build(), UpdateResult.MissingDelegation);
        }

        [Fact]
        public void Install_CommandSignerKey_RejectedAsWrongKeyRole()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.Role = KeyRole.CommandSigner;
            AssertRejected(device, forge.Build(), UpdateResult.WrongKeyRole);
        }

        [Fact]
        public void Install_ExpiredDelegation_RejectedAsDelegationExpired()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.NotAfter = device.Clock.UtcNowSeconds - 1;
            AssertRejected(device, forge.Build(), UpdateResult.DelegationExpired);
        }

        [Fact]
        public void Install_DelegationNotYetValid_RejectedAsDelegationNotYetValid()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.NotBefore = device.Clock.UtcNowSeconds + 3600;
            AssertRejected(device, forge.Build(), UpdateResult.DelegationNotYetValid);
        }

        [Fact]
        public void Install_RevokedSigner_RejectedAsKeyRevoked()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.RevocationListVersion = 2;
            forge.Revoked.Add(device.Signer.KeyId);
            AssertRejected(device, forge.Build(), UpdateResult.KeyRevoked);
        }

        [Fact]
        public void Install_RevocationStoredByEarlierUpdate_RejectsLaterPackageWithOldList()
        {
            TestDevice device = new TestDevice();
            TestKey oldSigner = device.Signer;
            // Package 1 is signed by a new signer and carries list v2 revoking the old signer.
            PackageForge first = new PackageForge(device.Root, TestKey.Create(CoseAlgorithm.EdDSA)) { Vendor = TestDevice.Vendor, DeviceClass = TestDevice.DeviceClass, SecurityCounter = 2, RevocationListVersion = 2 };
            first.Revoked.Add(oldSigner.KeyId);
            Assert.Equal(UpdateResult.Accepted, device.Install(first.Build()));
            Assert.Equal(2, device.Trust.RevocationVersion);

            // Package 2 is signed by the old signer and carries the old list v1: the stored v2 wins.
            PackageForge second = device.Forge(counter: 3);
            AssertRejected(device, second.Build(), UpdateResult.KeyRevoked);
        }

        [Fact]
        public void Install_RevocationListSignedByOtherKey_RejectedAsInvalidRevocationList()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.RevocationSigner = device.Signer;
            AssertRejected(device, forge.Build(), UpdateResult.InvalidRevocationList);
        }

        [Fact]
        public void Install_RevocationListLongerThanDeviceStores_RejectedAsInvalidRevocationList()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.RevocationListVersion = 2;
            for (int i = 0; i <= PackageFormat.MaxRevokedKeys; i++)
            {
                forge.Revoked.Add(RandomNumberGenerator.GetBytes(16));
            }

            AssertRejected(device, forge.Build(), UpdateResult.InvalidRevocationList);
        }

        [Fact]
        public void Install_RequiresNewerRevocationListThanAvailable_RejectedAsOutdated()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.IncludeRevocation = false;
            forge.RequiredRevocationVersion = 1;
            AssertRejected(device, forge.Build(), UpdateResult.RevocationListOutdated);
        }

        [Fact]
        public void Install_LowerSecurityCounterAfterUpdate_RejectedAsRollback()
        {
            TestDevice device = new TestDevice();
            byte[] older = device.Forge(counter: 2, payload: "old but signed").Build();
            Assert.Equal(UpdateResult.Accepted, device.Install(device.Forge(counter: 5).Build()));
            AssertRejected(device, older, UpdateResult.Rollback);
            Assert.Equal(5, device.State.SecurityFloor);
        }

        [Fact]
        public void Install_CounterBelowFactoryFloor_RejectedAsRollback()
        {
            TestDevice device = new TestDevice();
            AssertRejected(device, device.Forge(counter: 0).Build(), UpdateResult.Rollback);
        }

        [Fact]
        public void Install_OtherDeviceClass_RejectedAsWrongDeviceClass()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.DeviceClass = "ventilator-v2";
            AssertRejected(device, forge.Build(), UpdateResult.WrongDeviceClass);
        }

        [Fact]
        public void Install_OtherVendor_RejectedAsWrongVendor()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.Vendor = "globex";
            AssertRejected(device, forge.Build(), UpdateResult.WrongVendor);
        }

        [Fact]
        public void Install_ExpiredPackage_RejectedAsExpired()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.Expires = device.Clock.UtcNowSeconds - 10;
            AssertRejected(device, forge.Build(), UpdateResult.Expired);
        }

        [Fact]
        public void Verify_ExpiredPackageWithoutTrustedTime_AcceptsAndReportsSkippedTimeChecks()
        {
            TestDevice device = new TestDevice();
            device.Clock.IsTrusted = false;
            PackageForge forge = device.Forge();
            forge.Expires = device.Clock.UtcNowSeconds - 10;
            VerificationReport report = new VerificationReport();
            Assert.Equal(UpdateResult.Accepted, device.Device.Engine.Verify(new MemoryPackageSource(forge.Build()), report));
            Assert.True(report.TimeChecksSkipped);
        }

        [Fact]
        public void Install_DeclaredSizeLargerThanPayload_RejectedAsTruncated()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.ManifestSize = forge.Payload.Length + 100;
            AssertRejected(device, forge.Build(), UpdateResult.Truncated);
        }

        [Fact]
        public void Install_PayloadLongerThanDeclared_RejectedAsTrailingData()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.Trailer = new byte[] { 0xEE };
            AssertRejected(device, forge.Build(), UpdateResult.TrailingData);
        }

        [Fact]
        public void Install_PayloadLargerThanSlot_RejectedAsPayloadTooLarge()
        {
            TestDevice device = new TestDevice(slotCapacity: 1024);
            PackageForge forge = device.Forge();
            forge.Payload = new byte[2048];
            AssertRejected(device, forge.Build(), UpdateResult.PayloadTooLarge);
        }

        [Fact]
        public void Install_OversizedManifestLength_RejectedAsManifestTooLarge()
        {
            TestDevice device = new TestDevice();
            byte[] package = device.Forge().Build();
            package[6] = 0x20;
            package[7] = 0x01;
            AssertRejected(device, package, UpdateResult.ManifestTooLarge);
        }

        [Fact]
        public void Install_ManifestOfOnePackageWithPayloadOfAnother_RejectedAsDigestMismatch()
        {
            TestDevice device = new TestDevice();
            PackageForge a = device.Forge(payload: "payload AAAAAAAA");
            PackageForge b = device.Forge(payload: "payload BBBBBBBB");
            byte[] packageA = a.Build();
            byte[] packageB = b.Build();
            // Same lengths: splice B's payload after A's manifest.
            Array.Copy(packageB, packageB.Length - b.Payload.Length, packageA, packageA.Length - a.Payload.Length, b.Payload.Length);
            AssertRejected(device, packageA, UpdateResult.DigestMismatch);
            Assert.Equal(UpdatePhase.None, device.State.Phase);
        }

        [Fact]
        public void Install_TruncatedAtEveryLength_RejectedAndStateUnchanged()
        {
            TestDevice device = new TestDevice();
            byte[] package = device.Forge().Build();
            for (int length = 0; length < package.Length; length++)
            {
                byte[] cut = package.AsSpan(0, length).ToArray();
                UpdateResult result = device.Install(cut);
                Assert.True(result == UpdateResult.Truncated || result == UpdateResult.MalformedCbor, "length " + length + " gave " + result);
            }

            Assert.Equal(0, device.State.ActiveSlot);
            Assert.Equal(1, device.State.SecurityFloor);
        }

        [Fact]
        public void Install_EveryManifestByteFlipped_NeverAccepted()
        {
            TestDevice device = new TestDevice();
            byte[] package = device.Forge().Build();
            int envelopeEnd = 8 + ((package[6] << 8) | package[7]);
            for (int i = 8; i < envelopeEnd; i++)
            {
                byte[] tampered = (byte[])package.Clone();
                tampered[i] ^= 0x01;
                Assert.NotEqual(UpdateResult.Accepted, device.Verify(tampered));
            }
        }

        [Fact]
        public void Install_PayloadByteFlipped_RejectedAsDigestMismatch()
        {
            TestDevice device = new TestDevice();
            byte[] package = device.Forge().Build();
            package[^3] ^= 0x40;
            AssertRejected(device, package, UpdateResult.DigestMismatch);
        }

        [Fact]
        public void Install_UnknownUnprotectedHeader_RejectedAsInvalidCose()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.ExtraUnprotectedLabel = 33;
            AssertRejected(device, forge.Build(), UpdateResult.InvalidCose);
        }

        [Fact]
        public void Install_UnknownManifestField_RejectedAsInvalidManifest()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.ExtraManifestKey = 13;
            AssertRejected(device, forge.Build(), UpdateResult.InvalidManifest);
        }

        [Fact]
        public void Install_ManifestNamesOtherSigner_RejectedAsKeyIdMismatch()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.ManifestSignerKeyId = new byte[16];
            AssertRejected(device, forge.Build(), UpdateResult.KeyIdMismatch);
        }

        [Fact]
        public void Install_WrongFormatVersion_RejectedAsUnsupportedFormat()
        {
            TestDevice device = new TestDevice();
            byte[] package = device.Forge().Build();
            package[4] = 2;
            AssertRejected(device, package, UpdateResult.UnsupportedFormat);
        }

        [Fact]
        public void Install_RotatedRoot_AcceptedAndAnchorAdvances()
        {
            TestDevice device = new TestDevice();
            TestKey root2 = TestKey.Create(CoseAlgorithm.ES256);
            PackageForge forge = device.Forge();
            forge.Root = root2;
            forge.DelegationSigner = root2;
            forge.RevocationSigner = root2;
            forge.Rotations.Add(PackageForge.Rotation(device.Root, root2, 2));

            Assert.Equal(UpdateResult.Accepted, device.Install(forge.Build()));
            Assert.Equal(2, device.Trust.Root.Sequence);
            Assert.Equal(root2.KeyId, device.Trust.Root.KeyId);

            // The old root no longer delegates.
            AssertRejected(device, device.Forge(counter: 3).Build(), UpdateResult.InvalidDelegation);
        }

        [Fact]
        public void Install_RotationNotSignedByCurrentRoot_RejectedAsInvalidRootChain()
        {
            TestDevice device = new TestDevice();
            TestKey root2 = TestKey.Create(CoseAlgorithm.EdDSA);
            PackageForge forge = device.Forge();
            forge.DelegationSigner = root2;
            forge.RevocationSigner = root2;
            forge.Rotations.Add(PackageForge.Rotation(root2, root2, 2));
            AssertRejected(device, forge.Build(), UpdateResult.InvalidRootChain);
        }

        [Fact]
        public void Install_RotationSkippingASequence_RejectedAsInvalidRootChain()
        {
            TestDevice device = new TestDevice();
            TestKey root3 = TestKey.Create(CoseAlgorithm.EdDSA);
            PackageForge forge = device.Forge();
            forge.DelegationSigner = root3;
            forge.RevocationSigner = root3;
            forge.Rotations.Add(PackageForge.Rotation(device.Root, root3, 3));
            AssertRejected(device, forge.Build(), UpdateResult.InvalidRootChain);
        }

        [Fact]
        public void Install_ImageFailsHealthCheck_RevertsAndKeepsFloor()
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge(counter: 9, payload: "broken " + MarkerHealthCheck.FailMarker);

            Assert.Equal(UpdateResult.HealthCheckFailed, device.Install(forge.Build()));

            Assert.Equal(0, device.State.ActiveSlot);
            Assert.Equal(1, device.State.SecurityFloor);
            Assert.Equal(UpdatePhase.None, device.State.Phase);
            Assert.Equal(SHA256.HashData(TestDevice.FactoryImage), device.BootedImageDigest());
        }

        [Fact]
        public void PowerOn_HealthCheckThrowsOnTestBoot_RevertsToPreviousImage()
        {
            TestDevice device = new TestDevice();
            VerificationReport report = new VerificationReport();
            Assert.Equal(UpdateResult.Accepted, device.Device.Engine.Install(new MemoryPackageSource(device.Forge(counter: 4).Build()), report));
            Assert.Equal(UpdatePhase.Staged, device.State.Phase);

            UpdateEngine engine = new UpdateEngine(device.Storage, device.Clock, device.Device.Installer, device.Device.Indicator, new ThrowingHealthCheck(), device.Device.Events, device.Options);
            Assert.True(engine.PowerOn());
            Assert.Equal(0, engine.State.Update.ActiveSlot);
            Assert.Equal((int)UpdateResult.HealthCheckFailed, engine.State.Update.LastResult);
            Assert.Equal(1, engine.State.Update.SecurityFloor);
        }

        [Fact]
        public void Install_WhileUpdateStaged_RejectedAsUpdatePending()
        {
            TestDevice device = new TestDevice();
            Assert.Equal(UpdateResult.Accepted, device.Device.Engine.Install(new MemoryPackageSource(device.Forge(counter: 4).Build()), new VerificationReport()));
            Assert.Equal(UpdateResult.UpdatePending, device.Device.Engine.Install(new MemoryPackageSource(device.Forge(counter: 5).Build()), new VerificationReport()));
        }

        [Fact]
        public void PowerOn_StateSurvivesReboot_SameFieldsLoaded()
        {
            TestDevice device = new TestDevice();
            Assert.Equal(UpdateResult.Accepted, device.Install(device.Forge(counter: 6).Build()));
            Assert.True(device.Device.PowerOn());
            Assert.Equal(6, device.State.SecurityFloor);
            Assert.Equal(1, device.State.ActiveSlot);
            Assert.Equal(TestDevice.Vendor, device.Trust.VendorId);
            Assert.Equal(TestDevice.DeviceClass, device.Trust.DeviceClass);
            Assert.Equal("dev-0001", device.Trust.DeviceId);
        }

        private static void AssertRejected(TestDevice device, byte[] package, UpdateResult expected)
        {
            int slot = device.State.ActiveSlot;
            long floor = device.State.SecurityFloor;
            Assert.Equal(expected, device.Verify(package));
            Assert.Equal(expected, device.Install(package));
            Assert.Equal(slot, device.State.ActiveSlot);
            Assert.Equal(floor, device.State.SecurityFloor);
            Assert.Equal(UpdatePhase.None, device.State.Phase);
        }

        private static byte[] ForgeWithDelegation(TestKey envelopeSigner, byte[] kid, byte[] delegation, PackageForge forge)
        {
            System.Formats.Cbor.CborWriter unprotected = new System.Formats.Cbor.CborWriter(System.Formats.Cbor.CborConformanceMode.Lax);
            unprotected.WriteStartMap(2);
            unprotected.WriteInt32(CoseHeaderLabels.Delegation);
            unprotected.WriteByteString(delegation);
            unprotected.WriteInt32(CoseHeaderLabels.RevocationList);
            unprotected.WriteByteString(forge.RevocationList());
            unprotected.WriteEndMap();
            byte[] envelope = PackageForge.Sign1(envelopeSigner, kid, unprotected.Encode(), forge.Manifest());
            return PackageForge.Frame(envelope, forge.Payload, Array.Empty<byte>());
        }

        private sealed class ThrowingHealthCheck : MedDeviceAgent.Firmware.Core.Platform.IHealthCheck
        {
            public bool Check(int slot, int imageSize) => throw new InvalidOperationException("reset during health check");
        }
    }
}
