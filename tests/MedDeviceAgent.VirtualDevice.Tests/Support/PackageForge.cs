using System;
using System.Collections.Generic;
using System.Formats.Cbor;
using System.Security.Cryptography;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.VirtualDevice.Tests.Support
{
    /// <summary>
    /// Builds update packages for device tests with every field under the test's control, so that
    /// each attack (wrong role, expired delegation, extra header, mixed payload...) can be forged.
    /// Follows docs/package-format.md; the companion's own builder is tested against the device separately.
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
        /// <summary>An extra manifest key to add (unknown field).</summary>
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
            CborWriter unprotected = new CborWriter(CborConformanceMode.Lax);
            int entries = (IncludeDelegation ? 1 : 0) + (IncludeRevocation ? 1 : 0) + (Rotations.Count > 0 ? 1 : 0) + (ExtraUnprotectedLabel.HasValue ? 1 : 0);
            unprotected.WriteStartMap(entries);
            if (ExtraUnprotectedLabel.HasValue && ExtraUnprotectedLabel.Value > 0)
            {
                unprotected.WriteInt32(ExtraUnprotectedLabel.Value);
                unprotected.WriteByteString(new byte[] { 1 });
            }

            if (IncludeDelegation)
            {
                unprotected.WriteInt32(CoseHeaderLabels.Delegation);
                unprotected.WriteByteString(Delegation());
            }

            if (IncludeRevocation)
            {
                unprotected.WriteInt32(CoseHeaderLabels.RevocationList);
                unprotected.WriteByteString(RevocationList());
            }

            if (Rotations.Count > 0)
            {
                unprotected.WriteInt32(CoseHeaderLabels.RootRotations);
                unprotected.WriteStartArray(Rotations.Count);
                foreach (byte[] r in Rotations)
                {
                    unprotected.WriteByteString(r);
                }

                unprotected.WriteEndArray();
            }

            if (ExtraUnprotectedLabel.HasValue && ExtraUnprotectedLabel.Value < 0)
            {
                unprotected.WriteInt32(ExtraUnprotectedLabel.Value);
                unprotected.WriteByteString(new byte[] { 1 });
            }

            unprotected.WriteEndMap();
            byte[] envelope = Sign1(Signer, EnvelopeKeyId ?? Signer.KeyId, unprotected.Encode(), manifest);
            return Frame(envelope, Payload, Trailer);
        }

        public static byte[] Frame(byte[] envelope, byte[] payload, byte[] trailer)
        {
            byte[] file = new byte[PackageFormat.HeaderSize + envelope.Length + payload.Length + trailer.Length];
            file[0] = PackageFormat.Magic0;
            file[1] = PackageFormat.Magic1;
            file[2] = PackageFormat.Magic2;
            file[3] = PackageFormat.Magic3;
            file[4] = PackageFormat.FormatVersion;
            file[6] = (byte)(envelope.Length >> 8);
            file[7] = (byte)envelope.Length;
            envelope.CopyTo(file, PackageFormat.HeaderSize);
            payload.CopyTo(file, PackageFormat.HeaderSize + envelope.Length);
            trailer.CopyTo(file, PackageFormat.HeaderSize + envelope.Length + payload.Length);
            return file;
        }

        public byte[] Manifest()
        {
            CborWriter w = new CborWriter(CborConformanceMode.Lax);
            int count = 11 + (Expires.HasValue ? 1 : 0) + (ExtraManifestKey.HasValue ? 1 : 0);
            w.WriteStartMap(count);
            w.WriteInt32(ManifestKeys.ManifestVersion);
            w.WriteInt32(PackageFormat.ManifestVersion);
            w.WriteInt32(ManifestKeys.VendorId);
            w.WriteTextString(Vendor);
            w.WriteInt32(ManifestKeys.DeviceClassId);
            w.WriteTextString(DeviceClass);
            w.WriteInt32(ManifestKeys.Component);
            w.WriteTextString(Component);
            w.WriteInt32(ManifestKeys.Version);
            w.WriteStartArray(3);
            foreach (int v in Version)
            {
                w.WriteInt32(v);
            }

            w.WriteEndArray();
            w.WriteInt32(ManifestKeys.SecurityCounter);
            w.WriteInt64(SecurityCounter);
            w.WriteInt32(ManifestKeys.PayloadDigest);
            w.WriteByteString(ManifestDigest ?? SHA256.HashData(Payload));
            w.WriteInt32(ManifestKeys.PayloadSize);
            w.WriteInt64(ManifestSize ?? Payload.Length);
            w.WriteInt32(ManifestKeys.Created);
            w.WriteInt64(Created);
            if (Expires.HasValue)
            {
                w.WriteInt32(ManifestKeys.Expires);
                w.WriteInt64(Expires.Value);
            }

            w.WriteInt32(ManifestKeys.SignerKeyId);
            w.WriteByteString(ManifestSignerKeyId ?? Signer.KeyId);
            w.WriteInt32(ManifestKeys.RevocationListVersion);
            w.WriteInt64(RequiredRevocationVersion);
            if (ExtraManifestKey.HasValue)
            {
                w.WriteInt32(ExtraManifestKey.Value);
                w.WriteInt32(0);
            }

            w.WriteEndMap();
            return w.Encode();
        }

        public byte[] Delegation()
        {
            CborWriter w = new CborWriter(CborConformanceMode.Lax);
            w.WriteStartMap(7);
            w.WriteInt32(DelegationKeys.KeyId);
            w.WriteByteString(Signer.KeyId);
            w.WriteInt32(DelegationKeys.Algorithm);
            w.WriteInt64(DelegationAlgorithmValue ?? (int)Signer.Algorithm);
            w.WriteInt32(DelegationKeys.PublicKey);
            w.WriteByteString(Signer.RawPublicKey);
            w.WriteInt32(DelegationKeys.Role);
            w.WriteInt64(RoleValue ?? (int)Role);
            w.WriteInt32(DelegationKeys.NotBefore);
            w.WriteInt64(NotBefore);
            w.WriteInt32(DelegationKeys.NotAfter);
            w.WriteInt64(NotAfter);
            w.WriteInt32(DelegationKeys.IssuerKeyId);
            w.WriteByteString(DelegationSigner.KeyId);
            w.WriteEndMap();
            return Statement(DelegationSigner, w.Encode());
        }

        public byte[] RevocationList()
        {
            CborWriter w = new CborWriter(CborConformanceMode.Lax);
            w.WriteStartMap(4);
            w.WriteInt32(RevocationListKeys.Version);
            w.WriteInt32(RevocationListVersion);
            w.WriteInt32(RevocationListKeys.RevokedKeyIds);
            w.WriteStartArray(Revoked.Count);
            foreach (byte[] id in Revoked)
            {
                w.WriteByteString(id);
            }

            w.WriteEndArray();
            w.WriteInt32(RevocationListKeys.Issued);
            w.WriteInt64(Created);
            w.WriteInt32(RevocationListKeys.IssuerKeyId);
            w.WriteByteString(RevocationSigner.KeyId);
            w.WriteEndMap();
            return Statement(RevocationSigner, w.Encode());
        }

        /// <summary>
        /// A rotation statement: <paramref name="oldRoot"/> vouches for <paramref name="newRoot"/> as root number
        /// <paramref name="sequence"/>; <paramref name="algorithm"/> overrides the algorithm written (default: the new root's).
        /// </summary>
        public static byte[] Rotation(TestKey oldRoot, TestKey newRoot, long sequence, long? algorithm = null)
        {
            CborWriter w = new CborWriter(CborConformanceMode.Lax);
            w.WriteStartMap(5);
            w.WriteInt32(RootRotationKeys.Sequence);
            w.WriteInt64(sequence);
            w.WriteInt32(RootRotationKeys.KeyId);
            w.WriteByteString(newRoot.KeyId);
            w.WriteInt32(RootRotationKeys.Algorithm);
            w.WriteInt64(algorithm ?? (int)newRoot.Algorithm);
            w.WriteInt32(RootRotationKeys.PublicKey);
            w.WriteByteString(newRoot.RawPublicKey);
            w.WriteInt32(RootRotationKeys.IssuerKeyId);
            w.WriteByteString(oldRoot.KeyId);
            w.WriteEndMap();
            return Statement(oldRoot, w.Encode());
        }

        public static byte[] Statement(TestKey signer, byte[] payload)
        {
            CborWriter empty = new CborWriter(CborConformanceMode.Lax);
            empty.WriteStartMap(0);
            empty.WriteEndMap();
            return Sign1(signer, signer.KeyId, empty.Encode(), payload);
        }

        public static byte[] Sign1(TestKey signer, byte[] kid, byte[] unprotectedMap, byte[] payload)
        {
            CborWriter p = new CborWriter(CborConformanceMode.Lax);
            p.WriteStartMap(2);
            p.WriteInt32(CoseHeaderLabels.Algorithm);
            p.WriteInt32((int)signer.Algorithm);
            p.WriteInt32(CoseHeaderLabels.KeyId);
            p.WriteByteString(kid);
            p.WriteEndMap();
            byte[] protectedHeader = p.Encode();

            CborWriter s = new CborWriter(CborConformanceMode.Lax);
            s.WriteStartArray(4);
            s.WriteTextString(PackageFormat.CoseSign1Context);
            s.WriteByteString(protectedHeader);
            s.WriteByteString(Array.Empty<byte>());
            s.WriteByteString(payload);
            s.WriteEndArray();
            byte[] signature = signer.Sign(s.Encode());

            CborWriter e = new CborWriter(CborConformanceMode.Lax);
            e.WriteTag((CborTag)PackageFormat.CoseSign1Tag);
            e.WriteStartArray(4);
            e.WriteByteString(protectedHeader);
            e.WriteEncodedValue(unprotectedMap);
            e.WriteByteString(payload);
            e.WriteByteString(signature);
            e.WriteEndArray();
            return e.Encode();
        }
    }
}
