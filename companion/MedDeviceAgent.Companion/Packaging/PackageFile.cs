using System;
using System.Buffers.Binary;
using System.IO;
using MedDeviceAgent.Companion.IO;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// The .mdpkg framing as the signer writes it: the 8-byte header. Reading and judging the
    /// framing is the firmware core's (<see cref="FirmwareCoreVerifier"/>, <see cref="PackageInspector"/>).
    /// </summary>
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
    }
}
