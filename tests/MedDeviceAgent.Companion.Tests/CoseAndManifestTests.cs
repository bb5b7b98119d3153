using System;
using System.IO;
using MedDeviceAgent.Companion.Cbor;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>Byte-level checks of what the builder writes: COSE_Sign1 shape, header order, manifest keys.</summary>
    public sealed class CoseAndManifestTests
    {
        [Theory]
        [InlineData(CoseAlgorithm.EdDSA, "27")]
        [InlineData(CoseAlgorithm.ES256, "26")]
        public void EncodeProtected_IsExactlyAlgAndKid(CoseAlgorithm algorithm, string algByte)
        {
            byte[] kid = new byte[16];
            kid[15] = 0xAB;

            Assert.Equal("a201" + algByte + "0450" + Convert.ToHexStringLower(kid), Convert.ToHexStringLower(CoseSign1Writer.EncodeProtected(algorithm, kid)));
        }

        [Fact]
        public void SigStructure_KnownEncoding()
        {
            byte[] sig = CoseSign1Writer.SigStructure(new byte[] { 0xA0 }, new byte[] { 0x01, 0x02 });

            // ["Signature1", h'a0', h'', h'0102']
            Assert.Equal("846a5369676e61747572653141a0404201 02".Replace(" ", string.Empty, StringComparison.Ordinal), Convert.ToHexStringLower(sig));
        }

        [Fact]
        public void Build_Envelope_Tag18UnprotectedLabelsInOrderAndDeterministic()
        {
            TestHierarchy pki = TestHierarchy.Create();
            pki.RootRotations.Add(new RootRotation(2, SigningKey.Generate(CoseAlgorithm.EdDSA).PublicKey, pki.Root.PublicKey.KeyId).Sign(pki.Root));
            byte[] package = pki.Build(TestHierarchy.Payload(10));
            PackageFile.ReadEnvelope(new MemoryStream(package), out PackageEnvelope? envelope, out _);
            byte[] bytes = envelope!.EnvelopeBytes;

            Assert.Equal("MDPK", System.Text.Encoding.ASCII.GetString(package, 0, 4));
            Assert.Equal("0100", Convert.ToHexStringLower(package, 4, 2));
            Assert.Equal(bytes.Length, (package[6] << 8) | package[7]);
            Assert.Equal("d284", Convert.ToHexStringLower(bytes, 0, 2));
            Assert.Null(DeterministicCbor.Check(bytes));
            int delegation = bytes.AsSpan().IndexOf(Convert.FromHexString("3a00010000"));
            int revocation = bytes.AsSpan().IndexOf(Convert.FromHexString("3a00010001"));
            int rotations = bytes.AsSpan().IndexOf(Convert.FromHexString("3a0001000281"));
            Assert.True(delegation > 0 && delegation < revocation && revocation < rotations, delegation + " " + revocation + " " + rotations);
            Assert.Single(envelope.Cose.RootRotations);
            Assert.Null(DeterministicCbor.Check(envelope.Cose.Delegation));
            Assert.Null(DeterministicCbor.Check(envelope.Cose.Payload));
        }

        [Fact]
        public void Manifest_RoundTrip_KeysAscendingAndExpiryOptional()
        {
            TestHierarchy pki = TestHierarchy.Create();
            Manifest manifest = pki.ManifestFor(TestHierarchy.Payload(10));
            byte[] encoded = manifest.Encode();

            Assert.Equal(UpdateResult.Accepted, Manifest.TryDecode(encoded, out Manifest? decoded, out _));
            Assert.Equal("ab", Convert.ToHexStringLower(encoded, 0, 1)); // map of 11: no expiry
            Assert.False(decoded!.HasExpiry);
            Assert.Equal(manifest.Version, decoded.Version);
            Assert.Equal(manifest.PayloadDigest, decoded.PayloadDigest);
            Assert.Equal("0101", Convert.ToHexStringLower(encoded, 1, 2)); // 1: 1 first

            byte[] withExpiry = new Manifest
            {
                VendorId = "v", DeviceClassId = "c", Component = "app", Version = new SemanticVersion(0, 0, 1), PayloadDigest = new byte[32],
                PayloadSize = 1, Created = 5, Expires = 6, SignerKeyId = new byte[16], RevocationListVersion = 1,
            }.Encode();
            Assert.Equal("ac", Convert.ToHexStringLower(withExpiry, 0, 1));
            Assert.Equal(UpdateResult.Accepted, Manifest.TryDecode(withExpiry, out Manifest? expiring, out _));
            Assert.Equal(6, expiring!.Expires);
        }

        [Theory]
        [InlineData("a0", "missing")]
        [InlineData("80", "not a CBOR map")]
        [InlineData("a16161 01", "not an integer")]
        public void Manifest_Invalid_InvalidManifest(string hex, string reasonPart)
        {
            UpdateResult result = Manifest.TryDecode(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)), out _, out string reason);

            Assert.Equal(UpdateResult.InvalidManifest, result);
            Assert.Contains(reasonPart, reason, StringComparison.Ordinal);
        }

        [Fact]
        public void CoseDecode_Statement_RejectsNonEmptyUnprotected()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] envelope = CoseSign1Writer.Sign(pki.Root, new byte[] { 0xA0 }, pki.UpdateDelegation, null, null);

            Assert.Equal(CoseDecodeError.None, CoseSign1Message.TryDecode(envelope, isEnvelope: true, out _, out _));
            Assert.Equal(CoseDecodeError.InvalidStructure, CoseSign1Message.TryDecode(envelope, isEnvelope: false, out _, out string reason));
            Assert.Contains("empty", reason, StringComparison.Ordinal);
            Assert.Equal(CoseDecodeError.InvalidStructure, CoseSign1Message.TryDecode(Convert.FromHexString("d38443a10126a0f640"), isEnvelope: false, out _, out _));
        }

        [Fact]
        public void SemanticVersion_Parse_StrictForm()
        {
            Assert.Equal(new SemanticVersion(1, 20, 0), SemanticVersion.Parse("1.20.0"));
            Assert.Equal("4294967295.0.0", SemanticVersion.Parse("4294967295.0.0").ToString());
            foreach (string bad in new[] { "1.2", "1.2.3.4", "01.2.3", "1.2.x", "-1.2.3", "1.2.3-rc1", "4294967296.0.0", " 1.2.3", "1..3" })
            {
                Assert.Equal(CompanionErrorKind.InvalidArgument, Assert.Throws<CompanionException>(() => SemanticVersion.Parse(bad)).Kind);
            }
        }
    }
}
