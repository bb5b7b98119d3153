using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Cose
{
    /// <summary>
    /// A parsed COSE_Sign1 envelope (RFC 9052, tag 18): slices into the caller's buffer for the
    /// protected header, payload, signature and the allow-listed unprotected labels.
    /// </summary>
    /// <remarks>
    /// Parsing copies nothing: every field is an offset and length into the buffer passed to
    /// <see cref="Parse"/>. <see cref="WriteSigStructure"/> allocates the Sig_structure once (the
    /// payload and protected header sizes plus 32 bytes). Statements (nested envelopes) must have an
    /// empty unprotected map. This layer only parses: checking the signature is the trust layer's
    /// (<c>Trust.SignatureVerifier.VerifySign1</c>), and each caller maps <see cref="CoseError"/>
    /// onto its own verdict.
    /// </remarks>
    public sealed class CoseSign1
    {
        /// <summary>Most root rotation statements one envelope may carry.</summary>
        public const int MaxRotations = 8;

        /// <summary>Deepest nesting any of our envelopes, statements or manifests uses.</summary>
        public const int MaxNesting = 4;

        private readonly int[] _rotationOffsets = new int[MaxRotations];
        private CborReader _reader;
        private readonly int[] _rotationLengths = new int[MaxRotations];

        /// <summary>The buffer the slices point into.</summary>
        public byte[] Buffer { get; private set; }

        /// <summary>Signature algorithm from the protected header.</summary>
        public CoseAlgorithm Algorithm { get; private set; }

        /// <summary>Offset of the 16-byte kid from the protected header.</summary>
        public int KeyIdOffset { get; private set; }

        /// <summary>Offset of the protected header bstr contents.</summary>
        public int ProtectedOffset { get; private set; }

        /// <summary>Length of the protected header bstr contents.</summary>
        public int ProtectedLength { get; private set; }

        /// <summary>Offset of the payload bstr contents.</summary>
        public int PayloadOffset { get; private set; }

        /// <summary>Length of the payload.</summary>
        public int PayloadLength { get; private set; }

        /// <summary>Offset of the signature.</summary>
        public int SignatureOffset { get; private set; }

        /// <summary>Offset of the carried delegation statement, or -1.</summary>
        public int DelegationOffset { get; private set; }

        /// <summary>Length of the carried delegation statement.</summary>
        public int DelegationLength { get; private set; }

        /// <summary>Offset of the carried revocation list statement, or -1.</summary>
        public int RevocationOffset { get; private set; }

        /// <summary>Length of the carried revocation list statement.</summary>
        public int RevocationLength { get; private set; }

        /// <summary>Number of carried root rotation statements.</summary>
        public int RotationCount { get; private set; }

        /// <summary>Offset of rotation statement <paramref name="index"/>.</summary>
        public int RotationOffset(int index)
        {
            return _rotationOffsets[index];
        }

        /// <summary>Length of rotation statement <paramref name="index"/>.</summary>
        public int RotationLength(int index)
        {
            return _rotationLengths[index];
        }

        /// <summary>
        /// Parses <paramref name="count"/> bytes at <paramref name="offset"/> as one COSE_Sign1.
        /// Returns None, MalformedCbor, InvalidStructure or UnsupportedAlgorithm.
        /// </summary>
        /// <param name="buffer">Holds the envelope.</param>
        /// <param name="offset">Start of the envelope.</param>
        /// <param name="count">Exact length of the envelope: nothing may follow it.</param>
        /// <param name="isStatement">True for nested statements, whose unprotected map must be empty.</param>
        public CoseError Parse(byte[] buffer, int offset, int count, bool isStatement)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            Buffer = buffer;
            Algorithm = CoseAlgorithm.None;
            DelegationOffset = -1;
            DelegationLength = 0;
            RevocationOffset = -1;
            RevocationLength = 0;
            RotationCount = 0;
            CborReader reader = Reader(buffer, offset, count);
            long tag;
            int n;
            int off;
            int len;
            if (!Expect(reader, CborItemType.Tag) || !reader.ReadTag(out tag) || tag != PackageFormat.CoseSign1Tag)
            {
                return Fail(reader);
            }

            if (!Expect(reader, CborItemType.Array) || !reader.ReadArrayStart(out n) || n != 4)
            {
                return Fail(reader);
            }

            if (!Expect(reader, CborItemType.ByteString) || !reader.ReadByteString(out off, out len))
            {
                return Fail(reader);
            }

            ProtectedOffset = off;
            ProtectedLength = len;
            if (!Expect(reader, CborItemType.Map) || !reader.ReadMapStart(out n))
            {
                return Fail(reader);
            }

            if (isStatement && n != 0)
            {
                return CoseError.InvalidStructure;
            }

            for (int i = 0; i < n; i++)
            {
                long label;
                if (!Expect(reader, CborItemType.NegativeInteger) || !reader.ReadInt64(out label))
                {
                    return Fail(reader);
                }

                if (label == CoseHeaderLabels.Delegation)
                {
                    if (!Expect(reader, CborItemType.ByteString) || !reader.ReadByteString(out off, out len))
                    {
                        return Fail(reader);
                    }

                    DelegationOffset = off;
                    DelegationLength = len;
                }
                else if (label == CoseHeaderLabels.RevocationList)
                {
                    if (!Expect(reader, CborItemType.ByteString) || !reader.ReadByteString(out off, out len))
                    {
                        return Fail(reader);
                    }

                    RevocationOffset = off;
                    RevocationLength = len;
                }
                else if (label == CoseHeaderLabels.RootRotations)
                {
                    int rotations;
                    if (!Expect(reader, CborItemType.Array) || !reader.ReadArrayStart(out rotations) || rotations > MaxRotations)
                    {
                        return Fail(reader);
                    }

                    for (int r = 0; r < rotations; r++)
                    {
                        if (!Expect(reader, CborItemType.ByteString) || !reader.ReadByteString(out off, out len))
                        {
                            return Fail(reader);
                        }

                        _rotationOffsets[r] = off;
                        _rotationLengths[r] = len;
                    }

                    if (!reader.ReadArrayEnd())
                    {
                        return Fail(reader);
                    }

                    RotationCount = rotations;
                }
                else
                {
                    return CoseError.InvalidStructure;
                }
            }

            if (!reader.ReadMapEnd() || !Expect(reader, CborItemType.ByteString) || !reader.ReadByteString(out off, out len))
            {
                return Fail(reader);
            }

            PayloadOffset = off;
            PayloadLength = len;
            if (!Expect(reader, CborItemType.ByteString) || !reader.ReadByteString(out off, out len) || len != 64)
            {
                return Fail(reader);
            }

            SignatureOffset = off;
            if (!reader.ReadEnd())
            {
                return CoseError.MalformedCbor;
            }

            return ParseProtected();
        }

        /// <summary>
        /// Encodes the COSE Sig_structure of this envelope (RFC 9052 section 4.4: "Signature1", the
        /// protected header, empty external data, the payload): the bytes its signature covers.
        /// </summary>
        /// <remarks>Allocates one writer of the payload and protected header sizes plus 32 bytes.</remarks>
        public CborWriter WriteSigStructure()
        {
            CborWriter writer = new CborWriter(PayloadLength + ProtectedLength + 32);
            writer.WriteArrayStart(4);
            writer.WriteTextString(PackageFormat.CoseSign1Context);
            writer.WriteByteString(Buffer, ProtectedOffset, ProtectedLength);
            writer.WriteByteString(Buffer, 0, 0);
            writer.WriteByteString(Buffer, PayloadOffset, PayloadLength);
            return writer;
        }

        private CoseError ParseProtected()
        {
            CborReader reader = Reader(Buffer, ProtectedOffset, ProtectedLength);
            int n;
            long key;
            long alg;
            int off;
            int len;
            if (!Expect(reader, CborItemType.Map) || !reader.ReadMapStart(out n) || n != 2)
            {
                return Fail(reader);
            }

            if (!reader.ReadInt64(out key) || key != CoseHeaderLabels.Algorithm || !reader.ReadInt64(out alg))
            {
                return Fail(reader);
            }

            if (!reader.ReadInt64(out key) || key != CoseHeaderLabels.KeyId || !Expect(reader, CborItemType.ByteString) || !reader.ReadByteString(out off, out len) || len != PackageFormat.KeyIdSize)
            {
                return Fail(reader);
            }

            if (!reader.ReadEnd())
            {
                return CoseError.MalformedCbor;
            }

            KeyIdOffset = off;
            if (alg != (long)CoseAlgorithm.EdDSA && alg != (long)CoseAlgorithm.ES256)
            {
                return CoseError.UnsupportedAlgorithm;
            }

            Algorithm = (CoseAlgorithm)(int)alg;
            return CoseError.None;
        }

        private CborReader Reader(byte[] buffer, int offset, int count)
        {
            if (_reader == null)
            {
                _reader = new CborReader(buffer, offset, count, MaxNesting, PackageFormat.MaxEnvelopeSize);
            }
            else
            {
                _reader.Reset(buffer, offset, count);
            }

            return _reader;
        }

        private static bool Expect(CborReader reader, CborItemType type)
        {
            return reader.PeekType() == type;
        }

        private static CoseError Fail(CborReader reader)
        {
            CborError error = reader.Error;
            if (error == CborError.None || error == CborError.WrongType || error == CborError.EndOfContainer)
            {
                return CoseError.InvalidStructure;
            }

            return CoseError.MalformedCbor;
        }
    }
}
