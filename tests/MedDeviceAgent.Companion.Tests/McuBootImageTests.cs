using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using MedDeviceAgent.Companion.McuBoot;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    public sealed class McuBootImageTests
    {
        private static readonly byte[] Payload = TestHierarchy.Payload(5000);

        private static byte[] Build(SigningKey key, byte[] payload, SemanticVersion version, long counter)
        {
            using MemoryStream output = new MemoryStream();
            McuBootImageBuilder.Write(key, version, counter, new MemoryStream(payload), output, null);
            return output.ToArray();
        }

        [Theory]
        [InlineData(CoseAlgorithm.EdDSA, McuBootTlv.Ed25519Signature, 64)]
        [InlineData(CoseAlgorithm.ES256, McuBootTlv.EcdsaSignature, -1)]
        public void Build_ParsesBackWithImgtoolLayout(CoseAlgorithm algorithm, ushort signatureType, int signatureLength)
        {
            SigningKey key = SigningKey.Generate(algorithm);
            byte[] image = Build(key, Payload, new SemanticVersion(2, 7, 300), 0x01020304);

            // Header, little-endian, as imgtool packs it.
            Assert.Equal(0x96f3b83du, BinaryPrimitives.ReadUInt32LittleEndian(image));
            Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(4)));
            Assert.Equal(32, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(8)));
            Assert.Equal(12, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(10)));
            Assert.Equal((uint)Payload.Length, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(12)));
            Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(16)));
            Assert.Equal("02-07-2C-01-00-00-00-00-00-00-00-00", BitConverter.ToString(image, 20, 12));
            Assert.Equal(Payload, image.AsSpan(32, Payload.Length).ToArray());

            // Protected TLV area: magic 0x6908, total 12, SEC_CNT (0x50) = 4 bytes little-endian.
            int protectedAt = 32 + Payload.Length;
            Assert.Equal("08-69-0C-00-50-00-04-00-04-03-02-01", BitConverter.ToString(image, protectedAt, 12));

            UpdateResult parsed = McuBootImage.TryParse(new MemoryStream(image), out McuBootImage? result, out string reason);
            Assert.True(parsed == UpdateResult.Accepted, reason);
            Assert.Equal(0x01020304, result!.SecurityCounter);
            Assert.Equal(image.Length, result.End);
            Assert.Equal((2, 7, 300), (result.VersionMajor, result.VersionMinor, result.VersionRevision));

            byte[] hashed = image.AsSpan(0, protectedAt + 12).ToArray();
            Assert.Equal(SHA256.HashData(hashed), result.Find(McuBootTlv.Sha256)!.Value);
            Assert.Equal(SHA256.HashData(key.PublicKey.ToSubjectPublicKeyInfo()), result.Find(McuBootTlv.KeyHash)!.Value);
            McuBootTlv signature = result.Find(signatureType)!;
            Assert.False(signature.IsProtected);
            if (signatureLength > 0)
            {
                Assert.Equal(signatureLength, signature.Value.Length);
            }

            Assert.True(SignatureVerifier.VerifyMcuBootDigest(key.PublicKey, SHA256.HashData(hashed), signature.Value));
            Assert.Equal(UpdateResult.Accepted, McuBootImage.Verify(new MemoryStream(image), key.PublicKey).Result);
        }

        [Fact]
        public void Build_Ed25519Signature_VerifiesWithOpenSslOverTheDigest()
        {
            using TempDir dir = new TempDir();
            SigningKey key = SigningKey.Generate(CoseAlgorithm.EdDSA);
            byte[] image = Build(key, Payload, new SemanticVersion(1, 0, 0), 1);
            McuBootImage.TryParse(new MemoryStream(image), out McuBootImage? parsed, out _);
            PublicKeyFile.Write(dir.File("pub.pem"), key.PublicKey);
            dir.Write("digest", parsed!.Find(McuBootTlv.Sha256)!.Value);
            dir.Write("sig", parsed.Find(McuBootTlv.Ed25519Signature)!.Value);

            OpenSsl.Ok("pkeyutl", "-verify", "-pubin", "-inkey", dir.File("pub.pem"), "-rawin", "-in", dir.File("digest"), "-sigfile", dir.File("sig"));
            OpenSsl.Ok("pkey", "-pubin", "-in", dir.File("pub.pem"), "-outform", "DER", "-out", dir.File("spki.der"));
            Assert.Equal(SHA256.HashData(File.ReadAllBytes(dir.File("spki.der"))), parsed.Find(McuBootTlv.KeyHash)!.Value);
        }

        [Fact]
        public void Build_EcdsaSignature_VerifiesWithOpenSslOverTheHashedRegion()
        {
            using TempDir dir = new TempDir();
            SigningKey key = SigningKey.Generate(CoseAlgorithm.ES256);
            byte[] image = Build(key, Payload, new SemanticVersion(1, 0, 0), 1);
            McuBootImage.TryParse(new MemoryStream(image), out McuBootImage? parsed, out _);
            PublicKeyFile.Write(dir.File("pub.pem"), key.PublicKey);
            dir.Write("region", image.AsSpan(0, 32 + Payload.Length + 12).ToArray());
            dir.Write("sig", parsed!.Find(McuBootTlv.EcdsaSignature)!.Value);
            OpenSsl.Ok("pkey", "-pubin", "-in", dir.File("pub.pem"), "-outform", "DER", "-out", dir.File("spki.der"));

            Assert.Contains("Verified OK", OpenSsl.Ok("dgst", "-sha256", "-verify", dir.File("pub.pem"), "-signature", dir.File("sig"), dir.File("region")), StringComparison.Ordinal);
            Assert.Equal(SHA256.HashData(File.ReadAllBytes(dir.File("spki.der"))), parsed.Find(McuBootTlv.KeyHash)!.Value);
        }

        [Fact]
        public void Verify_Tampered_Rejected()
        {
            SigningKey key = SigningKey.Generate(CoseAlgorithm.EdDSA);
            byte[] image = Build(key, Payload, new SemanticVersion(1, 0, 0), 1);

            byte[] payloadFlip = (byte[])image.Clone();
            payloadFlip[100] ^= 1;
            byte[] counterFlip = (byte[])image.Clone();
            counterFlip[32 + Payload.Length + 8] ^= 1;
            byte[] signatureFlip = (byte[])image.Clone();
            signatureFlip[^1] ^= 1;
            byte[] appended = new byte[image.Length + 1];
            image.CopyTo(appended, 0);
            byte[] badMagic = (byte[])image.Clone();
            badMagic[0] ^= 1;

            Assert.Equal(UpdateResult.DigestMismatch, McuBootImage.Verify(new MemoryStream(payloadFlip), key.PublicKey).Result);
            Assert.Equal(UpdateResult.DigestMismatch, McuBootImage.Verify(new MemoryStream(counterFlip), key.PublicKey).Result);
            Assert.Equal(UpdateResult.BadSignature, McuBootImage.Verify(new MemoryStream(signatureFlip), key.PublicKey).Result);
            Assert.Equal(UpdateResult.TrailingData, McuBootImage.Verify(new MemoryStream(appended), key.PublicKey).Result);
            Assert.Equal(UpdateResult.Truncated, McuBootImage.Verify(new MemoryStream(image.AsSpan(0, image.Length - 10).ToArray()), key.PublicKey).Result);
            Assert.Equal(UpdateResult.Truncated, McuBootImage.Verify(new MemoryStream(image.AsSpan(0, 20).ToArray()), key.PublicKey).Result);
            Assert.Equal(UpdateResult.BadMagic, McuBootImage.Verify(new MemoryStream(badMagic), key.PublicKey).Result);
            Assert.Equal(UpdateResult.KeyIdMismatch, McuBootImage.Verify(new MemoryStream(image), SigningKey.Generate(CoseAlgorithm.EdDSA).PublicKey).Result);
        }

        [Theory]
        [InlineData(256, 0, 0, 0)]
        [InlineData(0, 256, 0, 0)]
        [InlineData(0, 0, 65536, 0)]
        [InlineData(1, 0, 0, 4294967296)]
        public void Build_FieldsOutOfMcuBootRange_InvalidArgument(long major, long minor, long patch, long counter)
        {
            CompanionException e = Assert.Throws<CompanionException>(() => Build(SigningKey.Generate(CoseAlgorithm.EdDSA), Payload, new SemanticVersion(major, minor, patch), counter));
            Assert.Equal(CompanionErrorKind.InvalidArgument, e.Kind);
        }
    }
}
