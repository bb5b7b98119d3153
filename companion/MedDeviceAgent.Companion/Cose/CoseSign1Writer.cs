using System;
using System.Collections.Generic;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;
using CborWriter = MedDeviceAgent.Firmware.Core.Cbor.CborWriter;

namespace MedDeviceAgent.Companion.Cose
{
    /// <summary>
    /// The product's one encoder of COSE_Sign1 structures (tag 18) in deterministic CBOR: protected
    /// {1: alg, 4: kid}, the unprotected header given, the payload, and the signature over the
    /// Sig_structure. Written with the firmware core's <see cref="CborWriter"/>, so producer and
    /// device share one CBOR implementation.
    /// </summary>
    /// <remarks>
    /// The field-level methods (<see cref="EncodeProtected"/>, <see cref="SigStructure"/>,
    /// <see cref="EncodeEnvelope"/>) take raw values and check nothing beyond null arguments:
    /// <see cref="Sign"/> composes them for the signer, and the tests' package forge composes them
    /// with deliberately wrong values, so forged packages differ from real ones only where a test
    /// says so. RAM: one buffer per structure, growing by doubling from the payload's size.
    /// </remarks>
    public static class CoseSign1Writer
    {
        /// <summary>Signature size for both EdDSA (Ed25519) and ES256 (r ‖ s).</summary>
        public const int SignatureSize = 64;

        /// <summary>The serialized protected header {1: alg, 4: kid}.</summary>
        /// <param name="algorithm">The 'alg' value; any integer is written as given.</param>
        /// <param name="keyId">The 'kid' bytes (16 for every structure the product signs).</param>
        public static byte[] EncodeProtected(CoseAlgorithm algorithm, byte[] keyId)
        {
            ArgumentNullException.ThrowIfNull(keyId);
            CborWriter writer = new CborWriter(keyId.Length + 8);
            writer.WriteMapStart(2);
            writer.WriteInt64(CoseHeaderLabels.Algorithm);
            writer.WriteInt64((int)algorithm);
            writer.WriteInt64(CoseHeaderLabels.KeyId);
            writer.WriteByteString(keyId, 0, keyId.Length);
            return writer.ToArray();
        }

        /// <summary>The CBOR Sig_structure ["Signature1", protected, h'', payload]: the bytes a signature covers.</summary>
        public static byte[] SigStructure(byte[] protectedBytes, byte[] payload)
        {
            ArgumentNullException.ThrowIfNull(protectedBytes);
            ArgumentNullException.ThrowIfNull(payload);
            CborWriter writer = new CborWriter(protectedBytes.Length + payload.Length + 32);
            writer.WriteArrayStart(4);
            writer.WriteTextString(PackageFormat.CoseSign1Context);
            writer.WriteByteString(protectedBytes, 0, protectedBytes.Length);
            writer.WriteByteString(Array.Empty<byte>(), 0, 0);
            writer.WriteByteString(payload, 0, payload.Length);
            return writer.ToArray();
        }

        /// <summary>
        /// Assembles a COSE_Sign1 from its parts. The unprotected header carries whichever of the
        /// delegation, revocation list and root rotations are given (all null: an empty map, as a
        /// statement has), with labels in the deterministic order -65537, -65538, -65539; an empty
        /// rotation list is left out.
        /// </summary>
        public static byte[] EncodeEnvelope(byte[] protectedBytes, byte[]? delegation, byte[]? revocationList, IReadOnlyList<byte[]>? rootRotations, byte[] payload, byte[] signature)
        {
            ArgumentNullException.ThrowIfNull(protectedBytes);
            ArgumentNullException.ThrowIfNull(payload);
            ArgumentNullException.ThrowIfNull(signature);
            bool hasRotations = rootRotations != null && rootRotations.Count > 0;
            int entries = (delegation != null ? 1 : 0) + (revocationList != null ? 1 : 0) + (hasRotations ? 1 : 0);
            CborWriter writer = new CborWriter(protectedBytes.Length + payload.Length + signature.Length + 64);
            writer.WriteTag(PackageFormat.CoseSign1Tag);
            writer.WriteArrayStart(4);
            writer.WriteByteString(protectedBytes, 0, protectedBytes.Length);
            writer.WriteMapStart(entries);
            if (delegation != null)
            {
                writer.WriteInt64(CoseHeaderLabels.Delegation);
                writer.WriteByteString(delegation, 0, delegation.Length);
            }

            if (revocationList != null)
            {
                writer.WriteInt64(CoseHeaderLabels.RevocationList);
                writer.WriteByteString(revocationList, 0, revocationList.Length);
            }

            if (hasRotations)
            {
                writer.WriteInt64(CoseHeaderLabels.RootRotations);
                writer.WriteArrayStart(rootRotations!.Count);
                foreach (byte[] rotation in rootRotations)
                {
                    ArgumentNullException.ThrowIfNull(rotation, nameof(rootRotations));
                    writer.WriteByteString(rotation, 0, rotation.Length);
                }
            }

            writer.WriteByteString(payload, 0, payload.Length);
            writer.WriteByteString(signature, 0, signature.Length);
            return writer.ToArray();
        }

        /// <summary>Signs a statement: a COSE_Sign1 with an empty unprotected header.</summary>
        public static byte[] SignStatement(SigningKey signer, byte[] payload)
        {
            return Sign(signer, payload, null, null, null);
        }

        /// <summary>
        /// Signs <paramref name="payload"/> with <paramref name="signer"/> (kid = its key id) and
        /// assembles the COSE_Sign1 with the given unprotected header entries (see <see cref="EncodeEnvelope"/>).
        /// </summary>
        public static byte[] Sign(SigningKey signer, byte[] payload, byte[]? delegation, byte[]? revocationList, IReadOnlyList<byte[]>? rootRotations)
        {
            ArgumentNullException.ThrowIfNull(signer);
            ArgumentNullException.ThrowIfNull(payload);
            byte[] protectedBytes = EncodeProtected(signer.Algorithm, signer.PublicKey.KeyId);
            byte[] signature = signer.Sign(SigStructure(protectedBytes, payload));
            return EncodeEnvelope(protectedBytes, delegation, revocationList, rootRotations, payload, signature);
        }
    }
}
