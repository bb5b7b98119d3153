using System;
using System.Formats.Cbor;
using MedDeviceAgent.Companion.Cbor;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// A root rotation: the payload of a statement in which root N names root N+1
    /// (docs/package-format.md, "Root rotation").
    /// </summary>
    public sealed class RootRotation
    {
        /// <summary>Creates a rotation to <paramref name="newRoot"/> with sequence <paramref name="sequence"/>.</summary>
        public RootRotation(long sequence, PublicKeyInfo newRoot, byte[] issuerKeyId)
        {
            ArgumentNullException.ThrowIfNull(newRoot);
            ArgumentNullException.ThrowIfNull(issuerKeyId);
            Sequence = sequence;
            NewRoot = newRoot;
            IssuerKeyId = (byte[])issuerKeyId.Clone();
        }

        /// <summary>Sequence number of the new root (the first root is 1, so rotations start at 2).</summary>
        public long Sequence { get; }

        /// <summary>The new root's public key.</summary>
        public PublicKeyInfo NewRoot { get; }

        /// <summary>Key id of the previous root, which signs the statement.</summary>
        public byte[] IssuerKeyId { get; }

        /// <summary>The deterministic CBOR payload map.</summary>
        public byte[] Encode()
        {
            CborWriter writer = CoseSign1Writer.NewWriter();
            writer.WriteStartMap(5);
            writer.WriteInt32(RootRotationKeys.Sequence);
            writer.WriteInt64(Sequence);
            writer.WriteInt32(RootRotationKeys.KeyId);
            writer.WriteByteString(NewRoot.KeyId);
            writer.WriteInt32(RootRotationKeys.Algorithm);
            writer.WriteInt32((int)NewRoot.Algorithm);
            writer.WriteInt32(RootRotationKeys.PublicKey);
            writer.WriteByteString(NewRoot.RawKey);
            writer.WriteInt32(RootRotationKeys.IssuerKeyId);
            writer.WriteByteString(IssuerKeyId);
            writer.WriteEndMap();
            return writer.Encode();
        }

        /// <summary>Signs the rotation with the previous root and returns the COSE_Sign1 statement.</summary>
        public byte[] Sign(SigningKey previousRoot)
        {
            ArgumentNullException.ThrowIfNull(previousRoot);
            return CoseSign1Writer.SignStatement(previousRoot, Encode());
        }

        /// <summary>Decodes a rotation payload; null on success, otherwise the reason.</summary>
        public static string? TryDecode(byte[] payload, out RootRotation? rotation)
        {
            rotation = null;
            string? error = IntKeyMap.TryParse(payload, out IntKeyMap? map, out _);
            if (error != null || map == null)
            {
                return error;
            }

            try
            {
                map.RequireKeysWithin(RootRotationKeys.Sequence, RootRotationKeys.IssuerKeyId, "root rotation");
                long sequence = map.Unsigned(RootRotationKeys.Sequence, "sequence");
                byte[] keyId = map.Bytes(RootRotationKeys.KeyId, "key id", PackageFormat.KeyIdSize);
                CoseAlgorithm algorithm = (CoseAlgorithm)map.Integer(RootRotationKeys.Algorithm, "algorithm");
                byte[] rawKey = map.Bytes(RootRotationKeys.PublicKey, "public key", -1);
                byte[] issuer = map.Bytes(RootRotationKeys.IssuerKeyId, "issuer key id", PackageFormat.KeyIdSize);
                if (sequence < 2)
                {
                    return "sequence must be at least 2";
                }

                if (!PublicKeyInfo.TryCreate(algorithm, rawKey, out PublicKeyInfo? key) || key == null)
                {
                    return "public key is not a valid " + (int)algorithm + " key";
                }

                if (!key.HasKeyId(keyId))
                {
                    return "key id does not match the public key";
                }

                rotation = new RootRotation(sequence, key, issuer);
                return null;
            }
            catch (CborFieldException e)
            {
                return e.Message;
            }
        }
    }
}
