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
            return IntKeyMap.TryDecode(payload, RootRotationKeys.Sequence, RootRotationKeys.IssuerKeyId, "root rotation", Decode, out rotation);
        }

        private static RootRotation Decode(IntKeyMap map)
        {
            long sequence = map.Unsigned(RootRotationKeys.Sequence, "sequence");
            if (sequence < 2)
            {
                throw new CborFieldException("sequence must be at least 2");
            }

            PublicKeyInfo key = StatementFields.Key(map, RootRotationKeys.KeyId, RootRotationKeys.Algorithm, RootRotationKeys.PublicKey);
            return new RootRotation(sequence, key, StatementFields.Issuer(map, RootRotationKeys.IssuerKeyId));
        }
    }
}
