using System;
using System.Collections.Generic;
using System.Formats.Cbor;
using System.IO;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>The companion verifier: acceptance, and every rejection it can reach, in the spec's order.</summary>
    public sealed class PackageVerifierTests
    {
        private static readonly byte[] Payload = TestHierarchy.Payload(3000);

        [Theory]
        [InlineData(CoseAlgorithm.EdDSA)]
        [InlineData(CoseAlgorithm.ES256)]
        public void Verify_BuiltPackage_Accepted(CoseAlgorithm algorithm)
        {
            TestHierarchy pki = TestHierarchy.Create(algorithm);

            VerificationReport report = pki.Verify(pki.Build(Payload));

            Assert.Equal(UpdateResult.Accepted, report.Result);
            Assert.Equal(string.Empty, report.Reason);
            Assert.Equal(TestHierarchy.DeviceClass, report.Manifest!.DeviceClassId);
            Assert.Equal(pki.UpdateSigner.PublicKey.KeyIdHex, report.Delegation!.Key.KeyIdHex);
            Assert.Equal(1, report.RevocationListVersion);
        }

        [Fact]
        public void Verify_Streams_LargePayloadAccepted()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] payload = TestHierarchy.Payload((3 * PackageFile.ChunkSize) + 17);

            Assert.Equal(UpdateResult.Accepted, pki.Verify(pki.Build(payload)).Result);
        }

        [Fact]
        public void Verify_FlippedPayloadByte_DigestMismatch()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(Payload);
            package[^100] ^= 0x01;

            Assert.Equal(UpdateResult.DigestMismatch, pki.Verify(package).Result);
        }

        [Fact]
        public void Verify_FlippedManifestDigestByte_BadSignature()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(Payload);
            int at = IndexOf(package, pki.ManifestFor(Payload).PayloadDigest);
            package[at + 5] ^= 0x01;

            Assert.Equal(UpdateResult.BadSignature, pki.Verify(package).Result);
        }

        [Fact]
        public void Verify_FlippedSignatureByte_BadSignature()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(Payload);
            package[8 + Envelope(package).Length - 1] ^= 0x80;

            Assert.Equal(UpdateResult.BadSignature, pki.Verify(package).Result);
        }

        [Fact]
        public void Verify_AnyEnvelopeByteFlipped_NeverAccepted()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(Payload);
            int end = 8 + Envelope(package).Length;
            HashSet<UpdateResult> seen = new HashSet<UpdateResult>();
            for (int i = 0; i < end; i++)
            {
                byte[] copy = (byte[])package.Clone();
                copy[i] ^= 0x04;
                UpdateResult result = pki.Verify(copy).Result;
                Assert.True(result != UpdateResult.Accepted && result != UpdateResult.NotVerified, "flipping byte " + i + " gave " + result);
                seen.Add(result);
            }

            Assert.Contains(UpdateResult.BadSignature, seen);
            Assert.Contains(UpdateResult.MalformedCbor, seen);
            Assert.Contains(UpdateResult.InvalidDelegation, seen);
            Assert.Contains(UpdateResult.InvalidRevocationList, seen);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(7)]
        [InlineData(100)]
        [InlineData(-1)]
        [InlineData(-2999)]
        public void Verify_Truncated_Truncated(int keep)
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(Payload);
            int length = keep >= 0 ? keep : package.Length + keep;

            Assert.Equal(UpdateResult.Truncated, pki.Verify(package.AsSpan(0, length).ToArray()).Result);
        }

        [Fact]
        public void Verify_AppendedByte_TrailingData()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(Payload);
            Array.Resize(ref package, package.Length + 1);

            VerificationReport report = pki.Verify(package);

            Assert.Equal(UpdateResult.TrailingData, report.Result);
            Assert.Contains("1 bytes follow", report.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void Verify_Expired_ExpiredAndValidBefore()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(Payload, expires: TestHierarchy.NowSeconds + 3600);

            Assert.Equal(UpdateResult.Accepted, pki.Verify(package).Result);
            Assert.Equal(UpdateResult.Expired, pki.Verify(package, at: TestHierarchy.Now.AddHours(2)).Result);
        }

        [Fact]
        public void Verify_WrongRoot_InvalidDelegation()
        {
            TestHierarchy pki = TestHierarchy.Create();
            TestHierarchy other = TestHierarchy.Create();

            Assert.Equal(UpdateResult.InvalidDelegation, pki.Verify(pki.Build(Payload), anchor: other.Root.PublicKey).Result);
        }

        [Theory]
        [InlineData(0, 0x4E, UpdateResult.BadMagic)]
        [InlineData(4, 0x02, UpdateResult.UnsupportedFormat)]
        [InlineData(5, 0x01, UpdateResult.UnsupportedFormat)]
        public void Verify_BadHeaderByte_Rejected(int offset, byte value, UpdateResult expected)
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(Payload);
            package[offset] = value;

            Assert.Equal(expected, pki.Verify(package).Result);
        }

        [Theory]
        [InlineData(8193, UpdateResult.ManifestTooLarge)]
        [InlineData(0, UpdateResult.MalformedCbor)]
        public void Verify_EnvelopeLengthOutOfRange_Rejected(int length, UpdateResult expected)
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(TestHierarchy.Payload(9000));
            package[6] = (byte)(length >> 8);
            package[7] = (byte)length;

            Assert.Equal(expected, pki.Verify(package).Result);
        }

        [Fact]
        public void Verify_EnvelopeNotCbor_MalformedCbor()
        {
            TestHierarchy pki = TestHierarchy.Create();

            Assert.Equal(UpdateResult.MalformedCbor, pki.Verify(TestHierarchy.Frame(new byte[] { 0xD2, 0x84, 0x5F }, Payload)).Result);
        }

        [Fact]
        public void Verify_UnknownUnprotectedLabel_InvalidCose()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] manifest = pki.ManifestFor(Payload).Encode();
            byte[] protectedBytes = CoseSign1Writer.EncodeProtected(pki.UpdateSigner.Algorithm, pki.UpdateSigner.PublicKey.KeyId);
            byte[] signature = pki.UpdateSigner.Sign(CoseSign1Writer.SigStructure(protectedBytes, manifest));
            byte[] envelope = WriteEnvelope(protectedBytes, w =>
            {
                w.WriteStartMap(2);
                w.WriteInt32(CoseHeaderLabels.Delegation);
                w.WriteByteString(pki.UpdateDelegation);
                w.WriteInt32(-65540);
                w.WriteByteString(new byte[1]);
                w.WriteEndMap();
            }, manifest, signature);

            VerificationReport report = pki.Verify(TestHierarchy.Frame(envelope, Payload));

            Assert.Equal(UpdateResult.InvalidCose, report.Result);
            Assert.Contains("allow-list", report.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void Verify_ProtectedHeaderWithExtraKey_InvalidCose()
        {
            TestHierarchy pki = TestHierarchy.Create();
            CborWriter header = new CborWriter(CborConformanceMode.Canonical);
            header.WriteStartMap(3);
            header.WriteInt32(1);
            header.WriteInt32(-8);
            header.WriteInt32(3);
            header.WriteInt32(0);
            header.WriteInt32(4);
            header.WriteByteString(pki.UpdateSigner.PublicKey.KeyId);
            header.WriteEndMap();
            byte[] envelope = WriteEnvelope(header.Encode(), EmptyMap, pki.ManifestFor(Payload).Encode(), new byte[64]);

            Assert.Equal(UpdateResult.InvalidCose, pki.Verify(TestHierarchy.Frame(envelope, Payload)).Result);
        }

        [Fact]
        public void Verify_UnknownAlgorithm_UnsupportedAlgorithm()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] protectedBytes = CoseSign1Writer.EncodeProtected((CoseAlgorithm)(-35), pki.UpdateSigner.PublicKey.KeyId);
            byte[] envelope = WriteEnvelope(protectedBytes, EmptyMap, pki.ManifestFor(Payload).Encode(), new byte[64]);

            Assert.Equal(UpdateResult.UnsupportedAlgorithm, pki.Verify(TestHierarchy.Frame(envelope, Payload)).Result);
        }

        [Fact]
        public void Verify_NoDelegation_MissingDelegation()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = TestHierarchy.Forge(pki.UpdateSigner, pki.ManifestFor(Payload).Encode(), null, pki.RevocationList, null, Payload);

            Assert.Equal(UpdateResult.MissingDelegation, pki.Verify(package).Result);
        }

        [Fact]
        public void Verify_DelegationNotSignedByRoot_InvalidDelegation()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] selfSigned = TestHierarchy.Delegate(pki.UpdateSigner, KeyRole.UpdateSigner, pki.UpdateSigner);
            byte[] package = TestHierarchy.Forge(pki.UpdateSigner, pki.ManifestFor(Payload).Encode(), selfSigned, pki.RevocationList, null, Payload);

            Assert.Equal(UpdateResult.InvalidDelegation, pki.Verify(package).Result);
        }

        [Fact]
        public void Verify_CommandSignerSignsPackage_WrongKeyRole()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] manifest = pki.ManifestFor(Payload, pki.CommandSigner).Encode();
            byte[] package = TestHierarchy.Forge(pki.CommandSigner, manifest, pki.CommandDelegation, pki.RevocationList, null, Payload);

            Assert.Equal(UpdateResult.WrongKeyRole, pki.Verify(package).Result);
        }

        [Fact]
        public void Verify_OutsideDelegationWindow_NotYetValidThenExpired()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(Payload);

            Assert.Equal(UpdateResult.DelegationNotYetValid, pki.Verify(package, at: TestHierarchy.Now.AddDays(-2)).Result);
            Assert.Equal(UpdateResult.DelegationExpired, pki.Verify(package, at: TestHierarchy.Now.AddDays(366)).Result);
        }

        [Fact]
        public void Verify_ManifestNamesAnotherSigner_KeyIdMismatch()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] manifest = pki.ManifestFor(Payload, pki.CommandSigner).Encode();
            byte[] package = TestHierarchy.Forge(pki.UpdateSigner, manifest, pki.UpdateDelegation, pki.RevocationList, null, Payload);

            Assert.Equal(UpdateResult.KeyIdMismatch, pki.Verify(package).Result);
        }

        [Fact]
        public void Verify_RevocationListNotSignedByRoot_InvalidRevocationList()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] forgedList = new RevocationList(1, new List<byte[]>(), TestHierarchy.NowSeconds, pki.Root.PublicKey.KeyId).Sign(pki.UpdateSigner);
            byte[] package = TestHierarchy.Forge(pki.UpdateSigner, pki.ManifestFor(Payload).Encode(), pki.UpdateDelegation, forgedList, null, Payload);

            Assert.Equal(UpdateResult.InvalidRevocationList, pki.Verify(package).Result);
        }

        [Fact]
        public void Verify_ManifestNeedsNewerList_RevocationListOutdated()
        {
            TestHierarchy pki = TestHierarchy.Create();
            Manifest manifest = pki.ManifestFor(Payload);
            byte[] needsV2 = new Manifest
            {
                VendorId = manifest.VendorId, DeviceClassId = manifest.DeviceClassId, Component = manifest.Component, Version = manifest.Version,
                SecurityCounter = manifest.SecurityCounter, PayloadDigest = manifest.PayloadDigest, PayloadSize = manifest.PayloadSize,
                Created = manifest.Created, SignerKeyId = manifest.SignerKeyId, RevocationListVersion = 2,
            }.Encode();

            Assert.Equal(UpdateResult.RevocationListOutdated, pki.Verify(TestHierarchy.Forge(pki.UpdateSigner, needsV2, pki.UpdateDelegation, pki.RevocationList, null, Payload)).Result);
            Assert.Equal(UpdateResult.RevocationListOutdated, pki.Verify(TestHierarchy.Forge(pki.UpdateSigner, manifest.Encode(), pki.UpdateDelegation, null, null, Payload)).Result);
        }

        [Fact]
        public void Verify_CarriedListRevokesSigner_KeyRevoked()
        {
            TestHierarchy pki = TestHierarchy.Create();
            pki.RevocationList = new RevocationList(2, new[] { pki.UpdateSigner.PublicKey.KeyId }, TestHierarchy.NowSeconds, pki.Root.PublicKey.KeyId).Sign(pki.Root);

            Assert.Equal(UpdateResult.KeyRevoked, pki.Verify(pki.Build(Payload)).Result);
        }

        [Fact]
        public void Verify_StoredListRevokesSigner_KeyRevokedAndOlderStoredListIgnored()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] package = pki.Build(Payload);
            byte[] v2 = new RevocationList(2, new[] { pki.UpdateSigner.PublicKey.KeyId }, TestHierarchy.NowSeconds, pki.Root.PublicKey.KeyId).Sign(pki.Root);

            VerificationReport revoked = pki.Verify(package, stored: v2);
            VerificationReport older = pki.Verify(package, stored: pki.RevocationList);

            Assert.Equal(UpdateResult.KeyRevoked, revoked.Result);
            Assert.Equal(2, revoked.RevocationListVersion);
            Assert.Equal(UpdateResult.Accepted, older.Result);
            Assert.Equal(UpdateResult.InvalidRevocationList, pki.Verify(package, stored: new byte[] { 1, 2, 3 }).Result);
        }

        [Theory]
        [InlineData(99, UpdateResult.InvalidManifest)]
        [InlineData(-1, UpdateResult.InvalidManifest)]
        [InlineData(2, UpdateResult.InvalidManifest)]
        public void Verify_SignedButInvalidManifest_InvalidManifest(int variant, UpdateResult expected)
        {
            TestHierarchy pki = TestHierarchy.Create();
            CborWriter writer = new CborWriter(CborConformanceMode.Canonical);
            Manifest m = pki.ManifestFor(Payload);
            writer.WriteStartMap(variant == -1 ? 10 : 12);
            writer.WriteInt32(1);
            writer.WriteInt32(variant == 2 ? 2 : 1);
            writer.WriteInt32(2);
            writer.WriteTextString(m.VendorId);
            writer.WriteInt32(3);
            writer.WriteTextString(m.DeviceClassId);
            writer.WriteInt32(4);
            writer.WriteTextString(m.Component);
            writer.WriteInt32(5);
            writer.WriteStartArray(3);
            writer.WriteInt32(1);
            writer.WriteInt32(2);
            writer.WriteInt32(3);
            writer.WriteEndArray();
            writer.WriteInt32(6);
            writer.WriteInt32(7);
            if (variant != -1)
            {
                writer.WriteInt32(7);
                writer.WriteByteString(m.PayloadDigest);
            }

            writer.WriteInt32(8);
            writer.WriteInt64(m.PayloadSize);
            writer.WriteInt32(9);
            writer.WriteInt64(m.Created);
            writer.WriteInt32(11);
            writer.WriteByteString(m.SignerKeyId);
            writer.WriteInt32(12);
            writer.WriteInt32(1);
            if (variant != -1)
            {
                writer.WriteInt32(variant == 99 ? 99 : 10);
                writer.WriteInt64(TestHierarchy.NowSeconds + 1000);
            }

            writer.WriteEndMap();
            byte[] package = TestHierarchy.Forge(pki.UpdateSigner, writer.Encode(), pki.UpdateDelegation, pki.RevocationList, null, Payload);

            Assert.Equal(expected, pki.Verify(package).Result);
        }

        [Fact]
        public void Verify_SignedNonDeterministicManifest_MalformedCbor()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] manifest = pki.ManifestFor(Payload).Encode();
            byte[] padded = new byte[manifest.Length + 1];
            padded[0] = manifest[0];
            padded[1] = 0x18; // key 1 written in two bytes: not the shortest form
            padded[2] = 0x01;
            Array.Copy(manifest, 2, padded, 3, manifest.Length - 2);

            VerificationReport report = pki.Verify(TestHierarchy.Forge(pki.UpdateSigner, padded, pki.UpdateDelegation, pki.RevocationList, null, Payload));

            Assert.Equal(UpdateResult.MalformedCbor, report.Result);
        }

        [Fact]
        public void Verify_AfterRootRotation_OldAndNewAnchorsAccept()
        {
            TestHierarchy pki = TestHierarchy.Create();
            SigningKey root2 = SigningKey.Generate(CoseAlgorithm.ES256);
            byte[] rotation = new RootRotation(2, root2.PublicKey, pki.Root.PublicKey.KeyId).Sign(pki.Root);
            byte[] delegation = TestHierarchy.Delegate(pki.UpdateSigner, KeyRole.UpdateSigner, root2);
            byte[] list = new RevocationList(2, new List<byte[]>(), TestHierarchy.NowSeconds, root2.PublicKey.KeyId).Sign(root2);
            byte[] package = TestHierarchy.Forge(pki.UpdateSigner, pki.ManifestFor(Payload).Encode(), delegation, list, new[] { rotation }, Payload);

            VerificationReport fromOld = pki.Verify(package);
            VerificationReport fromNew = pki.Verify(package, anchor: root2.PublicKey, rootSequence: 2);

            Assert.Equal(UpdateResult.Accepted, fromOld.Result);
            Assert.Equal(1, fromOld.RootRotationsApplied);
            Assert.Equal(root2.PublicKey.KeyIdHex, fromOld.CurrentRoot!.KeyIdHex);
            Assert.Equal(UpdateResult.Accepted, fromNew.Result);
            Assert.Equal(0, fromNew.RootRotationsApplied);
            Assert.Equal(UpdateResult.Accepted, pki.Verify(package, stored: pki.RevocationList).Result);
        }

        [Fact]
        public void Verify_BrokenRotations_InvalidRootChain()
        {
            TestHierarchy pki = TestHierarchy.Create();
            SigningKey root2 = SigningKey.Generate(CoseAlgorithm.EdDSA);
            SigningKey root3 = SigningKey.Generate(CoseAlgorithm.EdDSA);
            byte[] delegation = TestHierarchy.Delegate(pki.UpdateSigner, KeyRole.UpdateSigner, root2);
            byte[] manifest = pki.ManifestFor(Payload).Encode();

            byte[] notByRoot = new RootRotation(2, root2.PublicKey, pki.Root.PublicKey.KeyId).Sign(pki.UpdateSigner);
            byte[] good = new RootRotation(2, root2.PublicKey, pki.Root.PublicKey.KeyId).Sign(pki.Root);
            byte[] gap = new RootRotation(4, root3.PublicKey, root2.PublicKey.KeyId).Sign(root2);
            byte[] unrelated = new RootRotation(2, root3.PublicKey, root2.PublicKey.KeyId).Sign(root2);

            Assert.Equal(UpdateResult.InvalidRootChain, pki.Verify(TestHierarchy.Forge(pki.UpdateSigner, manifest, delegation, null, new[] { notByRoot }, Payload)).Result);
            Assert.Equal(UpdateResult.InvalidRootChain, pki.Verify(TestHierarchy.Forge(pki.UpdateSigner, manifest, delegation, null, new[] { good, gap }, Payload)).Result);
            Assert.Equal(UpdateResult.InvalidRootChain, pki.Verify(TestHierarchy.Forge(pki.UpdateSigner, manifest, delegation, null, new[] { unrelated }, Payload)).Result);
            Assert.Equal(UpdateResult.InvalidRootChain, pki.Verify(TestHierarchy.Forge(pki.UpdateSigner, manifest, delegation, null, new[] { new byte[] { 0xA0 } }, Payload)).Result);
        }

        [Fact]
        public void Build_EnvelopeOverLimit_PkiError()
        {
            TestHierarchy pki = TestHierarchy.Create();
            List<byte[]> ids = new List<byte[]>();
            for (int i = 0; i < 600; i++)
            {
                ids.Add(KeyId.Compute(BitConverter.GetBytes(i)));
            }

            pki.RevocationList = new RevocationList(2, ids, TestHierarchy.NowSeconds, pki.Root.PublicKey.KeyId).Sign(pki.Root);

            CompanionException e = Assert.Throws<CompanionException>(() => pki.Build(Payload));
            Assert.Equal(CompanionErrorKind.PkiError, e.Kind);
        }

        [Fact]
        public void Build_EmptyPayloadOrBadRequest_Rejected()
        {
            TestHierarchy pki = TestHierarchy.Create();
            Assert.Equal(CompanionErrorKind.InputError, Assert.Throws<CompanionException>(() => pki.Build(Array.Empty<byte>())).Kind);
            Assert.Equal(CompanionErrorKind.InvalidArgument, Assert.Throws<CompanionException>(() => pki.Build(Payload, expires: TestHierarchy.NowSeconds - 3600)).Kind);
            PackageRequest bad = new PackageRequest { DeviceClassId = "pump x1", Version = new SemanticVersion(1, 0, 0) };
            Assert.Equal(CompanionErrorKind.InvalidArgument, Assert.Throws<CompanionException>(() => PackageBuilder.Write(pki.Material(), bad, new MemoryStream(Payload), new MemoryStream(), null)).Kind);
        }

        private static void EmptyMap(CborWriter writer)
        {
            writer.WriteStartMap(0);
            writer.WriteEndMap();
        }

        private static byte[] WriteEnvelope(byte[] protectedBytes, Action<CborWriter> unprotected, byte[] payload, byte[] signature)
        {
            CborWriter writer = new CborWriter(CborConformanceMode.Canonical);
            writer.WriteTag((CborTag)18);
            writer.WriteStartArray(4);
            writer.WriteByteString(protectedBytes);
            unprotected(writer);
            writer.WriteByteString(payload);
            writer.WriteByteString(signature);
            writer.WriteEndArray();
            return writer.Encode();
        }

        private static byte[] Envelope(byte[] package)
        {
            return package.AsSpan(8, (package[6] << 8) | package[7]).ToArray();
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            int at = haystack.AsSpan().IndexOf(needle);
            Assert.True(at >= 0);
            return at;
        }
    }
}
