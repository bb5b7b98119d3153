using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// The core's entry point for verifying a package without a device: a trust state plus explicit
    /// device rules (what the companion's 'package verify' is to call).
    /// </summary>
    public class CorePackageVerifierTests
    {
        private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        private readonly TestKey _root = TestKey.Create(CoseAlgorithm.EdDSA);
        private readonly TestKey _signer = TestKey.Create(CoseAlgorithm.EdDSA);

        [Fact]
        public void Verify_ValidPackageAndExplicitRules_AcceptedWithFindings()
        {
            PackageForge forge = Forge();
            forge.Payload = new byte[10000];
            new Random(3).NextBytes(forge.Payload);
            List<int> progress = new List<int>();
            VerificationReport report = new VerificationReport();

            UpdateResult result = PackageVerifier.Verify(new MemoryPackageSource(forge.Build()), Trust(), Rules(), (done, total) => progress.Add(done), report);

            Assert.Equal(UpdateResult.Accepted, result);
            Assert.Equal(UpdateResult.Accepted, report.Result);
            Assert.Equal(TrustVerdict.Trusted, report.Chain.Verdict);
            Assert.Equal("1.1.0", report.Manifest.Image.VersionText);
            Assert.Equal(_signer.KeyId, report.Delegation.Statement.Buffer.AsSpan(report.Delegation.KeyIdOffset, 16).ToArray());
            Assert.False(report.TimeChecksSkipped);
            Assert.Equal(new[] { 4096, 8192, 10000 }, progress);
        }

        [Fact]
        public void Verify_PayloadByteFlipped_DigestMismatchWhileMetadataAccepted()
        {
            byte[] package = Forge().Build();
            package[^1] ^= 1;

            Assert.Equal(UpdateResult.Accepted, PackageVerifier.VerifyMetadata(new MemoryPackageSource(package), Trust(), Rules(), new VerificationReport()));
            Assert.Equal(UpdateResult.DigestMismatch, PackageVerifier.Verify(new MemoryPackageSource(package), Trust(), Rules(), null!, new VerificationReport()));
        }

        [Fact]
        public void Verify_NoTimeChecks_ExpiredPackageAcceptedAndReportedSkipped()
        {
            PackageForge forge = Forge();
            forge.Expires = Now - 10;
            forge.NotAfter = Now - 5;
            DeviceRules rules = Rules();
            rules.UseNoTimeChecks();
            VerificationReport report = new VerificationReport();

            Assert.Equal(UpdateResult.Accepted, PackageVerifier.Verify(new MemoryPackageSource(forge.Build()), Trust(), rules, null!, report));
            Assert.True(report.TimeChecksSkipped);
        }

        [Fact]
        public void Verify_FixedTimeAfterExpiry_RejectedAsExpired()
        {
            PackageForge forge = Forge();
            forge.Expires = Now + 100;
            DeviceRules rules = Rules();
            rules.UseTime(Now + 101);

            Assert.Equal(UpdateResult.Expired, Verify(forge.Build(), rules));
            rules.UseTime(Now + 99);
            Assert.Equal(UpdateResult.Accepted, Verify(forge.Build(), rules));
        }

        [Fact]
        public void Verify_UntrustedClock_SkipsTimeChecks()
        {
            PackageForge forge = Forge();
            forge.Expires = Now - 10;
            DeviceRules rules = Rules();
            rules.UseClock(new MedDeviceAgent.VirtualDevice.Platform.ManualClock(Now, false));
            VerificationReport report = new VerificationReport();

            Assert.Equal(UpdateResult.Accepted, PackageVerifier.VerifyMetadata(new MemoryPackageSource(forge.Build()), Trust(), rules, report));
            Assert.True(report.TimeChecksSkipped);
        }

        [Fact]
        public void Verify_EachDeviceRule_Enforced()
        {
            byte[] package = Forge().Build();

            DeviceRules vendor = Rules();
            vendor.SetIdentity("other", TestDevice.DeviceClass);
            Assert.Equal(UpdateResult.WrongVendor, Verify(package, vendor));

            DeviceRules deviceClass = Rules();
            deviceClass.SetIdentity(TestDevice.Vendor, "pump-x2");
            Assert.Equal(UpdateResult.WrongDeviceClass, Verify(package, deviceClass));

            DeviceRules floor = Rules();
            floor.SecurityFloor = 3;
            Assert.Equal(UpdateResult.Rollback, Verify(package, floor));

            DeviceRules slot = Rules();
            slot.SlotCapacity = 5;
            Assert.Equal(UpdateResult.PayloadTooLarge, Verify(package, slot));
        }

        [Fact]
        public void Verify_SlotCapacityNeverSet_NothingFits()
        {
            DeviceRules rules = new DeviceRules();
            rules.SetIdentity(TestDevice.Vendor, TestDevice.DeviceClass);
            rules.UseNoTimeChecks();

            Assert.Equal(UpdateResult.PayloadTooLarge, Verify(Forge().Build(), rules));
        }

        [Fact]
        public void Verify_IncompleteRules_Throws()
        {
            byte[] package = Forge().Build();
            DeviceRules noTime = new DeviceRules { SlotCapacity = 1 << 20 };
            noTime.SetIdentity(TestDevice.Vendor, TestDevice.DeviceClass);
            DeviceRules noIdentity = new DeviceRules { SlotCapacity = 1 << 20 };
            noIdentity.UseNoTimeChecks();

            Assert.Throws<InvalidOperationException>(() => Verify(package, noTime));
            Assert.Throws<InvalidOperationException>(() => Verify(package, noIdentity));
            Assert.Throws<ArgumentException>(() => noIdentity.SetIdentity(string.Empty, TestDevice.DeviceClass));
            Assert.Throws<ArgumentOutOfRangeException>(() => noIdentity.SecurityFloor = -1);
        }

        [Fact]
        public void Verify_RevocationListHeldInTrustState_RevokedSignerRefused()
        {
            // The companion's "--revocation-list": a root-signed list adopted into the trust state first.
            PackageForge listForge = Forge();
            listForge.RevocationListVersion = 2;
            listForge.Revoked.Add(_signer.KeyId);
            byte[] statement = listForge.RevocationList();
            TrustState trust = Trust();
            RevocationList list = new RevocationList();
            Assert.Equal(TrustVerdict.Trusted, list.ParseAndVerify(statement, 0, statement.Length, trust.Root));
            list.CopyTo(trust);

            Assert.Equal(UpdateResult.KeyRevoked, PackageVerifier.Verify(new MemoryPackageSource(Forge().Build()), trust, Rules(), null!, new VerificationReport()));
        }

        [Fact]
        public void Verify_ForgedCorpus_AgreesWithTheDeviceEngine()
        {
            TestDevice device = new TestDevice();
            TestKey intruder = TestKey.Create(CoseAlgorithm.EdDSA);
            List<Action<PackageForge>> cases = new List<Action<PackageForge>>
            {
                f => { },
                f => f.IncludeDelegation = false,
                f => f.DelegationSigner = intruder,
                f => f.Role = KeyRole.CommandSigner,
                f => f.NotAfter = Now - 1,
                f => f.RevocationSigner = intruder,
                f => { f.RevocationListVersion = 2; f.Revoked.Add(device.Signer.KeyId); },
                f => { f.IncludeRevocation = false; },
                f => f.Vendor = "other",
                f => f.DeviceClass = "other",
                f => f.SecurityCounter = 0,
                f => f.Expires = Now - 1,
                f => f.ManifestSize = 1 << 21,
                f => f.ManifestDigest = new byte[32],
                f => f.Trailer = new byte[] { 1 },
                f => f.ExtraUnprotectedLabel = -77,
                f => f.ExtraManifestKey = 40,
                f => f.ManifestSignerKeyId = intruder.KeyId,
            };

            foreach (Action<PackageForge> spoil in cases)
            {
                PackageForge forge = device.Forge();
                spoil(forge);
                byte[] package = forge.Build();
                DeviceRules rules = new DeviceRules { SecurityFloor = device.State.SecurityFloor, SlotCapacity = device.Device.Installer.SlotCapacity };
                rules.SetIdentity(TestDevice.Vendor, TestDevice.DeviceClass);
                rules.UseClock(device.Clock);

                UpdateResult core = PackageVerifier.Verify(new MemoryPackageSource(package), device.Trust, rules, null!, new VerificationReport());

                Assert.Equal(device.Verify(package), core);
            }
        }

        private UpdateResult Verify(byte[] package, DeviceRules rules) => PackageVerifier.Verify(new MemoryPackageSource(package), Trust(), rules, null!, new VerificationReport());

        private PackageForge Forge() => new PackageForge(_root, _signer) { Vendor = TestDevice.Vendor, DeviceClass = TestDevice.DeviceClass };

        private DeviceRules Rules()
        {
            DeviceRules rules = new DeviceRules { SecurityFloor = 1, SlotCapacity = 1 << 20 };
            rules.SetIdentity(TestDevice.Vendor, TestDevice.DeviceClass);
            rules.UseTime(Now);
            return rules;
        }

        private TrustState Trust()
        {
            TrustState trust = new TrustState();
            trust.SetIdentity(TestDevice.Vendor, TestDevice.DeviceClass, "dev-verify");
            trust.Root.Set(1, _root.Algorithm, _root.RawPublicKey, 0, _root.RawPublicKey.Length);
            return trust;
        }
    }
}
