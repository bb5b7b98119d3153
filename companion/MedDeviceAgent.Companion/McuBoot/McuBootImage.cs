using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using MedDeviceAgent.Companion.IO;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.McuBoot
{
    /// <summary>
    /// A parsed MCUboot image (docs/mcuboot-format.md): 32-byte little-endian header, image,
    /// protected TLV area (magic 0x6908) and TLV area (magic 0x6907). Parsing reads only the header
    /// and the TLV areas; the image itself is streamed when the hash is checked.
    /// </summary>
    public sealed class McuBootImage
    {
        /// <summary>ih_magic.</summary>
        public const uint ImageMagic = 0x96f3b83d;

        /// <summary>Size of the header structure (and of ih_hdr_size for images we write).</summary>
        public const int HeaderStructSize = 32;

        /// <summary>Magic of the unprotected TLV info header.</summary>
        public const ushort TlvInfoMagic = 0x6907;

        /// <summary>Magic of the protected TLV info header.</summary>
        public const ushort ProtectedTlvInfoMagic = 0x6908;

        /// <summary>Size of a TLV info header and of a TLV record header.</summary>
        public const int TlvHeaderSize = 4;

        private const int MaxTlvArea = ushort.MaxValue;

        /// <summary>What verifying an image checks, in order.</summary>
        private static readonly string[] ChecksMadeOnImages = new[]
        {
            "header and TLV areas",
            "SHA-256 over header, image and protected TLVs",
            "KEYHASH of the given key",
            "signature",
            "nothing after the TLV area",
        };

        /// <summary>What verifying an image against its signing key cannot check (it carries no delegation, revocation list, vendor or class).</summary>
        private static readonly string[] NotCheckedForImages = new[]
        {
            "delegation and revocation (an MCUboot image is checked against its signing key only)",
            DeviceExpectations.VendorCheck,
            DeviceExpectations.DeviceClassCheck,
            DeviceExpectations.SecurityFloorCheck,
            DeviceExpectations.SlotCapacityCheck,
        };

        private McuBootImage()
        {
        }

        /// <summary>ih_load_addr.</summary>
        public uint LoadAddress { get; private set; }

        /// <summary>ih_hdr_size: offset of the image.</summary>
        public int HeaderSize { get; private set; }

        /// <summary>ih_protect_tlv_size: size of the protected TLV area including its info header (0 when none).</summary>
        public int ProtectedTlvSize { get; private set; }

        /// <summary>ih_img_size: image size, header excluded.</summary>
        public long ImageSize { get; private set; }

        /// <summary>ih_flags.</summary>
        public uint Flags { get; private set; }

        /// <summary>Version major.</summary>
        public int VersionMajor { get; private set; }

        /// <summary>Version minor.</summary>
        public int VersionMinor { get; private set; }

        /// <summary>Version revision.</summary>
        public int VersionRevision { get; private set; }

        /// <summary>Version build number.</summary>
        public long BuildNumber { get; private set; }

        /// <summary>Total size of the unprotected TLV area including its info header.</summary>
        public int TlvAreaSize { get; private set; }

        /// <summary>Length of the file.</summary>
        public long FileLength { get; private set; }

        /// <summary>Offset where the TLV areas end (the file should end there).</summary>
        public long End => HeaderSize + ImageSize + ProtectedTlvSize + TlvAreaSize;

        /// <summary>All TLVs, protected ones first.</summary>
        public IReadOnlyList<McuBootTlv> Tlvs { get; private set; } = Array.Empty<McuBootTlv>();

        /// <summary>The security counter from the protected SEC_CNT TLV, or -1.</summary>
        public long SecurityCounter
        {
            get
            {
                McuBootTlv? tlv = Find(McuBootTlv.SecurityCounter);
                return tlv != null && tlv.IsProtected && tlv.Value.Length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(tlv.Value) : -1;
            }
        }

        /// <summary>The first TLV of <paramref name="type"/>, or null.</summary>
        public McuBootTlv? Find(ushort type)
        {
            foreach (McuBootTlv tlv in Tlvs)
            {
                if (tlv.Type == type)
                {
                    return tlv;
                }
            }

            return null;
        }

        /// <summary>True when <paramref name="stream"/> starts with the MCUboot image magic (the position is restored).</summary>
        public static bool HasMagic(Stream stream)
        {
            return StreamPrefix.TryRead(stream, 4, out byte[] magic) && BinaryPrimitives.ReadUInt32LittleEndian(magic) == ImageMagic;
        }

        /// <summary>Parses the header and TLV areas. Returns Accepted with the image, or the failure and its reason.</summary>
        public static UpdateResult TryParse(Stream stream, out McuBootImage? image, out string reason)
        {
            ArgumentNullException.ThrowIfNull(stream);
            image = null;
            long length = stream.Length;
            if (length < HeaderStructSize)
            {
                reason = "file is shorter than the 32-byte MCUboot header";
                return UpdateResult.Truncated;
            }

            byte[] header = ReadAt(stream, 0, HeaderStructSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != ImageMagic)
            {
                reason = "magic is not 0x96f3b83d";
                return UpdateResult.BadMagic;
            }

            McuBootImage result = new McuBootImage
            {
                LoadAddress = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)),
                HeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)),
                ProtectedTlvSize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10)),
                ImageSize = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12)),
                Flags = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16)),
                VersionMajor = header[20],
                VersionMinor = header[21],
                VersionRevision = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(22)),
                BuildNumber = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(24)),
                FileLength = length,
            };
            if (result.HeaderSize < HeaderStructSize)
            {
                reason = "header size " + result.HeaderSize + " is below 32";
                return UpdateResult.UnsupportedFormat;
            }

            List<McuBootTlv> tlvs = new List<McuBootTlv>();
            long offset = result.HeaderSize + result.ImageSize;
            if (result.ProtectedTlvSize > 0)
            {
                UpdateResult area = ReadArea(stream, offset, ProtectedTlvInfoMagic, true, tlvs, out int size, out reason);
                if (area != UpdateResult.Accepted)
                {
                    return area;
                }

                if (size != result.ProtectedTlvSize)
                {
                    reason = "protected TLV area is " + size + " bytes; the header says " + result.ProtectedTlvSize;
                    return UpdateResult.InvalidManifest;
                }

                offset += size;
            }

            UpdateResult main = ReadArea(stream, offset, TlvInfoMagic, false, tlvs, out int tlvSize, out reason);
            if (main != UpdateResult.Accepted)
            {
                return main;
            }

            result.TlvAreaSize = tlvSize;
            result.Tlvs = tlvs;
            image = result;
            return UpdateResult.Accepted;
        }

        /// <summary>
        /// Verifies an MCUboot image against the key that signed it (MCUboot has no delegation):
        /// structure, SHA-256 over header+image+protected TLVs, KEYHASH, signature, no trailing data.
        /// </summary>
        public static VerificationReport Verify(Stream stream, PublicKeyInfo signer)
        {
            ArgumentNullException.ThrowIfNull(stream);
            ArgumentNullException.ThrowIfNull(signer);
            VerificationReport report = new VerificationReport { Format = "mcuboot", NotChecked = NotCheckedForImages };
            UpdateResult parsed = TryParse(stream, out McuBootImage? image, out string reason);
            if (parsed != UpdateResult.Accepted || image == null)
            {
                return report.Fail(parsed, reason);
            }

            report.SecurityCounter = image.SecurityCounter;
            McuBootTlv? sha = image.Find(McuBootTlv.Sha256);
            if (sha == null || sha.IsProtected || sha.Value.Length != 32)
            {
                return report.Fail(UpdateResult.InvalidManifest, "no 32-byte SHA256 TLV");
            }

            stream.Position = 0;
            long hashed = image.HeaderSize + image.ImageSize + image.ProtectedTlvSize;
            byte[] digest;
            using (IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                PayloadStreaming.HashCopy(stream, hashed, null, hash, "verifying", null);
                digest = hash.GetHashAndReset();
            }

            if (!CryptographicOperations.FixedTimeEquals(digest, sha.Value))
            {
                return report.Fail(UpdateResult.DigestMismatch, "the image's SHA-256 does not match its SHA256 TLV");
            }

            McuBootTlv? keyHash = image.Find(McuBootTlv.KeyHash);
            byte[] expected = SHA256.HashData(signer.ToSubjectPublicKeyInfo());
            if (keyHash == null || keyHash.Value.Length != 32 || !CryptographicOperations.FixedTimeEquals(keyHash.Value, expected))
            {
                return report.Fail(UpdateResult.KeyIdMismatch, "the image's KEYHASH is not the hash of key " + signer.KeyIdHex + " (MCUboot images verify against the update-signer key, not the root)");
            }

            report.SignerKeyId = signer.KeyId;
            ushort signatureType = signer.Algorithm == CoseAlgorithm.EdDSA ? McuBootTlv.Ed25519Signature : McuBootTlv.EcdsaSignature;
            McuBootTlv? signature = image.Find(signatureType);
            if (signature == null || signature.IsProtected || !SignatureVerifier.VerifyMcuBootDigest(signer, digest, signature.Value))
            {
                return report.Fail(UpdateResult.BadSignature, "the image signature does not verify with key " + signer.KeyIdHex);
            }

            if (image.FileLength > image.End)
            {
                return report.Fail(UpdateResult.TrailingData, (image.FileLength - image.End) + " bytes follow the TLV area");
            }

            report.Checked = ChecksMadeOnImages;
            return report.Accept();
        }

        private static UpdateResult ReadArea(Stream stream, long offset, ushort magic, bool isProtected, List<McuBootTlv> tlvs, out int size, out string reason)
        {
            size = 0;
            if (stream.Length - offset < TlvHeaderSize)
            {
                reason = "file ends before the " + (isProtected ? "protected " : string.Empty) + "TLV area";
                return UpdateResult.Truncated;
            }

            byte[] info = ReadAt(stream, offset, TlvHeaderSize);
            if (BinaryPrimitives.ReadUInt16LittleEndian(info) != magic)
            {
                reason = (isProtected ? "protected " : string.Empty) + "TLV info magic is not 0x" + magic.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
                return UpdateResult.InvalidManifest;
            }

            size = BinaryPrimitives.ReadUInt16LittleEndian(info.AsSpan(2));
            if (size < TlvHeaderSize || size > MaxTlvArea)
            {
                reason = "TLV area size " + size + " is invalid";
                return UpdateResult.InvalidManifest;
            }

            if (stream.Length - offset < size)
            {
                reason = "file ends inside the " + (isProtected ? "protected " : string.Empty) + "TLV area";
                return UpdateResult.Truncated;
            }

            byte[] area = ReadAt(stream, offset, size);
            int position = TlvHeaderSize;
            while (position < size)
            {
                if (size - position < TlvHeaderSize)
                {
                    reason = "TLV record header overruns its area";
                    return UpdateResult.InvalidManifest;
                }

                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(area.AsSpan(position));
                int length = BinaryPrimitives.ReadUInt16LittleEndian(area.AsSpan(position + 2));
                position += TlvHeaderSize;
                if (size - position < length)
                {
                    reason = "TLV 0x" + type.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + " overruns its area";
                    return UpdateResult.InvalidManifest;
                }

                tlvs.Add(new McuBootTlv(type, area.AsSpan(position, length).ToArray(), isProtected));
                position += length;
            }

            reason = string.Empty;
            return UpdateResult.Accepted;
        }

        private static byte[] ReadAt(Stream stream, long offset, int count)
        {
            byte[] buffer = new byte[count];
            stream.Position = offset;
            stream.ReadExactly(buffer, 0, count);
            return buffer;
        }
    }
}
