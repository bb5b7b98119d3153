using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using MedDeviceAgent.Companion.IO;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.McuBoot
{
    /// <summary>
    /// Writes signed MCUboot images as imgtool does by default (docs/mcuboot-format.md): header with
    /// load address 0 and header size 32, the payload, a protected TLV area holding SEC_CNT, then
    /// SHA256, KEYHASH and the signature TLV (ED25519 or ECDSASIG). One streaming pass.
    /// </summary>
    public static class McuBootImageBuilder
    {
        /// <summary>Builds an image from <paramref name="payloadPath"/> into <paramref name="outputPath"/>, atomically.</summary>
        public static McuBootBuildResult CreateFile(SigningKey signer, SemanticVersion version, long securityCounter, string payloadPath, string outputPath, IPayloadProgress? progress)
        {
            using (FileStream payload = PackageBuilder.OpenPayload(payloadPath))
            {
                McuBootBuildResult? result = null;
                AtomicFile.Write(outputPath, AtomicFile.PublicFileMode, output => result = Write(signer, version, securityCounter, payload, output, progress));
                return result!;
            }
        }

        /// <summary>Builds an image from a seekable <paramref name="payload"/> stream into <paramref name="output"/>.</summary>
        /// <exception cref="CompanionException">InvalidArgument when the version, counter or size do not fit MCUboot's fields; InputError for an empty payload.</exception>
        public static McuBootBuildResult Write(SigningKey signer, SemanticVersion version, long securityCounter, Stream payload, Stream output, IPayloadProgress? progress)
        {
            ArgumentNullException.ThrowIfNull(signer);
            ArgumentNullException.ThrowIfNull(payload);
            ArgumentNullException.ThrowIfNull(output);
            CheckFields(version, securityCounter);

            long size = payload.Length;
            if (size == 0)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "the payload is empty");
            }

            if (size > uint.MaxValue - McuBootImage.HeaderStructSize)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "the payload is too large for an MCUboot image");
            }

            byte[] protectedTlvs = new byte[McuBootImage.TlvHeaderSize + McuBootImage.TlvHeaderSize + 4];
            WriteTlvHeader(protectedTlvs, 0, McuBootImage.ProtectedTlvInfoMagic, protectedTlvs.Length);
            WriteTlvHeader(protectedTlvs, 4, McuBootTlv.SecurityCounter, 4);
            BinaryPrimitives.WriteUInt32LittleEndian(protectedTlvs.AsSpan(8), (uint)securityCounter);

            byte[] header = new byte[McuBootImage.HeaderStructSize];
            BinaryPrimitives.WriteUInt32LittleEndian(header, McuBootImage.ImageMagic);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 0);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), McuBootImage.HeaderStructSize);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), (ushort)protectedTlvs.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)size);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 0);
            header[20] = (byte)version.Major;
            header[21] = (byte)version.Minor;
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(22), (ushort)version.Patch);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), 0);

            byte[] digest;
            using (IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                hash.AppendData(header);
                output.Write(header);
                payload.Position = 0;
                long copied = PayloadStreaming.HashCopy(payload, size, output, hash, "writing", progress);
                if (copied != size || payload.ReadByte() != -1)
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "the payload changed size while it was being packaged");
                }

                hash.AppendData(protectedTlvs);
                output.Write(protectedTlvs);
                digest = hash.GetHashAndReset();
            }

            byte[] keyHash = SHA256.HashData(signer.PublicKey.ToSubjectPublicKeyInfo());
            byte[] signature = signer.SignMcuBootDigest(digest);
            ushort signatureType = signer.Algorithm == CoseAlgorithm.EdDSA ? McuBootTlv.Ed25519Signature : McuBootTlv.EcdsaSignature;
            int tlvSize = McuBootImage.TlvHeaderSize + (McuBootImage.TlvHeaderSize + digest.Length) + (McuBootImage.TlvHeaderSize + keyHash.Length) + (McuBootImage.TlvHeaderSize + signature.Length);
            byte[] tlvs = new byte[tlvSize];
            WriteTlvHeader(tlvs, 0, McuBootImage.TlvInfoMagic, tlvSize);
            int position = McuBootImage.TlvHeaderSize;
            position = WriteTlv(tlvs, position, McuBootTlv.Sha256, digest);
            position = WriteTlv(tlvs, position, McuBootTlv.KeyHash, keyHash);
            WriteTlv(tlvs, position, signatureType, signature);
            output.Write(tlvs);
            return new McuBootBuildResult(size, McuBootImage.HeaderStructSize + size + protectedTlvs.Length + tlvSize, digest, keyHash);
        }

        /// <summary>Throws an InvalidArgument error when the version or counter do not fit MCUboot's header and SEC_CNT fields.</summary>
        public static void CheckFields(SemanticVersion version, long securityCounter)
        {
            if (version.Major > byte.MaxValue || version.Minor > byte.MaxValue || version.Patch > ushort.MaxValue)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "version " + version + " does not fit MCUboot (major and minor 0..255, patch 0..65535)");
            }

            if (securityCounter < 0 || securityCounter > uint.MaxValue)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "security counter " + securityCounter + " does not fit MCUboot's 32 bits");
            }
        }

        private static void WriteTlvHeader(byte[] buffer, int offset, ushort typeOrMagic, int length)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(offset), typeOrMagic);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(offset + 2), (ushort)length);
        }

        private static int WriteTlv(byte[] buffer, int offset, ushort type, byte[] value)
        {
            WriteTlvHeader(buffer, offset, type, value.Length);
            value.CopyTo(buffer, offset + McuBootImage.TlvHeaderSize);
            return offset + McuBootImage.TlvHeaderSize + value.Length;
        }
    }
}
