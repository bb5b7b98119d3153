using System;
using System.IO;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;
using CoreCose = MedDeviceAgent.Firmware.Core.Cose.CoseSign1;
using CoreManifest = MedDeviceAgent.Firmware.Core.Update.Manifest;

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
            byte[] bytes = package.AsSpan(8, (package[6] << 8) | package[7]).ToArray();
            CoreCose cose = new CoreCose();

            Assert.Equal(MedDeviceAgent.Firmware.Core.Cose.CoseError.None, cose.Parse(bytes, 0, bytes.Length, false));
            Assert.Equal("MDPK", System.Text.Encoding.ASCII.GetString(package, 0, 4));
            Assert.Equal("0100", Convert.ToHexStringLower(package, 4, 2));
            Assert.Equal(bytes.Length, (package[6] << 8) | package[7]);
            Assert.Equal("d284", Convert.ToHexStringLower(bytes, 0, 2));
            Assert.True(IsDeterministic(bytes, 0, bytes.Length));
            int delegation = bytes.AsSpan().IndexOf(Convert.FromHexString("3a00010000"));
            int revocation = bytes.AsSpan().IndexOf(Convert.FromHexString("3a00010001"));
            int rotations = bytes.AsSpan().IndexOf(Convert.FromHexString("3a0001000281"));
            Assert.True(delegation > 0 && delegation < revocation && revocation < rotations, delegation + " " + revocation + " " + rotations);
            Assert.Equal(1, cose.RotationCount);
            Assert.True(IsDeterministic(bytes, cose.DelegationOffset, cose.DelegationLength));
            Assert.True(IsDeterministic(bytes, cose.PayloadOffset, cose.PayloadLength));
        }

        [Fact]
        public void Manifest_RoundTrip_KeysAscendingAndExpiryOptional()
        {
            TestHierarchy pki = TestHierarchy.Create();
            Manifest manifest = pki.ManifestFor(TestHierarchy.Payload(10));
            byte[] encoded = manifest.Encode();

            Manifest? decoded = Decode(encoded, out UpdateResult result);
            Assert.Equal(UpdateResult.Accepted, result);
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
            Manifest? expiring = Decode(withExpiry, out UpdateResult expiringResult);
            Assert.Equal(UpdateResult.Accepted, expiringResult);
            Assert.Equal(6, expiring!.Expires);
        }

        [Theory]
        [InlineData("a0")] // a map without the required fields
        [InlineData("80")] // not a map
        [InlineData("a16161 01")] // a text key
        public void Manifest_Invalid_InvalidManifest(string hex)
        {
            Decode(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)), out UpdateResult result);

            Assert.Equal(UpdateResult.InvalidManifest, result);
        }

        [Fact]
        public void CoseDecode_Statement_RejectsNonEmptyUnprotected()
        {
            TestHierarchy pki = TestHierarchy.Create();
            byte[] envelope = CoseSign1Writer.Sign(pki.Root, new byte[] { 0xA0 }, pki.UpdateDelegation, null, null);
            byte[] tag19 = Convert.FromHexString("d38443a10126a0f640");

            Assert.Equal(MedDeviceAgent.Firmware.Core.Cose.CoseError.None, new CoreCose().Parse(envelope, 0, envelope.Length, false));
            Assert.Equal(MedDeviceAgent.Firmware.Core.Cose.CoseError.InvalidStructure, new CoreCose().Parse(envelope, 0, envelope.Length, true));
            Assert.Equal(MedDeviceAgent.Firmware.Core.Cose.CoseError.InvalidStructure, new CoreCose().Parse(tag19, 0, tag19.Length, true));
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

        /// <summary>The manifest as the firmware core decodes it (null unless <paramref name="result"/> is Accepted).</summary>
        private static Manifest? Decode(byte[] encoded, out UpdateResult result)
        {
            CoreManifest manifest = new CoreManifest();
            result = manifest.Parse(encoded, 0, encoded.Length);
            return result == UpdateResult.Accepted ? CoreManifests.ToManifest(manifest, encoded) : null;
        }

        private static bool IsDeterministic(byte[] buffer, int offset, int count)
        {
            CborReader reader = new CborReader(buffer, offset, count);
            return reader.SkipValue() && reader.ReadEnd();
        }
    }
}
