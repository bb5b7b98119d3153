using System;
using System.Collections.Generic;
using System.Formats.Cbor;
using System.Security.Cryptography;
using MedDeviceAgent.Companion.Cbor;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// A revocation list: the payload of a root-signed statement listing revoked key ids under a
    /// monotonic version (docs/package-format.md, "Revocation list").
    /// </summary>
    public sealed class RevocationList
    {
        private readonly List<byte[]> revoked;

        /// <summary>Creates a list.</summary>
        public RevocationList(long version, IEnumerable<byte[]> revokedKeyIds, long issued, byte[] issuerKeyId)
        {
            ArgumentNullException.ThrowIfNull(revokedKeyIds);
            ArgumentNullException.ThrowIfNull(issuerKeyId);
            Version = version;
            revoked = new List<byte[]>();
            foreach (byte[] id in revokedKeyIds)
            {
                revoked.Add((byte[])id.Clone());
            }

            Issued = issued;
            IssuerKeyId = (byte[])issuerKeyId.Clone();
        }

        /// <summary>Monotonic version; the first list is 1.</summary>
        public long Version { get; }

        /// <summary>The revoked key ids, in list order.</summary>
        public IReadOnlyList<byte[]> RevokedKeyIds => revoked;

        /// <summary>Issue time, Unix seconds.</summary>
        public long Issued { get; }

        /// <summary>Key id of the root that signed the list.</summary>
        public byte[] IssuerKeyId { get; }

        /// <summary>True when <paramref name="keyId"/> is on the list.</summary>
        public bool IsRevoked(byte[] keyId)
        {
            ArgumentNullException.ThrowIfNull(keyId);
            bool found = false;
            foreach (byte[] id in revoked)
            {
                found |= id.Length == keyId.Length && CryptographicOperations.FixedTimeEquals(id, keyId);
            }

            return found;
        }

        /// <summary>The deterministic CBOR payload map.</summary>
        public byte[] Encode()
        {
            CborWriter writer = CoseSign1Writer.NewWriter();
            writer.WriteStartMap(4);
            writer.WriteInt32(RevocationListKeys.Version);
            writer.WriteInt64(Version);
            writer.WriteInt32(RevocationListKeys.RevokedKeyIds);
            writer.WriteStartArray(revoked.Count);
            foreach (byte[] id in revoked)
            {
                writer.WriteByteString(id);
            }

            writer.WriteEndArray();
            writer.WriteInt32(RevocationListKeys.Issued);
            writer.WriteInt64(Issued);
            writer.WriteInt32(RevocationListKeys.IssuerKeyId);
            writer.WriteByteString(IssuerKeyId);
            writer.WriteEndMap();
            return writer.Encode();
        }

        /// <summary>Signs the list with <paramref name="root"/> and returns the COSE_Sign1 statement.</summary>
        public byte[] Sign(SigningKey root)
        {
            ArgumentNullException.ThrowIfNull(root);
            return CoseSign1Writer.SignStatement(root, Encode());
        }

        /// <summary>Decodes a revocation list payload; null on success, otherwise the reason.</summary>
        public static string? TryDecode(byte[] payload, out RevocationList? list)
        {
            return IntKeyMap.TryDecode(payload, RevocationListKeys.Version, RevocationListKeys.IssuerKeyId, "revocation list", Decode, out list);
        }

        private static RevocationList Decode(IntKeyMap map)
        {
            long version = map.Unsigned(RevocationListKeys.Version, "version");
            if (version < 1)
            {
                throw new CborFieldException("version must be at least 1");
            }

            List<byte[]> ids = map.BytesArray(RevocationListKeys.RevokedKeyIds, "revoked key ids", PackageFormat.KeyIdSize);
            long issued = map.Unsigned(RevocationListKeys.Issued, "issued");
            return new RevocationList(version, ids, issued, StatementFields.Issuer(map, RevocationListKeys.IssuerKeyId));
        }
    }
}
