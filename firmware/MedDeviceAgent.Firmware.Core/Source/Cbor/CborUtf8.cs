namespace MedDeviceAgent.Firmware.Core.Cbor
{
    /// <summary>
    /// Strict UTF-8 (RFC 3629) for CBOR text strings: validation of bytes, comparison of bytes with a string,
    /// and encoding of a string, all without allocating.
    /// </summary>
    /// <remarks>
    /// Rejects overlong forms, encoded surrogates (U+D800-U+DFFF), values above U+10FFFF, stray continuation
    /// bytes and sequences cut short. Strings with lone surrogates cannot be encoded. Time is linear in length.
    /// </remarks>
    internal static class CborUtf8
    {
        /// <summary>True when <paramref name="count"/> bytes at <paramref name="offset"/> are valid UTF-8.</summary>
        internal static bool IsValid(byte[] data, int offset, int count)
        {
            int end = offset + count;
            int p = offset;
            while (p < end)
            {
                int b = data[p];
                if (b < 0x80)
                {
                    p++;
                    continue;
                }

                int need;
                int lo = 0x80;
                int hi = 0xBF;
                if (b >= 0xC2 && b <= 0xDF)
                {
                    need = 1;
                }
                else if (b >= 0xE0 && b <= 0xEF)
                {
                    need = 2;
                    if (b == 0xE0)
                    {
                        lo = 0xA0; // overlong below U+0800
                    }
                    else if (b == 0xED)
                    {
                        hi = 0x9F; // surrogates U+D800-U+DFFF
                    }
                }
                else if (b >= 0xF0 && b <= 0xF4)
                {
                    need = 3;
                    if (b == 0xF0)
                    {
                        lo = 0x90; // overlong below U+10000
                    }
                    else if (b == 0xF4)
                    {
                        hi = 0x8F; // above U+10FFFF
                    }
                }
                else
                {
                    return false; // continuation byte, C0/C1 (overlong) or F5-FF
                }

                if (end - p - 1 < need)
                {
                    return false;
                }

                int second = data[p + 1];
                if (second < lo || second > hi)
                {
                    return false;
                }

                for (int i = 2; i <= need; i++)
                {
                    if ((data[p + i] & 0xC0) != 0x80)
                    {
                        return false;
                    }
                }

                p += need + 1;
            }

            return true;
        }

        /// <summary>
        /// Decodes <paramref name="count"/> bytes at <paramref name="offset"/>, already checked by
        /// <see cref="IsValid"/>, to a string.
        /// </summary>
        /// <remarks>
        /// Allocates a char[] of the UTF-16 length and the string. Done by hand because Encoding lives in the
        /// nanoFramework.System.Text package, which the core does not reference.
        /// </remarks>
        internal static string Decode(byte[] data, int offset, int count)
        {
            int end = offset + count;
            int units = 0;
            int p = offset;
            while (p < end)
            {
                int n = SequenceLength(data[p]);
                units += n == 4 ? 2 : 1;
                p += n;
            }

            char[] chars = new char[units];
            int u = 0;
            p = offset;
            while (p < end)
            {
                int b = data[p];
                int n = SequenceLength(b);
                int cp = n == 1 ? b : (b & (0xFF >> (n + 1)));
                for (int k = 1; k < n; k++)
                {
                    cp = (cp << 6) | (data[p + k] & 0x3F);
                }

                if (cp >= 0x10000)
                {
                    cp -= 0x10000;
                    chars[u++] = (char)(0xD800 + (cp >> 10));
                    chars[u++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else
                {
                    chars[u++] = (char)cp;
                }

                p += n;
            }

            return new string(chars);
        }

        /// <summary>
        /// The UTF-8 length of <paramref name="value"/>, or -1 when it holds a lone surrogate (not encodable).
        /// </summary>
        internal static int GetByteCount(string value)
        {
            int total = 0;
            int i = 0;
            while (i < value.Length)
            {
                int cp = CodePointAt(value, i);
                if (cp < 0)
                {
                    return -1;
                }

                total += EncodedLength(cp);
                i += cp >= 0x10000 ? 2 : 1;
            }

            return total;
        }

        /// <summary>
        /// Encodes <paramref name="value"/> (already checked by <see cref="GetByteCount"/>) into
        /// <paramref name="output"/> at <paramref name="offset"/>; returns the offset after the last byte.
        /// </summary>
        internal static int Encode(string value, byte[] output, int offset)
        {
            int p = offset;
            int i = 0;
            while (i < value.Length)
            {
                int cp = CodePointAt(value, i);
                int n = EncodedLength(cp);
                for (int k = 0; k < n; k++)
                {
                    output[p++] = (byte)EncodedByte(cp, n, k);
                }

                i += cp >= 0x10000 ? 2 : 1;
            }

            return p;
        }

        /// <summary>
        /// True when the bytes at <paramref name="offset"/> are exactly the UTF-8 encoding of
        /// <paramref name="value"/>. Encodes on the fly; stops at the first difference.
        /// </summary>
        internal static bool EqualsString(byte[] data, int offset, int count, string value)
        {
            int end = offset + count;
            int p = offset;
            int i = 0;
            while (i < value.Length)
            {
                int cp = CodePointAt(value, i);
                if (cp < 0)
                {
                    return false; // a lone surrogate never equals valid UTF-8
                }

                int n = EncodedLength(cp);
                if (end - p < n)
                {
                    return false;
                }

                for (int k = 0; k < n; k++)
                {
                    if (data[p + k] != EncodedByte(cp, n, k))
                    {
                        return false;
                    }
                }

                p += n;
                i += cp >= 0x10000 ? 2 : 1;
            }

            return p == end;
        }

        /// <summary>The code point starting at UTF-16 index <paramref name="i"/>, or -1 for a lone surrogate.</summary>
        private static int CodePointAt(string value, int i)
        {
            int c = value[i];
            if (c < 0xD800 || c > 0xDFFF)
            {
                return c;
            }

            if (c > 0xDBFF || i + 1 >= value.Length)
            {
                return -1;
            }

            int low = value[i + 1];
            if (low < 0xDC00 || low > 0xDFFF)
            {
                return -1;
            }

            return 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        }

        /// <summary>Length of the sequence a valid lead byte starts.</summary>
        private static int SequenceLength(int lead)
        {
            return lead < 0x80 ? 1 : (lead < 0xE0 ? 2 : (lead < 0xF0 ? 3 : 4));
        }

        private static int EncodedLength(int codePoint)
        {
            return codePoint < 0x80 ? 1 : (codePoint < 0x800 ? 2 : (codePoint < 0x10000 ? 3 : 4));
        }

        /// <summary>Byte <paramref name="k"/> of the <paramref name="n"/>-byte encoding of a code point.</summary>
        private static int EncodedByte(int codePoint, int n, int k)
        {
            int shift = 6 * (n - 1 - k);
            if (k > 0)
            {
                return 0x80 | ((codePoint >> shift) & 0x3F);
            }

            int leadMark = n == 1 ? 0 : (n == 2 ? 0xC0 : (n == 3 ? 0xE0 : 0xF0));
            return leadMark | (codePoint >> shift);
        }
    }
}
