using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Protocol;
using CborWriter = MedDeviceAgent.Firmware.Core.Cbor.CborWriter;

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

        /// <summary>The deterministic CBOR payload map (see <see cref="EncodePayload"/>).</summary>
        public byte[] Encode()
        {
            return EncodePayload(Version, revoked, Issued, IssuerKeyId);
        }

        /// <summary>Signs the list with <paramref name="root"/> and returns the COSE_Sign1 statement.</summary>
        public byte[] Sign(SigningKey root)
        {
            ArgumentNullException.ThrowIfNull(root);
            return CoseSign1Writer.SignStatement(root, Encode());
        }

        /// <summary>
        /// The product's one encoder of a revocation list payload: the map {1: version, 2: [revoked
        /// key ids], 3: issued, 4: issuer key id} in deterministic CBOR. Values are written as given
        /// (nothing is checked but null arguments), so the tests' forge can build lists with any
        /// field wrong.
        /// </summary>
        public static byte[] EncodePayload(long version, IReadOnlyList<byte[]> revokedKeyIds, long issued, byte[] issuerKeyId)
        {
            ArgumentNullException.ThrowIfNull(revokedKeyIds);
            ArgumentNullException.ThrowIfNull(issuerKeyId);
            CborWriter writer = new CborWriter((revokedKeyIds.Count * (PackageFormat.KeyIdSize + 1)) + issuerKeyId.Length + 32);
            writer.WriteMapStart(4);
            writer.WriteInt64(RevocationListKeys.Version);
            writer.WriteInt64(version);
            writer.WriteInt64(RevocationListKeys.RevokedKeyIds);
            writer.WriteArrayStart(revokedKeyIds.Count);
            foreach (byte[] id in revokedKeyIds)
            {
                ArgumentNullException.ThrowIfNull(id, nameof(revokedKeyIds));
                writer.WriteByteString(id, 0, id.Length);
            }

            writer.WriteInt64(RevocationListKeys.Issued);
            writer.WriteInt64(issued);
            writer.WriteInt64(RevocationListKeys.IssuerKeyId);
            writer.WriteByteString(issuerKeyId, 0, issuerKeyId.Length);
            return writer.ToArray();
        }
    }
}
