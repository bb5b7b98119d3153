using System;
using System.Globalization;
using System.Numerics;
using System.Text;
using MedDeviceAgent.Firmware.Core.Cbor;

namespace MedDeviceAgent.Firmware.Core.Tests.Cbor
{
    /// <summary>
    /// Test-side helpers: a transcoder that reads any document with the firmware <see cref="CborReader"/> through
    /// its typed API, writes it again with <see cref="CborWriter"/> and renders diagnostic notation (RFC 8949 §8,
    /// with .NET round-trip float formatting).
    /// </summary>
    internal static class CborTestSupport
    {
        /// <summary>Hex (spaces allowed) to bytes.</summary>
        public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        /// <summary>Bytes to lower-case hex.</summary>
        public static string ToHex(byte[] data) => Convert.ToHexStringLower(data);

        /// <summary>Outcome of <see cref="Transcode"/>.</summary>
        public sealed class Result
        {
            public required CborError Error { get; init; }
            public required string Diagnostic { get; init; }
            public required byte[] Reencoded { get; init; }
        }

        /// <summary>Reads the whole document with typed reads, then ReadEnd.</summary>
        public static Result Transcode(byte[] document, int maxDepth = CborReader.DefaultMaxDepth, int maxLength = CborReader.DefaultMaxLength, bool requireContainerEnds = false)
        {
            CborReader reader = new CborReader(document, 0, document.Length, maxDepth, maxLength, requireContainerEnds);
            CborWriter writer = new CborWriter(0);
            StringBuilder diag = new StringBuilder();
            bool ok = TranscodeItem(document, reader, writer, diag) && reader.ReadEnd();
            Assert.Equal(ok, reader.Error == CborError.None);
            return new Result { Error = reader.Error, Diagnostic = diag.ToString(), Reencoded = writer.ToArray() };
        }

        /// <summary>Validates the document with SkipValue + ReadEnd and returns the error (None when valid).</summary>
        public static CborError Validate(byte[] document, int maxDepth = CborReader.DefaultMaxDepth, int maxLength = CborReader.DefaultMaxLength)
        {
            CborReader reader = new CborReader(document, 0, document.Length, maxDepth, maxLength);
            bool ok = reader.SkipValue() && reader.ReadEnd();
            Assert.Equal(ok, reader.Error == CborError.None);
            return reader.Error;
        }

        /// <summary>
        /// Asserts a document is rejected with <paramref name="expected"/> by the skip path and by the typed path with
        /// implicit and with required container ends.
        /// </summary>
        public static void AssertRejected(string hex, CborError expected, int maxDepth = CborReader.DefaultMaxDepth, int maxLength = CborReader.DefaultMaxLength)
        {
            byte[] document = Hex(hex);
            Assert.Equal(expected, Validate(document, maxDepth, maxLength));
            Assert.Equal(expected, Transcode(document, maxDepth, maxLength).Error);
            Assert.Equal(expected, Transcode(document, maxDepth, maxLength, requireContainerEnds: true).Error);
        }

