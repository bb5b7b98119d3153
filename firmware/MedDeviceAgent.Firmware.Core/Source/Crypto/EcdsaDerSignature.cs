using System;

namespace MedDeviceAgent.Firmware.Core.Crypto
{
    /// <summary>
    /// Strict DER decoding of an ECDSA P-256 signature, SEQUENCE { INTEGER r, INTEGER s }, into the
    /// raw 64-byte r ‖ s form that <see cref="EcdsaP256Verifier"/> takes.
    /// </summary>
    /// <remarks>
    /// Accepts exactly one encoding per (r, s): tags 0x30 and 0x02; definite short-form lengths (the
    /// longest valid content is 70 bytes, so any long-form or indefinite length is either non-minimal or
    /// too large); integers of 1 to 33 content bytes, non-negative, without a redundant leading zero, and
    /// below 2^256; the SEQUENCE spanning the input exactly (no trailing bytes). Range checks against the
    /// group order are the verifier's job. Allocates nothing; variable time (signatures are public).
    /// </remarks>
    public static class EcdsaDerSignature
    {
        private const byte SequenceTag = 0x30;
        private const byte IntegerTag = 0x02;
        private const int ScalarSize = 32;

        /// <summary>
        /// Decodes the DER signature of <paramref name="length"/> bytes at <paramref name="offset"/> into
        /// 64 bytes r ‖ s at <paramref name="rawOffset"/> of <paramref name="rawOut"/>.
        /// </summary>
        /// <param name="der">Buffer holding the DER signature.</param>
        /// <param name="offset">Offset of the signature in <paramref name="der"/>.</param>
        /// <param name="length">Exact length of the signature.</param>
        /// <param name="rawOut">Receives r ‖ s, each 32 bytes big-endian, when decoding succeeds.</param>
        /// <param name="rawOffset">Where the 64 output bytes start in <paramref name="rawOut"/>.</param>
        /// <returns>True when the input is a strict DER signature; false otherwise, with <paramref name="rawOut"/> unchanged.</returns>
        /// <exception cref="ArgumentNullException">A buffer is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its buffer.</exception>
        public static bool TryDecode(byte[] der, int offset, int length, byte[] rawOut, int rawOffset)
        {
            EcdsaP256Verifier.CheckBuffer(der, nameof(der), offset, length);
            EcdsaP256Verifier.CheckBuffer(rawOut, nameof(rawOut), rawOffset, EcdsaP256Verifier.SignatureSize);

            int end = offset + length;
            // Short-form length only (bit 7 clear), and it must cover the rest of the input exactly.
            if (length < 2 || der[offset] != SequenceTag || (der[offset + 1] & 0x80) != 0 || der[offset + 1] != length - 2)
            {
                return false;
            }

            int rStart = IntegerContent(der, offset + 2, end);
            if (rStart < 0)
            {
                return false;
            }

            int rLength = der[rStart - 1];
            int sStart = IntegerContent(der, rStart + rLength, end);
            if (sStart < 0)
            {
                return false;
            }

            int sLength = der[sStart - 1];
            if (sStart + sLength != end)
            {
                return false;
            }

            WriteScalar(der, rStart, rLength, rawOut, rawOffset);
            WriteScalar(der, sStart, sLength, rawOut, rawOffset + ScalarSize);
            return true;
        }

        /// <summary>
        /// Checks the INTEGER at <paramref name="position"/> (which must end by <paramref name="end"/>) and
        /// returns where its content starts, or -1 when it is not a strict DER non-negative integer below 2^256.
        /// </summary>
        private static int IntegerContent(byte[] der, int position, int end)
        {
            if (end - position < 2 || der[position] != IntegerTag)
            {
                return -1;
            }

            // A long-form or indefinite length byte (bit 7 set) exceeds 33 and is rejected with it.
            int contentLength = der[position + 1];
            int start = position + 2;
            if (contentLength == 0 || contentLength > ScalarSize + 1 || contentLength > end - start)
            {
                return -1;
            }

            byte first = der[start];
            if ((first & 0x80) != 0)
            {
                // Negative.
                return -1;
            }

            if (contentLength > 1 && first == 0 && (der[start + 1] & 0x80) == 0)
            {
                // Redundant leading zero.
                return -1;
            }

            if (contentLength == ScalarSize + 1 && first != 0)
            {
                // 2^256 or more.
                return -1;
            }

            return start;
        }

        private static void WriteScalar(byte[] der, int start, int contentLength, byte[] rawOut, int rawOffset)
        {
            if (contentLength > ScalarSize)
            {
                // The leading zero of a 33-byte integer carries no value.
                start++;
                contentLength--;
            }

            Array.Clear(rawOut, rawOffset, ScalarSize - contentLength);
            Array.Copy(der, start, rawOut, rawOffset + ScalarSize - contentLength, contentLength);
        }
    }
}
