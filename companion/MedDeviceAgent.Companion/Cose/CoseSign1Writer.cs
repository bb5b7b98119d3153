using System;
using System.Collections.Generic;
using System.Formats.Cbor;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Cose
{
    /// <summary>
    /// Builds COSE_Sign1 structures (tag 18) in deterministic CBOR: protected {1: alg, 4: kid}, the
    /// unprotected header given, the payload, and the signature over the Sig_structure.
    /// </summary>
    public static class CoseSign1Writer
    {
        /// <summary>Signature size for both EdDSA (Ed25519) and ES256 (r ‖ s).</summary>
        public const int SignatureSize = 64;

        /// <summary>The serialized protected header {1: alg, 4: kid}.</summary>
        public static byte[] EncodeProtected(CoseAlgorithm algorithm, byte[] keyId)
        {
            ArgumentNullException.ThrowIfNull(keyId);
            CborWriter writer = NewWriter();
            writer.WriteStartMap(2);
            writer.WriteInt32(CoseHeaderLabels.Algorithm);
            writer.WriteInt32((int)algorithm);
            writer.WriteInt32(CoseHeaderLabels.KeyId);
            writer.WriteByteString(keyId);
            writer.WriteEndMap();
            return writer.Encode();
        }

        /// <summary>The CBOR Sig_structure ["Signature1", protected, h'', payload].</summary>
        public static byte[] SigStructure(byte[] protectedBytes, byte[] payload)
        {
            ArgumentNullException.ThrowIfNull(protectedBytes);
            ArgumentNullException.ThrowIfNull(payload);
            CborWriter writer = NewWriter();
            writer.WriteStartArray(4);
            writer.WriteTextString(PackageFormat.CoseSign1Context);
            writer.WriteByteString(protectedBytes);
            writer.WriteByteString(Array.Empty<byte>());
            writer.WriteByteString(payload);
            writer.WriteEndArray();
            return writer.Encode();
        }

        /// <summary>Signs a statement: a COSE_Sign1 with an empty unprotected header.</summary>
        public static byte[] SignStatement(SigningKey signer, byte[] payload)
        {
            return Sign(signer, payload, null, null, null);
        }

        /// <summary>
        /// Signs <paramref name="payload"/> with <paramref name="signer"/>. The unprotected header
        /// carries whichever of the delegation, revocation list and root rotations are given, with
        /// labels in the deterministic order -65537, -65538, -65539.
        /// </summary>
        public static byte[] Sign(SigningKey signer, byte[] payload, byte[]? delegation, byte[]? revocationList, IReadOnlyList<byte[]>? rootRotations)
        {
            ArgumentNullException.ThrowIfNull(signer);
            ArgumentNullException.ThrowIfNull(payload);
            byte[] protectedBytes = EncodeProtected(signer.Algorithm, signer.PublicKey.KeyId);
            byte[] signature = signer.Sign(SigStructure(protectedBytes, payload));

            bool hasRotations = rootRotations != null && rootRotations.Count > 0;
            int entries = (delegation != null ? 1 : 0) + (revocationList != null ? 1 : 0) + (hasRotations ? 1 : 0);
            CborWriter writer = NewWriter();
            writer.WriteTag((CborTag)PackageFormat.CoseSign1Tag);
            writer.WriteStartArray(4);
            writer.WriteByteString(protectedBytes);
            writer.WriteStartMap(entries);
            if (delegation != null)
            {
                writer.WriteInt32(CoseHeaderLabels.Delegation);
                writer.WriteByteString(delegation);
            }

            if (revocationList != null)
            {
                writer.WriteInt32(CoseHeaderLabels.RevocationList);
                writer.WriteByteString(revocationList);
            }

            if (hasRotations)
            {
                writer.WriteInt32(CoseHeaderLabels.RootRotations);
                writer.WriteStartArray(rootRotations!.Count);
                foreach (byte[] rotation in rootRotations)
                {
                    writer.WriteByteString(rotation);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndMap();
            writer.WriteByteString(payload);
            writer.WriteByteString(signature);
            writer.WriteEndArray();
            return writer.Encode();
        }

        /// <summary>A writer for deterministic CBOR (definite lengths, shortest forms, sorted keys).</summary>
        internal static CborWriter NewWriter()
        {
            return new CborWriter(CborConformanceMode.Canonical, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);
        }
    }
}
