using System;
using System.Formats.Cbor;
using MedDeviceAgent.Companion.Cbor;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// A delegation: the payload of a root-signed statement granting one online key one role for a
    /// validity window (docs/package-format.md, "Delegation").
    /// </summary>
    public sealed class Delegation
    {
        /// <summary>Creates a delegation of <paramref name="key"/>.</summary>
        public Delegation(PublicKeyInfo key, KeyRole role, long notBefore, long notAfter, byte[] issuerKeyId)
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(issuerKeyId);
            Key = key;
            Role = role;
            NotBefore = notBefore;
            NotAfter = notAfter;
            IssuerKeyId = (byte[])issuerKeyId.Clone();
        }

        /// <summary>The delegated key (its key id is key 1 of the map).</summary>
        public PublicKeyInfo Key { get; }

        /// <summary>The role granted.</summary>
        public KeyRole Role { get; }

        /// <summary>Start of validity, Unix seconds.</summary>
        public long NotBefore { get; }

        /// <summary>End of validity, Unix seconds.</summary>
        public long NotAfter { get; }

        /// <summary>Key id of the root that signed the statement.</summary>
        public byte[] IssuerKeyId { get; }

        /// <summary>The command-line name of a delegated role ("update-signer", "command-signer", else "role N").</summary>
        public static string RoleName(KeyRole role)
        {
            switch (role)
            {
                case KeyRole.UpdateSigner: return "update-signer";
                case KeyRole.CommandSigner: return "command-signer";
                default: return "role " + (int)role;
            }
        }

        /// <summary>The deterministic CBOR payload map.</summary>
        public byte[] Encode()
        {
            CborWriter writer = CoseSign1Writer.NewWriter();
            writer.WriteStartMap(7);
            writer.WriteInt32(DelegationKeys.KeyId);
            writer.WriteByteString(Key.KeyId);
            writer.WriteInt32(DelegationKeys.Algorithm);
            writer.WriteInt32((int)Key.Algorithm);
            writer.WriteInt32(DelegationKeys.PublicKey);
            writer.WriteByteString(Key.RawKey);
            writer.WriteInt32(DelegationKeys.Role);
            writer.WriteInt32((int)Role);
            writer.WriteInt32(DelegationKeys.NotBefore);
            writer.WriteInt64(NotBefore);
            writer.WriteInt32(DelegationKeys.NotAfter);
            writer.WriteInt64(NotAfter);
            writer.WriteInt32(DelegationKeys.IssuerKeyId);
            writer.WriteByteString(IssuerKeyId);
            writer.WriteEndMap();
            return writer.Encode();
        }

        /// <summary>Signs the delegation with <paramref name="root"/> and returns the COSE_Sign1 statement.</summary>
        public byte[] Sign(SigningKey root)
        {
            ArgumentNullException.ThrowIfNull(root);
            return CoseSign1Writer.SignStatement(root, Encode());
        }

        /// <summary>
        /// Decodes a delegation payload. Returns null when it is well-formed with a supported
        /// algorithm, a valid public key whose id matches key 1, and not-before &lt;= not-after;
        /// otherwise the reason.
        /// </summary>
        public static string? TryDecode(byte[] payload, out Delegation? delegation)
        {
            return IntKeyMap.TryDecode(payload, DelegationKeys.KeyId, DelegationKeys.IssuerKeyId, "delegation", Decode, out delegation);
        }

        private static Delegation Decode(IntKeyMap map)
        {
            PublicKeyInfo key = StatementFields.Key(map, DelegationKeys.KeyId, DelegationKeys.Algorithm, DelegationKeys.PublicKey);
            long role = map.Unsigned(DelegationKeys.Role, "role");
            long notBefore = map.Unsigned(DelegationKeys.NotBefore, "not before");
            long notAfter = map.Unsigned(DelegationKeys.NotAfter, "not after");
            if (notBefore > notAfter)
            {
                throw new CborFieldException("not-before is after not-after");
            }

            return new Delegation(key, role > int.MaxValue ? KeyRole.None : (KeyRole)role, notBefore, notAfter, StatementFields.Issuer(map, DelegationKeys.IssuerKeyId));
        }
    }
}
