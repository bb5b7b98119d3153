using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// Differential tests: one corpus (good packages and every forged case the forge makes) through
    /// the device (<c>UpdateEngine.Verify</c> on a provisioned virtual device), the companion's
    /// verifier (<see cref="FirmwareCoreVerifier"/>, 'mda package verify') and the companion's
    /// inspector (<see cref="PackageInspector"/>, 'mda package inspect'): the verdicts are identical
    /// and whatever the inspector decodes is what the verifier established. Plus byte-flip sweeps.
    /// </summary>
    public sealed class CompanionDeviceAgreementTests
    {
        private const int SlotCapacity = 1 << 20;

        /// <summary>The corpus: name and how to forge the package for a fresh device.</summary>
        public static IEnumerable<object[]> Cases()
        {
            foreach (string name in Forgeries.Keys)
            {
                yield return new object[] { name };
            }
        }

        private static readonly Dictionary<string, Func<TestDevice, byte[]>> Forgeries = new Dictionary<string, Func<TestDevice, byte[]>>
        {
            ["good"] = d => d.Forge().Build(),
            ["good with expiry"] = d => With(d, f => f.Expires = d.Clock.UtcNowSeconds + 3600),
            ["good after rotation"] = d => Rotated(d, 2, true),
            ["rotation not by the root"] = d => Rotated(d, 2, false),
            ["rotation skips a sequence"] = d => Rotated(d, 3, true),
            ["no delegation"] = d => With(d, f => f.IncludeDelegation = false),
            ["delegation by another key"] = d => With(d, f => f.DelegationSigner = TestKey.Create(CoseAlgorithm.EdDSA)),
            ["command-signer role"] = d => With(d, f => f.Role = KeyRole.CommandSigner),
            ["no role"] = d => With(d, f => f.Role = KeyRole.None),
            ["delegation expired"] = d => With(d, f => f.NotAfter = d.Clock.UtcNowSeconds - 1),
            ["delegation not yet valid"] = d => With(d, f => f.NotBefore = d.Clock.UtcNowSeconds + 3600),
            ["carried list revokes the signer"] = d => With(d, f => { f.RevocationListVersion = 2; f.Revoked.Add(d.Signer.KeyId); }),
            ["list signed by the signer"] = d => With(d, f => f.RevocationSigner = d.Signer),
            ["list of 33 keys"] = d => With(d, f => { f.RevocationListVersion = 2; for (int i = 0; i < 33; i++) { f.Revoked.Add(RandomNumberGenerator.GetBytes(16)); } }),
            ["no list, version 1 required"] = d => With(d, f => f.IncludeRevocation = false),
            ["version 2 required, list 1 carried"] = d => With(d, f => f.RequiredRevocationVersion = 2),
            ["extra positive unprotected label"] = d => With(d, f => f.ExtraUnprotectedLabel = 33),
            ["extra negative unprotected label"] = d => With(d, f => f.ExtraUnprotectedLabel = -65540),
            ["extra manifest key"] = d => With(d, f => f.ExtraManifestKey = 13),
            ["manifest names another signer"] = d => With(d, f => f.ManifestSignerKeyId = new byte[16]),
            ["envelope kid of another key"] = d => With(d, f => f.EnvelopeKeyId = new byte[16]),
            ["signed by an undelegated key"] = d => With(d, f => f.Signer = TestKey.Create(CoseAlgorithm.EdDSA)),
            ["wrong vendor"] = d => With(d, f => f.Vendor = "globex"),
            ["wrong device class"] = d => With(d, f => f.DeviceClass = "ventilator-v2"),
            ["rollback"] = d => With(d, f => f.SecurityCounter = 0),
            ["expired"] = d => With(d, f => f.Expires = d.Clock.UtcNowSeconds - 10),
            ["larger than the slot"] = d => With(d, f => f.ManifestSize = SlotCapacity + 1L),
            ["declared size beyond the file"] = d => With(d, f => f.ManifestSize = f.Payload.Length + 100L),
            ["trailing byte"] = d => With(d, f => f.Trailer = new byte[] { 0xEE }),
            ["wrong digest"] = d => With(d, f => f.ManifestDigest = new byte[32]),
            ["payload byte flipped"] = d => Mutate(d.Forge().Build(), p => p[^3] ^= 0x40),
            ["manifest byte flipped"] = d => { PackageForge f = d.Forge(); byte[] p = f.Build(); p[p.AsSpan().IndexOf(SHA256.HashData(f.Payload)) + 5] ^= 0x01; return p; },
            ["signature byte flipped"] = d => Mutate(d.Forge().Build(), p => p[7 + ((p[6] << 8) | p[7])] ^= 0x80),
            ["unsupported algorithm"] = d => UnsupportedAlgorithm(d),
            ["bad magic"] = d => Mutate(d.Forge().Build(), p => p[0] = 0x4E),
            ["format version 2"] = d => Mutate(d.Forge().Build(), p => p[4] = 2),
            ["reserved byte set"] = d => Mutate(d.Forge().Build(), p => p[5] = 1),
            ["envelope length 0"] = d => Mutate(d.Forge().Build(), p => { p[6] = 0; p[7] = 0; }),
            ["envelope length 8193"] = d => Mutate(d.Forge().Build(), p => { p[6] = 0x20; p[7] = 0x01; }),
            ["cut inside the header"] = d => d.Forge().Build().AsSpan(0, 5).ToArray(),
            ["cut inside the envelope"] = d => d.Forge().Build().AsSpan(0, 100).ToArray(),
            ["cut inside the payload"] = d => { byte[] p = d.Forge().Build(); return p.AsSpan(0, p.Length - 2).ToArray(); },
            ["envelope not CBOR"] = d => PackageForge.Frame(new byte[] { 0xD2, 0x84, 0x5F }, d.Forge().Payload, Array.Empty<byte>()),
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Verify_CorpusCase_CompanionVerdictIsTheDevicesAndInspectionAgrees(string name)
        {
            TestDevice device = new TestDevice();
            byte[] package = Forgeries[name](device);

            UpdateResult onDevice = device.Verify(package);
            VerificationReport companion = CompanionVerify(device, package, AllFacts(device));
            VerificationReport withoutFacts = CompanionVerify(device, package, DeviceExpectations.None);

            Assert.True(onDevice == companion.Result, name + ": device " + onDevice + ", companion " + companion.Result + " (" + companion.Reason + ")");
            if (!IsDeviceFactVerdict(onDevice))
            {
                Assert.Equal(onDevice, withoutFacts.Result);
            }

            AssertInspectionAgrees(name, package, companion);
        }

        [Fact]
        public void Verify_Corpus_CoversEveryVerdictThePackageCanCarry()
        {
            HashSet<UpdateResult> seen = new HashSet<UpdateResult>();
            foreach (Func<TestDevice, byte[]> forge in Forgeries.Values)
            {
                TestDevice device = new TestDevice();
                seen.Add(device.Verify(forge(device)));
            }

            foreach (UpdateResult expected in new[]
            {
                UpdateResult.Accepted, UpdateResult.Truncated, UpdateResult.BadMagic, UpdateResult.UnsupportedFormat, UpdateResult.ManifestTooLarge,
                UpdateResult.MalformedCbor, UpdateResult.InvalidCose, UpdateResult.UnsupportedAlgorithm, UpdateResult.InvalidManifest, UpdateResult.InvalidRootChain,
                UpdateResult.MissingDelegation, UpdateResult.InvalidDelegation, UpdateResult.WrongKeyRole, UpdateResult.DelegationNotYetValid,
                UpdateResult.DelegationExpired, UpdateResult.KeyIdMismatch, UpdateResult.InvalidRevocationList, UpdateResult.RevocationListOutdated,
                UpdateResult.KeyRevoked, UpdateResult.BadSignature, UpdateResult.WrongVendor, UpdateResult.WrongDeviceClass, UpdateResult.Rollback,
                UpdateResult.Expired, UpdateResult.PayloadTooLarge, UpdateResult.DigestMismatch, UpdateResult.TrailingData,
            })
            {
                Assert.Contains(expected, seen);
            }
        }

        [Theory]
        [InlineData(CoseAlgorithm.EdDSA, 1)]
        [InlineData(CoseAlgorithm.ES256, 5)]
        public void Verify_EachByteFlipped_CompanionAndDeviceVerdictsIdentical(CoseAlgorithm algorithm, int stride)
        {
            TestDevice device = new TestDevice(algorithm);
            PackageForge forge = device.Forge(payload: "tiny payload");
            forge.Rotations.Clear();
            byte[] package = forge.Build();
            DeviceExpectations facts = AllFacts(device);
            HashSet<UpdateResult> seen = new HashSet<UpdateResult>();
            for (int i = 0; i < package.Length; i += stride)
            {
                byte[] copy = (byte[])package.Clone();
                copy[i] ^= 0x01;
                UpdateResult onDevice = device.Verify(copy);
                VerificationReport companion = CompanionVerify(device, copy, facts);
                Assert.True(onDevice == companion.Result, "byte " + i + ": device " + onDevice + ", companion " + companion.Result + " (" + companion.Reason + ")");
                Assert.NotEqual(UpdateResult.Accepted, onDevice);
                seen.Add(onDevice);
            }

            Assert.Contains(UpdateResult.BadSignature, seen);
            Assert.Contains(UpdateResult.InvalidDelegation, seen);
            Assert.Contains(UpdateResult.DigestMismatch, seen);
        }

        [Fact]
        public void Verify_HeldListRevokesSigner_CompanionAndDeviceThatStoredItAgree()
        {
            TestDevice device = new TestDevice();
            PackageForge revoking = device.Forge();
            revoking.Signer = TestKey.Create(CoseAlgorithm.EdDSA);
            revoking.RevocationListVersion = 2;
            revoking.Revoked.Add(device.Signer.KeyId);
            Assert.Equal(UpdateResult.Accepted, device.Install(revoking.Build()));
            byte[] package = device.Forge(counter: 3).Build();

            VerificationReport companion = CompanionVerify(device, package, AllFacts(device), revoking.RevocationList());

            Assert.Equal(UpdateResult.KeyRevoked, device.Verify(package));
            Assert.Equal(UpdateResult.KeyRevoked, companion.Result);
            Assert.Equal(2, companion.RevocationListVersion);
        }

        private static void AssertInspectionAgrees(string name, byte[] package, VerificationReport verified)
        {
            bool framingRejected = verified.SignerKeyId == null;
            if (framingRejected)
            {
                CompanionException e = Assert.Throws<CompanionException>(() => PackageInspector.Inspect(new MemoryStream(package)));
                Assert.Equal(CompanionErrorKind.InputError, e.Kind);
                Assert.Contains("(" + verified.Result + ")", e.Message, StringComparison.Ordinal);
                return;
            }

            PackageInspection inspection = PackageInspector.Inspect(new MemoryStream(package));
            Assert.Equal(verified.SignerKeyId, inspection.EnvelopeKeyId);
            if (verified.Manifest != null)
            {
                Assert.True(inspection.Manifest != null, name + ": the verifier decoded the manifest, the inspector did not");
                Assert.Equal(verified.Manifest.Encode(), inspection.Manifest!.Encode());
            }

            if (verified.Delegation != null)
            {
                InspectedDelegation shown = inspection.Delegation!;
                Assert.Equal(verified.Delegation.Key.KeyId, shown.KeyId);
                Assert.Equal((long)verified.Delegation.Key.Algorithm, shown.KeyAlgorithm);
                Assert.Equal(verified.Delegation.Key.RawKey, shown.PublicKey);
                Assert.Equal((long)verified.Delegation.Role, shown.Role);
                Assert.Equal(verified.Delegation.NotBefore, shown.NotBefore);
                Assert.Equal(verified.Delegation.NotAfter, shown.NotAfter);
                Assert.Equal(verified.Delegation.IssuerKeyId, shown.IssuerKeyId);
                Assert.Equal(verified.Delegation.IssuerKeyId, shown.SignerKeyId);
            }

            if (verified.CurrentRoot != null && verified.RootRotationsApplied > 0)
            {
                InspectedRootRotation last = inspection.RootRotations[^1];
                Assert.Equal(verified.CurrentRoot.KeyId, last.KeyId);
                Assert.Equal(1L + verified.RootRotationsApplied, last.Sequence);
            }

            if (verified.RevocationListVersion > 0 && inspection.RevocationList != null)
            {
                Assert.Equal((long)verified.RevocationListVersion.Value, inspection.RevocationList.Version);
            }
        }

        private static VerificationReport CompanionVerify(TestDevice device, byte[] package, DeviceExpectations facts, byte[]? heldList = null)
        {
            VerificationTrust trust = new VerificationTrust(new PublicKeyInfo(device.Root.Algorithm, device.Root.RawPublicKey), device.Trust.Root.Sequence, heldList);
            return FirmwareCoreVerifier.Verify(new MemoryPackageSource(package), trust, facts, DateTimeOffset.FromUnixTimeSeconds(device.Clock.UtcNowSeconds), null);
        }

        private static DeviceExpectations AllFacts(TestDevice device)
        {
            return new DeviceExpectations
            {
                VendorId = device.Trust.VendorId,
                DeviceClassId = device.Trust.DeviceClass,
                SecurityFloor = device.State.SecurityFloor,
                SlotCapacity = SlotCapacity,
            };
        }

        private static bool IsDeviceFactVerdict(UpdateResult result)
        {
            return result == UpdateResult.WrongVendor || result == UpdateResult.WrongDeviceClass || result == UpdateResult.Rollback || result == UpdateResult.PayloadTooLarge;
        }

        private static byte[] With(TestDevice device, Action<PackageForge> change)
        {
            PackageForge forge = device.Forge();
            change(forge);
            return forge.Build();
        }

        private static byte[] Mutate(byte[] package, Action<byte[]> change)
        {
            change(package);
            return package;
        }

        /// <summary>A package whose envelope names algorithm -35 (signed anyway by the update-signer).</summary>
        private static byte[] UnsupportedAlgorithm(TestDevice device)
        {
            PackageForge forge = device.Forge();
            byte[] manifest = forge.Manifest();
            byte[] protectedBytes = MedDeviceAgent.Companion.Cose.CoseSign1Writer.EncodeProtected((CoseAlgorithm)(-35), device.Signer.KeyId);
            byte[] signature = device.Signer.Sign(MedDeviceAgent.Companion.Cose.CoseSign1Writer.SigStructure(protectedBytes, manifest));
            byte[] envelope = MedDeviceAgent.Companion.Cose.CoseSign1Writer.EncodeEnvelope(protectedBytes, forge.Delegation(), forge.RevocationList(), null, manifest, signature);
            return PackageForge.Frame(envelope, forge.Payload, Array.Empty<byte>());
        }

        /// <summary>A package carrying a rotation to a new root at <paramref name="sequence"/>, signed by the device's root or (forged) by another key.</summary>
        private static byte[] Rotated(TestDevice device, int sequence, bool signedByRoot)
        {
            TestKey root2 = TestKey.Create(CoseAlgorithm.ES256);
            PackageForge forge = device.Forge();
            forge.DelegationSigner = root2;
            forge.RevocationSigner = root2;
            forge.Rotations.Add(PackageForge.Rotation(signedByRoot ? device.Root : TestKey.Create(CoseAlgorithm.EdDSA), root2, sequence));
            return forge.Build();
        }
    }
}
