using System;
using System.Formats.Asn1;

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
        /// trailing bytes, or a component is negative or wider than 32 bytes. The decoding is the
        /// firmware core's (<c>EcdsaDerSignature</c>), so it refuses exactly what a device refuses.
        /// </summary>
        public static byte[]? DerToRaw(byte[] der)
        {
            ArgumentNullException.ThrowIfNull(der);
            byte[] raw = new byte[2 * ScalarSize];
            return MedDeviceAgent.Firmware.Core.Crypto.EcdsaDerSignature.TryDecode(der, 0, der.Length, raw, 0) ? raw : null;
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
    }
}
