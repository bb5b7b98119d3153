using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Protocol;
using CompanionDelegation = MedDeviceAgent.Companion.Pki.Delegation;
using CompanionManifest = MedDeviceAgent.Companion.Packaging.Manifest;
using CompanionRevocationList = MedDeviceAgent.Companion.Pki.RevocationList;
using CompanionRootRotation = MedDeviceAgent.Companion.Pki.RootRotation;
using CoreCborWriter = MedDeviceAgent.Firmware.Core.Cbor.CborWriter;

namespace MedDeviceAgent.VirtualDevice.Tests.Support
{
    /// <summary>
    /// Builds update packages for device tests with every field under the test's control, so that
    /// each attack (wrong role, expired delegation, extra header, mixed payload...) can be forged.
    /// Every structure is written by the product's own encoders (the companion's manifest,
    /// delegation, revocation list, root rotation and COSE_Sign1 encoders, fed raw field values);
    /// the only bytes written here are the two structural deviations no encoder produces (an extra
    /// unprotected label, an extra manifest key), spliced into the encoder's output.
    /// </summary>
    public sealed class PackageForge
    {
        public PackageForge(TestKey root, TestKey signer)
        {
            Root = root;
            Signer = signer;
            DelegationSigner = root;
            RevocationSigner = root;
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Created = now;
            NotBefore = now - 3600;
            NotAfter = now + (365L * 24 * 3600);
        }

        public TestKey Root { get; set; }
        public TestKey Signer { get; set; }
        public TestKey DelegationSigner { get; set; }
        public TestKey RevocationSigner { get; set; }
        public string Vendor { get; set; } = "acme";
        public string DeviceClass { get; set; } = "pump-x1";
        public string Component { get; set; } = "app";
        public int[] Version { get; set; } = new[] { 1, 1, 0 };
        public long SecurityCounter { get; set; } = 2;
        public long Created { get; set; }
        public long? Expires { get; set; }
        public long RequiredRevocationVersion { get; set; } = 1;
        public byte[] Payload { get; set; } = System.Text.Encoding.ASCII.GetBytes("firmware image 1.1.0");
        public KeyRole Role { get; set; } = KeyRole.UpdateSigner;
        public long NotBefore { get; set; }
        public long NotAfter { get; set; }
        public bool IncludeDelegation { get; set; } = true;
        public bool IncludeRevocation { get; set; } = true;
        public int RevocationListVersion { get; set; } = 1;
        public List<byte[]> Revoked { get; } = new List<byte[]>();
        public List<byte[]> Rotations { get; } = new List<byte[]>();
        /// <summary>Key id written in the manifest (default: the signer's).</summary>
        public byte[]? ManifestSignerKeyId { get; set; }
        /// <summary>Key id written in the envelope's protected header (default: the signer's).</summary>
        public byte[]? EnvelopeKeyId { get; set; }
        /// <summary>Digest written in the manifest (default: SHA-256 of the payload).</summary>
        public byte[]? ManifestDigest { get; set; }
        /// <summary>Size written in the manifest (default: payload length).</summary>
        public long? ManifestSize { get; set; }
        /// <summary>An extra unprotected header label to add (an allow-list violation).</summary>
        public int? ExtraUnprotectedLabel { get; set; }
        /// <summary>An extra manifest key to add (unknown field), above key 12.</summary>
        public int? ExtraManifestKey { get; set; }
        /// <summary>Role written in the delegation as a raw CBOR integer (default: <see cref="Role"/>); for values past 32 bits.</summary>
        public long? RoleValue { get; set; }
        /// <summary>Algorithm written in the delegation as a raw CBOR integer (default: the signer's); for values past 32 bits.</summary>
        public long? DelegationAlgorithmValue { get; set; }
        /// <summary>Bytes appended to the file after the payload.</summary>
        public byte[] Trailer { get; set; } = Array.Empty<byte>();

