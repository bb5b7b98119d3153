using System;
using System.Buffers.Binary;
using System.IO;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Companion.IO;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>The .mdpkg framing: the 8-byte header and the bounded envelope read (verification steps 1-3).</summary>
    public static class PackageFile
    {
        /// <summary>Chunk size for streaming payloads (hashing, copying).</summary>
        public const int ChunkSize = 64 * 1024;

        /// <summary>The 8-byte header for an envelope of <paramref name="envelopeLength"/> bytes.</summary>
        public static byte[] EncodeHeader(int envelopeLength)
        {
            if (envelopeLength < 1 || envelopeLength > PackageFormat.MaxEnvelopeSize)
            {
                throw new ArgumentOutOfRangeException(nameof(envelopeLength), envelopeLength, "envelope length must be 1.." + PackageFormat.MaxEnvelopeSize);
            }

            byte[] header = new byte[PackageFormat.HeaderSize];
            header[0] = PackageFormat.Magic0;
            header[1] = PackageFormat.Magic1;
            header[2] = PackageFormat.Magic2;
            header[3] = PackageFormat.Magic3;
            header[4] = PackageFormat.FormatVersion;
            header[5] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), (ushort)envelopeLength);
            return header;
        }

        /// <summary>True when <paramref name="stream"/> starts with "MDPK" (the position is restored).</summary>
        public static bool HasMagic(Stream stream)
        {
            return StreamPrefix.TryRead(stream, 4, out byte[] magic) && magic[0] == PackageFormat.Magic0 && magic[1] == PackageFormat.Magic1 && magic[2] == PackageFormat.Magic2 && magic[3] == PackageFormat.Magic3;
        }

        /// <summary>
        /// Steps 1-3 of the verification order: header checks, then the envelope (at most 8 KiB) as
        /// deterministic CBOR with nothing after it, then the COSE_Sign1 profile. Returns
        /// <see cref="UpdateResult.Accepted"/> with the envelope, or the first failure and its reason.
        /// </summary>
        /// <param name="stream">A seekable stream over the whole package.</param>
        /// <param name="envelope">The decoded envelope on success.</param>
        /// <param name="reason">Why it failed; empty on success.</param>
        public static UpdateResult ReadEnvelope(Stream stream, out PackageEnvelope? envelope, out string reason)
        {
            ArgumentNullException.ThrowIfNull(stream);
            envelope = null;
            long fileLength = stream.Length;
            if (fileLength < PackageFormat.HeaderSize)
            {
                reason = "file is " + fileLength + " bytes, shorter than the 8-byte header";
                return UpdateResult.Truncated;
            }

            byte[] header = new byte[PackageFormat.HeaderSize];
            stream.Position = 0;
            stream.ReadExactly(header, 0, header.Length);
            if (header[0] != PackageFormat.Magic0 || header[1] != PackageFormat.Magic1 || header[2] != PackageFormat.Magic2 || header[3] != PackageFormat.Magic3)
            {
                reason = "magic is not \"MDPK\"";
                return UpdateResult.BadMagic;
            }

            if (header[4] != PackageFormat.FormatVersion)
            {
                reason = "format version " + header[4] + " is not " + PackageFormat.FormatVersion;
                return UpdateResult.UnsupportedFormat;
            }

            if (header[5] != 0)
            {
                reason = "reserved header byte is " + header[5] + ", not 0";
                return UpdateResult.UnsupportedFormat;
            }

            int envelopeLength = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(6));
            if (envelopeLength > PackageFormat.MaxEnvelopeSize)
            {
                reason = "envelope length " + envelopeLength + " exceeds " + PackageFormat.MaxEnvelopeSize;
                return UpdateResult.ManifestTooLarge;
            }

            if (envelopeLength == 0)
            {
                reason = "envelope length is 0";
                return UpdateResult.MalformedCbor;
            }

            if (fileLength < PackageFormat.HeaderSize + envelopeLength)
            {
                reason = "file ends inside the envelope (" + fileLength + " < " + (PackageFormat.HeaderSize + envelopeLength) + " bytes)";
                return UpdateResult.Truncated;
            }

            byte[] envelopeBytes = new byte[envelopeLength];
            stream.ReadExactly(envelopeBytes, 0, envelopeLength);
            CoseDecodeError error = CoseSign1Message.TryDecode(envelopeBytes, isEnvelope: true, out CoseSign1Message? cose, out reason);
            switch (error)
            {
                case CoseDecodeError.None:
                    envelope = new PackageEnvelope(envelopeLength, envelopeBytes, cose!, fileLength);
                    return UpdateResult.Accepted;
                case CoseDecodeError.MalformedCbor:
                    reason = "envelope: " + reason;
                    return UpdateResult.MalformedCbor;
                case CoseDecodeError.UnsupportedAlgorithm:
                    reason = "envelope: " + reason;
                    return UpdateResult.UnsupportedAlgorithm;
                default:
                    reason = "envelope: " + reason;
                    return UpdateResult.InvalidCose;
            }
        }
    }
}
