using System;
using System.Formats.Asn1;
using System.Numerics;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// Conversions between the two ECDSA P-256 signature encodings we meet: COSE's fixed 64-byte
    /// r ‖ s (IEEE P1363) and the DER SEQUENCE { INTEGER r, INTEGER s } used by OpenSSL and MCUboot.
    /// </summary>
    public static class EcdsaSignatureFormat
    {
        /// <summary>Size of one P-256 scalar in bytes.</summary>
        public const int ScalarSize = 32;

        /// <summary>Encodes a 64-byte r ‖ s signature as DER.</summary>
        public static byte[] RawToDer(byte[] raw)
        {
            ArgumentNullException.ThrowIfNull(raw);
            if (raw.Length != 2 * ScalarSize)
            {
                throw new ArgumentException("an ES256 signature is 64 bytes", nameof(raw));
            }

            AsnWriter writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteIntegerUnsigned(TrimLeadingZeros(raw.AsSpan(0, ScalarSize)));
                writer.WriteIntegerUnsigned(TrimLeadingZeros(raw.AsSpan(ScalarSize, ScalarSize)));
            }

            return writer.Encode();
        }

        /// <summary>
        /// Decodes a strict-DER signature into 64-byte r ‖ s; null when it is not strict DER, has
        /// trailing bytes, or a component is negative or wider than 32 bytes.
        /// </summary>
        public static byte[]? DerToRaw(byte[] der)
        {
            ArgumentNullException.ThrowIfNull(der);
            try
            {
                AsnReader reader = new AsnReader(der, AsnEncodingRules.DER);
                AsnReader sequence = reader.ReadSequence();
                EndOf(reader);
                byte[] raw = new byte[2 * ScalarSize];
                if (!ReadScalar(sequence, raw, 0) || !ReadScalar(sequence, raw, ScalarSize))
                {
                    return null;
                }

                EndOf(sequence);
                return raw;
            }
            catch (AsnContentException)
            {
                return null;
            }
        }

        private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
        {
            int start = 0;
            while (start < value.Length - 1 && value[start] == 0)
            {
                start++;
            }

            return value.Slice(start);
        }

        private static bool ReadScalar(AsnReader reader, byte[] destination, int offset)
        {
            BigInteger value = reader.ReadInteger();
            if (value.Sign < 0)
            {
                return false;
            }

            int length = value.GetByteCount(isUnsigned: true);
            if (length > ScalarSize)
            {
                return false;
            }

            return value.TryWriteBytes(destination.AsSpan(offset + ScalarSize - length, length), out _, isUnsigned: true, isBigEndian: true);
        }

        private static void EndOf(AsnReader reader)
        {
            if (reader.HasData)
            {
                throw new AsnContentException("unexpected data after the structure");
            }
        }
    }
}
