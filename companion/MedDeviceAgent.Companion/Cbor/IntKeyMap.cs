using System;
using System.Collections.Generic;
using System.Formats.Cbor;

namespace MedDeviceAgent.Companion.Cbor
{
    /// <summary>
    /// A decoded deterministic CBOR map with integer keys (the shape of every manifest and statement
    /// payload), with typed accessors that throw <see cref="CborFieldException"/> naming the field.
    /// </summary>
    public sealed class IntKeyMap
    {
        /// <summary>Builds a value from a parsed map; throws <see cref="CborFieldException"/> naming a bad field.</summary>
        /// <typeparam name="T">The decoded type.</typeparam>
        public delegate T Decoder<T>(IntKeyMap map);

        private readonly Dictionary<long, ReadOnlyMemory<byte>> values;

        private IntKeyMap(Dictionary<long, ReadOnlyMemory<byte>> values)
        {
            this.values = values;
        }

        /// <summary>The keys present, in encoding order.</summary>
        public IReadOnlyCollection<long> Keys => values.Keys;

        /// <summary>
        /// Parses <paramref name="cbor"/>. Returns null on success; otherwise the reason, with
        /// <paramref name="malformed"/> true when the bytes are not deterministic CBOR at all and false
        /// when they are CBOR but not a map with integer keys.
        /// </summary>
        public static string? TryParse(byte[] cbor, out IntKeyMap? map, out bool malformed)
        {
            map = null;
            malformed = true;
            string? error = DeterministicCbor.Check(cbor);
            if (error != null)
            {
                return error;
            }

            malformed = false;
            CborReader reader = new CborReader(cbor, CborConformanceMode.Lax);
            if (reader.PeekState() != CborReaderState.StartMap)
            {
                return "not a CBOR map";
            }

            int? count = reader.ReadStartMap();
            Dictionary<long, ReadOnlyMemory<byte>> values = new Dictionary<long, ReadOnlyMemory<byte>>();
            for (int i = 0; i < count; i++)
            {
                CborReaderState state = reader.PeekState();
                if (state != CborReaderState.UnsignedInteger && state != CborReaderState.NegativeInteger)
                {
                    return "map key is not an integer";
                }

                long key;
                try
                {
                    key = reader.ReadInt64();
                }
                catch (OverflowException)
                {
                    return "map key out of range";
                }

                values.Add(key, reader.ReadEncodedValue());
            }

            map = new IntKeyMap(values);
            return null;
        }

        /// <summary>
        /// Parses <paramref name="cbor"/> as a map whose keys all lie in
        /// <paramref name="minKey"/>..<paramref name="maxKey"/> and decodes it. Returns null on success,
        /// otherwise the reason (the CBOR problem or the field <paramref name="decode"/> rejected).
        /// </summary>
        public static string? TryDecode<T>(byte[] cbor, long minKey, long maxKey, string what, Decoder<T> decode, out T? value)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(decode);
            value = null;
            string? error = TryParse(cbor, out IntKeyMap? map, out _);
            if (error != null || map == null)
            {
                return error;
            }

            try
            {
                map.RequireKeysWithin(minKey, maxKey, what);
                value = decode(map);
                return null;
            }
            catch (CborFieldException e)
            {
                return e.Message;
            }
        }

        /// <summary>True when <paramref name="key"/> is present.</summary>
        public bool Contains(long key)
        {
            return values.ContainsKey(key);
        }

        /// <summary>Throws when a key outside <paramref name="minKey"/>..<paramref name="maxKey"/> is present.</summary>
        public void RequireKeysWithin(long minKey, long maxKey, string what)
        {
            foreach (long key in values.Keys)
            {
                if (key < minKey || key > maxKey)
                {
                    throw new CborFieldException(what + " has unknown key " + key);
                }
            }
        }

