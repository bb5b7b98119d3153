using System;
using System.Collections.Generic;
using System.Formats.Cbor;
using MedDeviceAgent.Companion.Cbor;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Cose
{
    /// <summary>
    /// A decoded COSE_Sign1 (RFC 9052) in the profile of docs/package-format.md: tag 18; protected
    /// header exactly {1: alg, 4: kid(16)}; unprotected header either empty (statements) or limited
    /// to the delegation / revocation list / root rotation labels (envelopes); 64-byte signature.
    /// </summary>
    public sealed class CoseSign1Message
    {
        private CoseSign1Message(byte[] protectedBytes, CoseAlgorithm algorithm, byte[] keyId, byte[] payload, byte[] signature)
        {
            ProtectedBytes = protectedBytes;
            Algorithm = algorithm;
            KeyId = keyId;
            Payload = payload;
            Signature = signature;
        }

        /// <summary>The serialized protected header (the bstr content), as signed.</summary>
        public byte[] ProtectedBytes { get; }

        /// <summary>The protected 'alg'.</summary>
        public CoseAlgorithm Algorithm { get; }

        /// <summary>The protected 'kid' (16 bytes).</summary>
        public byte[] KeyId { get; }

        /// <summary>The payload (bstr content).</summary>
        public byte[] Payload { get; }

        /// <summary>The signature (64 bytes).</summary>
        public byte[] Signature { get; }

        /// <summary>Unprotected -65537: the delegation statement, or null when absent.</summary>
        public byte[]? Delegation { get; private set; }

        /// <summary>Unprotected -65538: the revocation list statement, or null when absent.</summary>
        public byte[]? RevocationList { get; private set; }

        /// <summary>Unprotected -65539: root rotation statements, oldest first (empty when absent).</summary>
        public IReadOnlyList<byte[]> RootRotations { get; private set; } = Array.Empty<byte[]>();

        /// <summary>The bytes the signature covers: the CBOR Sig_structure ["Signature1", protected, h'', payload].</summary>
        public byte[] ToBeSigned()
        {
            return CoseSign1Writer.SigStructure(ProtectedBytes, Payload);
        }

        /// <summary>
        /// Decodes <paramref name="data"/>, which must be exactly one COSE_Sign1. With
        /// <paramref name="isEnvelope"/> the unprotected header may carry the three private labels;
        /// otherwise (a statement) it must be empty.
        /// </summary>
        public static CoseDecodeError TryDecode(byte[] data, bool isEnvelope, out CoseSign1Message? message, out string reason)
        {
            ArgumentNullException.ThrowIfNull(data);
            message = null;
            string? cborError = DeterministicCbor.Check(data);
            if (cborError != null)
            {
                reason = "not deterministic CBOR: " + cborError;
                return CoseDecodeError.MalformedCbor;
            }

            try
            {
                return Decode(data, isEnvelope, out message, out reason);
            }
            catch (Exception e) when (e is InvalidOperationException || e is CborContentException || e is OverflowException)
            {
                reason = "not a COSE_Sign1: " + e.Message;
                return CoseDecodeError.InvalidStructure;
            }
        }

        private static CoseDecodeError Decode(byte[] data, bool isEnvelope, out CoseSign1Message? message, out string reason)
        {
            message = null;
            CborReader reader = new CborReader(data, CborConformanceMode.Lax);
            if (reader.PeekState() != CborReaderState.Tag || reader.ReadTag() != (CborTag)PackageFormat.CoseSign1Tag)
            {
                reason = "not tagged 18 (COSE_Sign1)";
                return CoseDecodeError.InvalidStructure;
            }

            if (reader.ReadStartArray() != 4)
            {
                reason = "COSE_Sign1 is not an array of 4";
                return CoseDecodeError.InvalidStructure;
            }

            byte[] protectedBytes = reader.ReadByteString();
            CoseDecodeError error = DecodeProtected(protectedBytes, out CoseAlgorithm algorithm, out byte[] keyId, out reason);
            if (error != CoseDecodeError.None)
            {
                return error;
            }

            CoseSign1Message result = new CoseSign1Message(protectedBytes, algorithm, keyId, Array.Empty<byte>(), Array.Empty<byte>());
            if (!result.DecodeUnprotected(reader, isEnvelope, out reason))
            {
                return CoseDecodeError.InvalidStructure;
            }

            if (reader.PeekState() != CborReaderState.ByteString)
            {
                reason = "payload is not a byte string (detached payloads are not allowed)";
                return CoseDecodeError.InvalidStructure;
            }

            byte[] payload = reader.ReadByteString();
            byte[] signature = reader.ReadByteString();
            reader.ReadEndArray();
            if (signature.Length != CoseSign1Writer.SignatureSize)
            {
                reason = "signature is " + signature.Length + " bytes, not 64";
                return CoseDecodeError.InvalidStructure;
            }

            message = new CoseSign1Message(protectedBytes, algorithm, keyId, payload, signature)
            {
                Delegation = result.Delegation,
                RevocationList = result.RevocationList,
                RootRotations = result.RootRotations,
            };
            reason = string.Empty;
            return CoseDecodeError.None;
        }

        private static CoseDecodeError DecodeProtected(byte[] protectedBytes, out CoseAlgorithm algorithm, out byte[] keyId, out string reason)
        {
            algorithm = CoseAlgorithm.None;
            keyId = Array.Empty<byte>();
            string? error = IntKeyMap.TryParse(protectedBytes, out IntKeyMap? map, out bool malformed);
            if (error != null || map == null)
            {
                reason = "protected header: " + error;
                return malformed ? CoseDecodeError.MalformedCbor : CoseDecodeError.InvalidStructure;
            }

            try
            {
                if (map.Keys.Count != 2)
                {
                    throw new CborFieldException("must hold exactly alg (1) and kid (4)");
                }

                long alg = map.Integer(CoseHeaderLabels.Algorithm, "alg");
                keyId = map.Bytes(CoseHeaderLabels.KeyId, "kid", PackageFormat.KeyIdSize);
                if (alg != (long)CoseAlgorithm.EdDSA && alg != (long)CoseAlgorithm.ES256)
                {
                    reason = "algorithm " + alg + " is not EdDSA (-8) or ES256 (-7)";
                    return CoseDecodeError.UnsupportedAlgorithm;
                }

                algorithm = (CoseAlgorithm)alg;
            }
            catch (CborFieldException e)
            {
                reason = "protected header: " + e.Message;
                return CoseDecodeError.InvalidStructure;
            }

            reason = string.Empty;
            return CoseDecodeError.None;
        }

        private bool DecodeUnprotected(CborReader reader, bool isEnvelope, out string reason)
        {
            int? count = reader.ReadStartMap();
            if (!isEnvelope && count != 0)
            {
                reason = "a statement's unprotected header must be empty";
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                CborReaderState state = reader.PeekState();
                long label = state == CborReaderState.UnsignedInteger || state == CborReaderState.NegativeInteger ? reader.ReadInt64() : 0;
                switch (label)
                {
                    case CoseHeaderLabels.Delegation:
                        Delegation = reader.ReadByteString();
                        break;
                    case CoseHeaderLabels.RevocationList:
                        RevocationList = reader.ReadByteString();
                        break;
                    case CoseHeaderLabels.RootRotations:
                        int? rotations = reader.ReadStartArray();
                        if (rotations == 0)
                        {
                            reason = "root rotation array is empty";
                            return false;
                        }

                        List<byte[]> list = new List<byte[]>();
                        for (int r = 0; r < rotations; r++)
                        {
                            list.Add(reader.ReadByteString());
                        }

                        reader.ReadEndArray();
                        RootRotations = list;
                        break;
                    default:
                        reason = "unprotected header label outside the allow-list";
                        return false;
                }
            }

            reader.ReadEndMap();
            reason = string.Empty;
            return true;
        }
    }
}
