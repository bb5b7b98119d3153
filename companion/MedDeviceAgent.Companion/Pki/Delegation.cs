using System;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Protocol;
using CborWriter = MedDeviceAgent.Firmware.Core.Cbor.CborWriter;

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

        /// <summary>The deterministic CBOR payload map (see <see cref="EncodePayload"/>).</summary>
        public byte[] Encode()
        {
            return EncodePayload(Key.KeyId, (long)Key.Algorithm, Key.RawKey, (long)Role, NotBefore, NotAfter, IssuerKeyId);
        }

        /// <summary>Signs the delegation with <paramref name="root"/> and returns the COSE_Sign1 statement.</summary>
        public byte[] Sign(SigningKey root)
        {
            ArgumentNullException.ThrowIfNull(root);
            return CoseSign1Writer.SignStatement(root, Encode());
        }

        /// <summary>
        /// The product's one encoder of a delegation payload: the map {1: key id, 2: algorithm,
        /// 3: public key, 4: role, 5: not before, 6: not after, 7: issuer key id} in deterministic
        /// CBOR. Values are written as given (nothing is checked but null arguments), so the tests'
        /// forge can build delegations with any field wrong.
        /// </summary>
        public static byte[] EncodePayload(byte[] keyId, long algorithm, byte[] publicKey, long role, long notBefore, long notAfter, byte[] issuerKeyId)
        {
            ArgumentNullException.ThrowIfNull(keyId);
            ArgumentNullException.ThrowIfNull(publicKey);
            ArgumentNullException.ThrowIfNull(issuerKeyId);
            CborWriter writer = new CborWriter(keyId.Length + publicKey.Length + issuerKeyId.Length + 48);
            writer.WriteMapStart(7);
            writer.WriteInt64(DelegationKeys.KeyId);
            writer.WriteByteString(keyId, 0, keyId.Length);
            writer.WriteInt64(DelegationKeys.Algorithm);
            writer.WriteInt64(algorithm);
            writer.WriteInt64(DelegationKeys.PublicKey);
            writer.WriteByteString(publicKey, 0, publicKey.Length);
            writer.WriteInt64(DelegationKeys.Role);
            writer.WriteInt64(role);
            writer.WriteInt64(DelegationKeys.NotBefore);
            writer.WriteInt64(notBefore);
            writer.WriteInt64(DelegationKeys.NotAfter);
            writer.WriteInt64(notAfter);
            writer.WriteInt64(DelegationKeys.IssuerKeyId);
            writer.WriteByteString(issuerKeyId, 0, issuerKeyId.Length);
            return writer.ToArray();
        }
    }
}
