using System;
using System.Buffers.Binary;
using System.Text.Unicode;

namespace MedDeviceAgent.Companion.Cbor
{
    /// <summary>
    /// Checks that bytes are exactly one well-formed CBOR item in the deterministic encoding of
    /// RFC 8949 §4.2.1, as the package format requires: shortest argument encodings, definite
    /// lengths only, map keys in strictly ascending bytewise order of their encodings (so no
    /// duplicates), valid UTF-8 text, and nothing after the item.
    /// </summary>
    /// <remarks>
    /// The profile is narrower than RFC 8949 in one way: floating-point numbers and simple values
    /// other than false/true/null/undefined are refused (the package format uses none). Nesting is
    /// bounded by <see cref="MaxDepth"/>; every length is checked against the remaining input before
    /// it is used, so hostile lengths cannot cause large allocations or long loops.
    /// </remarks>
    public static class DeterministicCbor
    {
        /// <summary>Deepest nesting accepted (arrays, maps and tags each add one level).</summary>
        public const int MaxDepth = 16;

        /// <summary>Returns null when <paramref name="data"/> is one deterministic item; otherwise why not.</summary>
        public static string? Check(ReadOnlySpan<byte> data)
        {
            int position = 0;
            string? error = CheckItem(data, ref position, 0);
            if (error != null)
            {
                return error;
            }

            return position == data.Length ? null : "bytes follow the CBOR item at offset " + position;
        }

        private static string? CheckItem(ReadOnlySpan<byte> data, ref int position, int depth)
        {
            if (depth > MaxDepth)
            {
                return "nesting deeper than " + MaxDepth;
            }

            if (position >= data.Length)
            {
                return "input ends inside an item";
            }

            int start = position;
            byte initial = data[position++];
            int major = initial >> 5;
            int info = initial & 0x1F;
            if (major == 7)
            {
                return info >= 20 && info <= 23 ? null : "unsupported simple value or float (initial byte 0x" + initial.ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + ") at offset " + start;
            }

            string? error = ReadArgument(data, ref position, info, out ulong argument);
            if (error != null)
            {
                return error + " at offset " + start;
            }

            ulong remaining = (ulong)(data.Length - position);
            switch (major)
            {
                case 0:
                case 1:
                    return null;
                case 2:
                case 3:
                    if (argument > remaining)
                    {
                        return "string longer than the input at offset " + start;
                    }

                    if (major == 3 && !Utf8.IsValid(data.Slice(position, (int)argument)))
                    {
                        return "text string is not valid UTF-8 at offset " + start;
                    }

                    position += (int)argument;
                    return null;
                case 4:
                    if (argument > remaining)
                    {
                        return "array longer than the input at offset " + start;
                    }

                    for (ulong i = 0; i < argument; i++)
                    {
                        error = CheckItem(data, ref position, depth + 1);
                        if (error != null)
                        {
                            return error;
                        }
                    }

                    return null;
                case 5:
                    return CheckMap(data, ref position, depth, argument, start);
                default:
                    return CheckItem(data, ref position, depth + 1);
            }
        }

        private static string? CheckMap(ReadOnlySpan<byte> data, ref int position, int depth, ulong pairs, int start)
        {
            if (pairs > (ulong)(data.Length - position) / 2)
            {
                return "map longer than the input at offset " + start;
            }

            int previousKeyStart = -1;
            int previousKeyLength = 0;
            for (ulong i = 0; i < pairs; i++)
            {
                int keyStart = position;
                string? error = CheckItem(data, ref position, depth + 1);
                if (error != null)
                {
                    return error;
                }

                int keyLength = position - keyStart;
                if (previousKeyStart >= 0 &&
                    data.Slice(previousKeyStart, previousKeyLength).SequenceCompareTo(data.Slice(keyStart, keyLength)) >= 0)
                {
                    return "map keys not in ascending bytewise order (or repeated) at offset " + keyStart;
                }

                previousKeyStart = keyStart;
                previousKeyLength = keyLength;
                error = CheckItem(data, ref position, depth + 1);
                if (error != null)
                {
                    return error;
                }
            }

            return null;
        }

        private static string? ReadArgument(ReadOnlySpan<byte> data, ref int position, int info, out ulong argument)
        {
            argument = 0;
            if (info < 24)
            {
                argument = (ulong)info;
                return null;
            }

            int size;
            ulong minimum;
            switch (info)
            {
                case 24: size = 1; minimum = 24; break;
                case 25: size = 2; minimum = 0x100; break;
                case 26: size = 4; minimum = 0x10000; break;
                case 27: size = 8; minimum = 0x100000000; break;
                case 31: return "indefinite length or break code";
                default: return "reserved additional information " + info;
            }

            if (data.Length - position < size)
            {
                return "input ends inside an argument";
            }

            ReadOnlySpan<byte> bytes = data.Slice(position, size);
            argument = size switch
            {
                1 => bytes[0],
                2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
                4 => BinaryPrimitives.ReadUInt32BigEndian(bytes),
                _ => BinaryPrimitives.ReadUInt64BigEndian(bytes),
            };
            position += size;
            return argument < minimum ? "argument not in its shortest form" : null;
        }
    }
}
