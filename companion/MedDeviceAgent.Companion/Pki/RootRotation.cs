using System;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Protocol;
using CborWriter = MedDeviceAgent.Firmware.Core.Cbor.CborWriter;

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

        /// <summary>The deterministic CBOR payload map (see <see cref="EncodePayload"/>).</summary>
        public byte[] Encode()
        {
            return EncodePayload(Sequence, NewRoot.KeyId, (long)NewRoot.Algorithm, NewRoot.RawKey, IssuerKeyId);
        }

        /// <summary>Signs the rotation with the previous root and returns the COSE_Sign1 statement.</summary>
        public byte[] Sign(SigningKey previousRoot)
        {
            ArgumentNullException.ThrowIfNull(previousRoot);
            return CoseSign1Writer.SignStatement(previousRoot, Encode());
        }

        /// <summary>
        /// The product's one encoder of a root rotation payload: the map {1: sequence, 2: new key id,
        /// 3: algorithm, 4: public key, 5: issuer key id} in deterministic CBOR. Values are written
        /// as given (nothing is checked but null arguments), so the tests' forge can build rotations
        /// with any field wrong.
        /// </summary>
        public static byte[] EncodePayload(long sequence, byte[] keyId, long algorithm, byte[] publicKey, byte[] issuerKeyId)
        {
            ArgumentNullException.ThrowIfNull(keyId);
            ArgumentNullException.ThrowIfNull(publicKey);
            ArgumentNullException.ThrowIfNull(issuerKeyId);
            CborWriter writer = new CborWriter(keyId.Length + publicKey.Length + issuerKeyId.Length + 32);
            writer.WriteMapStart(5);
            writer.WriteInt64(RootRotationKeys.Sequence);
            writer.WriteInt64(sequence);
            writer.WriteInt64(RootRotationKeys.KeyId);
            writer.WriteByteString(keyId, 0, keyId.Length);
            writer.WriteInt64(RootRotationKeys.Algorithm);
            writer.WriteInt64(algorithm);
            writer.WriteInt64(RootRotationKeys.PublicKey);
            writer.WriteByteString(publicKey, 0, publicKey.Length);
            writer.WriteInt64(RootRotationKeys.IssuerKeyId);
            writer.WriteByteString(issuerKeyId, 0, issuerKeyId.Length);
            return writer.ToArray();
        }
    }
}
