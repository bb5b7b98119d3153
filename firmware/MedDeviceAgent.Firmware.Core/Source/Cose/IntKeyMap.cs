using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Cose
{
    /// <summary>
    /// Index of a CBOR map whose keys are small positive integers (manifests and statements):
    /// one pass checks the map is well-formed, its keys known and ascending, and remembers where
    /// each value starts; typed getters then read single values.
    /// </summary>
    /// <remarks>
    /// RAM: an array of (maxKey + 1) ints and one reader (about 150 bytes), reused by every getter:
    /// a reader returned by <see cref="ReaderAt"/> is valid until the next call on this map.
    /// </remarks>
    public sealed class IntKeyMap
    {
        private readonly int[] _offsets;
        private CborReader _reader;
        private byte[] _buffer;
        private int _end;

        /// <summary>Creates an index for keys 1..<paramref name="maxKey"/>.</summary>
        public IntKeyMap(int maxKey)
        {
            _offsets = new int[maxKey + 1];
        }

        /// <summary>
        /// Indexes the map at <paramref name="offset"/>, which must fill exactly <paramref name="count"/> bytes.
        /// Returns None, MalformedCbor (not well-formed deterministic CBOR), or InvalidStructure
        /// (not a map, or a key that is not a known positive integer).
        /// </summary>
        public CoseError Parse(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            for (int i = 0; i < _offsets.Length; i++)
            {
                _offsets[i] = -1;
            }

            _buffer = buffer;
            _end = offset + count;
            CborReader reader = Reader(buffer, offset, count);
            CborItemType type = reader.PeekType();
            if (type == CborItemType.Invalid)
            {
                return CoseError.MalformedCbor;
            }

            int entries;
            if (type != CborItemType.Map || !reader.ReadMapStart(out entries))
            {
                return CoseError.InvalidStructure;
            }

            for (int i = 0; i < entries; i++)
            {
                long key;
                type = reader.PeekType();
                if (type == CborItemType.Invalid)
                {
                    return CoseError.MalformedCbor;
                }

                if (type != CborItemType.UnsignedInteger || !reader.ReadInt64(out key) || key < 1 || key >= _offsets.Length)
                {
                    return reader.Error == CborError.None || reader.Error == CborError.WrongType ? CoseError.InvalidStructure : CoseError.MalformedCbor;
                }

                _offsets[(int)key] = reader.Position;
                if (!reader.SkipValue())
                {
                    return CoseError.MalformedCbor;
                }
            }

            if (!reader.ReadEnd())
            {
                return CoseError.MalformedCbor;
            }

            return CoseError.None;
        }

        /// <summary>True when the map has <paramref name="key"/>.</summary>
        public bool Has(int key)
        {
            return _offsets[key] >= 0;
        }

        /// <summary>Reads a non-negative integer value; false when absent, of another type, or negative.</summary>
        public bool GetUnsigned(int key, out long value)
        {
            value = 0;
            CborReader reader = ReaderAt(key);
            return reader != null && reader.PeekType() == CborItemType.UnsignedInteger && reader.ReadInt64(out value);
        }

        /// <summary>Reads an integer value (either sign); false when absent or of another type.</summary>
        public bool GetInteger(int key, out long value)
        {
            value = 0;
            CborReader reader = ReaderAt(key);
            if (reader == null)
            {
                return false;
            }

            CborItemType type = reader.PeekType();
            return (type == CborItemType.UnsignedInteger || type == CborItemType.NegativeInteger) && reader.ReadInt64(out value);
        }

        /// <summary>Reads a byte string value as a slice of the buffer; false when absent or of another type.</summary>
        public bool GetBytes(int key, out int offset, out int length)
        {
            offset = 0;
            length = 0;
            CborReader reader = ReaderAt(key);
            return reader != null && reader.PeekType() == CborItemType.ByteString && reader.ReadByteString(out offset, out length);
        }

        /// <summary>Reads a text string value; false when absent or of another type.</summary>
        public bool GetText(int key, out string value)
        {
            value = null;
            CborReader reader = ReaderAt(key);
            return reader != null && reader.PeekType() == CborItemType.TextString && reader.ReadTextString(out value);
        }

        /// <summary>A reader positioned at the value of <paramref name="key"/>, or null when absent.</summary>
        public CborReader ReaderAt(int key)
        {
            if (key < 0 || key >= _offsets.Length || _offsets[key] < 0)
            {
                return null;
            }

            return Reader(_buffer, _offsets[key], _end - _offsets[key]);
        }

        private CborReader Reader(byte[] buffer, int offset, int count)
        {
            if (_reader == null)
            {
                _reader = new CborReader(buffer, offset, count, CoseSign1.MaxNesting, PackageFormat.MaxEnvelopeSize);
            }
            else
            {
                _reader.Reset(buffer, offset, count);
            }

            return _reader;
        }
    }
}