        /// <summary>Recursive typed walk (test code only; the reader itself never recurses).</summary>
        public static bool TranscodeItem(byte[] document, CborReader reader, CborWriter writer, StringBuilder diag)
        {
            switch (reader.PeekType())
            {
                case CborItemType.UnsignedInteger:
                    {
                        if (!reader.ReadUInt64(out ulong value))
                        {
                            return false;
                        }

                        writer.WriteUInt64(value);
                        diag.Append(value.ToString(CultureInfo.InvariantCulture));
                        return true;
                    }

                case CborItemType.NegativeInteger:
                    {
                        if (!reader.ReadNegativeIntegerArgument(out ulong argument))
                        {
                            return false;
                        }

                        writer.WriteNegativeIntegerArgument(argument);
                        diag.Append((BigInteger.MinusOne - argument).ToString(CultureInfo.InvariantCulture));
                        return true;
                    }

                case CborItemType.ByteString:
                    {
                        if (!reader.ReadByteString(out int offset, out int length))
                        {
                            return false;
                        }

                        writer.WriteByteString(document, offset, length);
                        diag.Append("h'").Append(Convert.ToHexStringLower(document, offset, length)).Append('\'');
                        return true;
                    }

                case CborItemType.TextString:
                    {
                        if (!reader.ReadTextString(out string value))
                        {
                            return false;
                        }

                        writer.WriteTextString(value);
                        diag.Append('"').Append(value).Append('"');
                        return true;
                    }

                case CborItemType.Array:
                    {
                        if (!reader.ReadArrayStart(out int count))
                        {
                            return false;
                        }

                        writer.WriteArrayStart(count);
                        diag.Append('[');
                        for (int i = 0; i < count; i++)
                        {
                            if (i > 0)
                            {
                                diag.Append(", ");
                            }

                            if (!TranscodeItem(document, reader, writer, diag))
                            {
                                return false;
                            }
                        }

                        diag.Append(']');
                        return reader.ReadArrayEnd();
                    }

                case CborItemType.Map:
                    {
                        if (!reader.ReadMapStart(out int count))
                        {
                            return false;
                        }

                        writer.WriteMapStart(count);
                        diag.Append('{');
                        for (int i = 0; i < count; i++)
                        {
                            if (i > 0)
                            {
                                diag.Append(", ");
                            }

                            if (!TranscodeItem(document, reader, writer, diag))
                            {
                                return false;
                            }

                            diag.Append(": ");
                            if (!TranscodeItem(document, reader, writer, diag))
                            {
                                return false;
                            }
                        }

                        diag.Append('}');
                        return reader.ReadMapEnd();
                    }

                case CborItemType.Tag:
                    {
                        if (!reader.ReadTag(out long tag))
                        {
                            return false;
                        }

                        writer.WriteTag(tag);
                        diag.Append(tag.ToString(CultureInfo.InvariantCulture)).Append('(');
                        if (!TranscodeItem(document, reader, writer, diag))
                        {
                            return false;
                        }

                        diag.Append(')');
                        return true;
                    }

                case CborItemType.Simple:
                    return TranscodeSimple(reader, writer, diag);

                case CborItemType.Float:
                    {
                        if (!reader.ReadDouble(out double value))
                        {
                            return false;
                        }

                        writer.WriteDouble(value);
                        diag.Append(FormatDouble(value));
                        return true;
                    }

                default:
                    // Invalid: let a read report why (or EndOfContainer / Truncated at the end).
                    return reader.SkipValue();
            }
        }

        /// <summary>Diagnostic-notation float: Infinity, -Infinity, NaN, else round-trip text with ".0" for integral values.</summary>
        public static string FormatDouble(double value)
        {
            if (double.IsNaN(value))
            {
                return "NaN";
            }

            if (double.IsInfinity(value))
            {
                return value > 0 ? "Infinity" : "-Infinity";
            }

            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (value == Math.Floor(value) && !text.Contains('E', StringComparison.Ordinal))
            {
                text += ".0";
            }

            if (value == 0 && double.IsNegative(value))
            {
                text = "-0.0";
            }

            return text;
        }

        private static bool TranscodeSimple(CborReader reader, CborWriter writer, StringBuilder diag)
        {
            if (!reader.ReadSimple(out int simple))
            {
                return false;
            }

            switch (simple)
            {
                case 20:
                case 21:
                    writer.WriteBoolean(simple == 21);
                    diag.Append(simple == 21 ? "true" : "false");
                    break;
                case 22:
                    writer.WriteNull();
                    diag.Append("null");
                    break;
                case 23:
                    writer.WriteSimple(23);
                    diag.Append("undefined");
                    break;
                default:
                    writer.WriteSimple(simple);
                    diag.Append("simple(").Append(simple.ToString(CultureInfo.InvariantCulture)).Append(')');
                    break;
            }

            return true;
        }
    }
}