        public byte[] Build()
        {
            byte[] manifest = Manifest();
            byte[] protectedBytes = CoseSign1Writer.EncodeProtected(Signer.Algorithm, EnvelopeKeyId ?? Signer.KeyId);
            byte[] signature = Signer.Sign(CoseSign1Writer.SigStructure(protectedBytes, manifest));
            byte[] envelope = CoseSign1Writer.EncodeEnvelope(protectedBytes, IncludeDelegation ? Delegation() : null, IncludeRevocation ? RevocationList() : null, Rotations, manifest, signature);
            if (ExtraUnprotectedLabel.HasValue)
            {
                envelope = AddUnprotectedEntry(envelope, protectedBytes.Length, manifest.Length, signature.Length, ExtraUnprotectedLabel.Value);
            }

            return Frame(envelope, Payload, Trailer);
        }

        /// <summary>Header (the signer's own, when the length is one it writes) + envelope + payload + trailer.</summary>
        public static byte[] Frame(byte[] envelope, byte[] payload, byte[] trailer)
        {
            byte[] header = envelope.Length >= 1 && envelope.Length <= PackageFormat.MaxEnvelopeSize
                ? PackageFile.EncodeHeader(envelope.Length)
                : new byte[] { PackageFormat.Magic0, PackageFormat.Magic1, PackageFormat.Magic2, PackageFormat.Magic3, PackageFormat.FormatVersion, 0, (byte)(envelope.Length >> 8), (byte)envelope.Length };
            byte[] file = new byte[header.Length + envelope.Length + payload.Length + trailer.Length];
            header.CopyTo(file, 0);
            envelope.CopyTo(file, header.Length);
            payload.CopyTo(file, header.Length + envelope.Length);
            trailer.CopyTo(file, header.Length + envelope.Length + payload.Length);
            return file;
        }

        public byte[] Manifest()
        {
            byte[] encoded = new CompanionManifest
            {
                VendorId = Vendor,
                DeviceClassId = DeviceClass,
                Component = Component,
                Version = new SemanticVersion(Version[0], Version[1], Version[2]),
                SecurityCounter = SecurityCounter,
                PayloadDigest = ManifestDigest ?? SHA256.HashData(Payload),
                PayloadSize = ManifestSize ?? Payload.Length,
                Created = Created,
                Expires = Expires ?? -1,
                SignerKeyId = ManifestSignerKeyId ?? Signer.KeyId,
                RevocationListVersion = RequiredRevocationVersion,
            }.Encode();
            if (!ExtraManifestKey.HasValue)
            {
                return encoded;
            }

            // One more entry {key: 0} after key 12 (so keys stay sorted): the map head counts it.
            Assert.True(ExtraManifestKey.Value > ManifestKeys.RevocationListVersion && encoded[0] < 0xB7, "the forge appends keys above 12 only");
            byte[] key = Cbor(w => w.WriteInt64(ExtraManifestKey.Value));
            byte[] extended = new byte[encoded.Length + key.Length + 1];
            encoded.CopyTo(extended, 0);
            extended[0]++;
            key.CopyTo(extended, encoded.Length);
            extended[^1] = 0x00;
            return extended;
        }

        public byte[] Delegation()
        {
            byte[] payload = CompanionDelegation.EncodePayload(Signer.KeyId, DelegationAlgorithmValue ?? (long)Signer.Algorithm, Signer.RawPublicKey, RoleValue ?? (long)Role, NotBefore, NotAfter, DelegationSigner.KeyId);
            return Statement(DelegationSigner, payload);
        }

        public byte[] RevocationList()
        {
            byte[] payload = CompanionRevocationList.EncodePayload(RevocationListVersion, Revoked, Created, RevocationSigner.KeyId);
            return Statement(RevocationSigner, payload);
        }