        /// <summary>An unsigned integer in 0..long.MaxValue.</summary>
        public long Unsigned(long key, string name)
        {
            CborReader reader = Reader(key, name);
            if (reader.PeekState() != CborReaderState.UnsignedInteger)
            {
                throw new CborFieldException(name + " is not an unsigned integer");
            }

            ulong value = reader.ReadUInt64();
            if (value > long.MaxValue)
            {
                throw new CborFieldException(name + " is out of range");
            }

            return (long)value;
        }

        /// <summary>A signed integer that fits a long.</summary>
        public long Integer(long key, string name)
        {
            CborReader reader = Reader(key, name);
            CborReaderState state = reader.PeekState();
            if (state != CborReaderState.UnsignedInteger && state != CborReaderState.NegativeInteger)
            {
                throw new CborFieldException(name + " is not an integer");
            }

            try
            {
                return reader.ReadInt64();
            }
            catch (OverflowException)
            {
                throw new CborFieldException(name + " is out of range");
            }
        }

        /// <summary>A byte string, of exactly <paramref name="exactLength"/> bytes unless it is negative.</summary>
        public byte[] Bytes(long key, string name, int exactLength)
        {
            CborReader reader = Reader(key, name);
            if (reader.PeekState() != CborReaderState.ByteString)
            {
                throw new CborFieldException(name + " is not a byte string");
            }

            byte[] value = reader.ReadByteString();
            if (exactLength >= 0 && value.Length != exactLength)
            {
                throw new CborFieldException(name + " is " + value.Length + " bytes, not " + exactLength);
            }

            return value;
        }

        /// <summary>A non-empty text string.</summary>
        public string Text(long key, string name)
        {
            CborReader reader = Reader(key, name);
            if (reader.PeekState() != CborReaderState.TextString)
            {
                throw new CborFieldException(name + " is not a text string");
            }

            string value = reader.ReadTextString();
            if (value.Length == 0)
            {
                throw new CborFieldException(name + " is empty");
            }

            return value;
        }

        /// <summary>An array of unsigned integers of exactly <paramref name="count"/> elements.</summary>
        public long[] UnsignedArray(long key, string name, int count)
        {
            CborReader reader = Reader(key, name);
            if (reader.PeekState() != CborReaderState.StartArray || reader.ReadStartArray() != count)
            {
                throw new CborFieldException(name + " is not an array of " + count + " unsigned integers");
            }

            long[] result = new long[count];
            for (int i = 0; i < count; i++)
            {
                if (reader.PeekState() != CborReaderState.UnsignedInteger)
                {
                    throw new CborFieldException(name + " is not an array of " + count + " unsigned integers");
                }

                ulong value = reader.ReadUInt64();
                if (value > long.MaxValue)
                {
                    throw new CborFieldException(name + " element is out of range");
                }

                result[i] = (long)value;
            }

            return result;
        }

        /// <summary>An array of byte strings, each of exactly <paramref name="elementLength"/> bytes.</summary>
        public List<byte[]> BytesArray(long key, string name, int elementLength)
        {
            CborReader reader = Reader(key, name);
            if (reader.PeekState() != CborReaderState.StartArray)
            {
                throw new CborFieldException(name + " is not an array");
            }

            int? count = reader.ReadStartArray();
            List<byte[]> result = new List<byte[]>();
            for (int i = 0; i < count; i++)
            {
                if (reader.PeekState() != CborReaderState.ByteString)
                {
                    throw new CborFieldException(name + " element " + i + " is not a byte string");
                }

                byte[] value = reader.ReadByteString();
                if (value.Length != elementLength)
                {
                    throw new CborFieldException(name + " element " + i + " is " + value.Length + " bytes, not " + elementLength);
                }

                result.Add(value);
            }

            return result;
        }

        private CborReader Reader(long key, string name)
        {
            if (!values.TryGetValue(key, out ReadOnlyMemory<byte> encoded))
            {
                throw new CborFieldException(name + " (key " + key + ") is missing");
            }

            return new CborReader(encoded, CborConformanceMode.Lax);
        }
    }
}