        /// <summary>
        /// A rotation statement: <paramref name="oldRoot"/> vouches for <paramref name="newRoot"/> as root number
        /// <paramref name="sequence"/>; <paramref name="algorithm"/> overrides the algorithm written (default: the new root's).
        /// </summary>
        public static byte[] Rotation(TestKey oldRoot, TestKey newRoot, long sequence, long? algorithm = null)
        {
            byte[] payload = CompanionRootRotation.EncodePayload(sequence, newRoot.KeyId, algorithm ?? (long)newRoot.Algorithm, newRoot.RawPublicKey, oldRoot.KeyId);
            return Statement(oldRoot, payload);
        }

        /// <summary>A statement: the product's COSE_Sign1 with an empty unprotected header, signed by <paramref name="signer"/>.</summary>
        public static byte[] Statement(TestKey signer, byte[] payload)
        {
            byte[] protectedBytes = CoseSign1Writer.EncodeProtected(signer.Algorithm, signer.KeyId);
            byte[] signature = signer.Sign(CoseSign1Writer.SigStructure(protectedBytes, payload));
            return CoseSign1Writer.EncodeEnvelope(protectedBytes, null, null, null, payload, signature);
        }

        /// <summary>
        /// The product's COSE_Sign1 of <paramref name="payload"/> signed by <paramref name="signer"/>
        /// under <paramref name="kid"/>, with its (empty) unprotected header replaced by the encoded
        /// map <paramref name="unprotectedMap"/>, which may hold anything.
        /// </summary>
        public static byte[] Sign1(TestKey signer, byte[] kid, byte[] unprotectedMap, byte[] payload)
        {
            byte[] protectedBytes = CoseSign1Writer.EncodeProtected(signer.Algorithm, kid);
            byte[] signature = signer.Sign(CoseSign1Writer.SigStructure(protectedBytes, payload));
            byte[] envelope = CoseSign1Writer.EncodeEnvelope(protectedBytes, null, null, null, payload, signature);
            int map = UnprotectedMapOffset(protectedBytes.Length);
            Assert.Equal(0xA0, envelope[map]);
            byte[] replaced = new byte[envelope.Length - 1 + unprotectedMap.Length];
            Array.Copy(envelope, replaced, map);
            unprotectedMap.CopyTo(replaced, map);
            Array.Copy(envelope, map + 1, replaced, map + unprotectedMap.Length, envelope.Length - map - 1);
            return replaced;
        }

        /// <summary>Offset of the unprotected map in an envelope: after the tag, the array head and the protected bstr.</summary>
        private static int UnprotectedMapOffset(int protectedLength)
        {
            return 2 + HeadLength(protectedLength) + protectedLength;
        }

        /// <summary>Adds {label: h'01'} to the envelope's unprotected map: first for a positive label, last for a negative one (keys stay sorted).</summary>
        private static byte[] AddUnprotectedEntry(byte[] envelope, int protectedLength, int payloadLength, int signatureLength, int label)
        {
            int map = UnprotectedMapOffset(protectedLength);
            Assert.True(envelope[map] >= 0xA0 && envelope[map] < 0xB7, "unprotected map head");
            int mapEnd = envelope.Length - (HeadLength(payloadLength) + payloadLength) - (HeadLength(signatureLength) + signatureLength);
            byte[] entry = Cbor(w =>
            {
                w.WriteInt64(label);
                w.WriteByteString(new byte[] { 1 }, 0, 1);
            });
            int at = label >= 0 ? map + 1 : mapEnd;
            byte[] result = new byte[envelope.Length + entry.Length];
            Array.Copy(envelope, result, at);
            entry.CopyTo(result, at);
            Array.Copy(envelope, at, result, at + entry.Length, envelope.Length - at);
            result[map]++;
            return result;
        }

        /// <summary>Size of a CBOR head whose argument is <paramref name="argument"/>.</summary>
        private static int HeadLength(int argument)
        {
            return argument < 24 ? 1 : argument <= 0xFF ? 2 : argument <= 0xFFFF ? 3 : 5;
        }

        private static byte[] Cbor(Action<CoreCborWriter> write)
        {
            CoreCborWriter writer = new CoreCborWriter(16);
            write(writer);
            return writer.ToArray();
        }
    }
}
