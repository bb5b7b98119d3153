using System;

namespace MedDeviceAgent.Firmware.Core.Cbor
{
    /// <summary>Strict reader for deterministic CBOR (RFC 8949). SKELETON: implementation pending.</summary>
    public sealed class CborReader
    {
        /// <summary>Reads <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public CborReader(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }

        /// <summary>The first error met; sticky.</summary>
        public CborError Error { get { throw new NotImplementedException(); } }

        /// <summary>Absolute position of the next byte in the buffer.</summary>
        public int Position { get { throw new NotImplementedException(); } }

        /// <summary>The type of the next item, or Invalid.</summary>
        public CborItemType PeekType() { throw new NotImplementedException(); }

        /// <summary>Reads an integer (major type 0 or 1) that fits a long.</summary>
        public bool ReadInt64(out long value) { throw new NotImplementedException(); }

        /// <summary>Reads a byte string; its bytes are at [offset, offset+length) of the buffer (no copy).</summary>
        public bool ReadByteString(out int offset, out int length) { throw new NotImplementedException(); }

        /// <summary>Reads a text string.</summary>
        public bool ReadTextString(out string value) { throw new NotImplementedException(); }

        /// <summary>Reads an array head.</summary>
        public bool ReadArrayStart(out int count) { throw new NotImplementedException(); }

        /// <summary>Reads a map head.</summary>
        public bool ReadMapStart(out int count) { throw new NotImplementedException(); }

        /// <summary>Reads a tag.</summary>
        public bool ReadTag(out long tag) { throw new NotImplementedException(); }

        /// <summary>Skips one whole item, checking it.</summary>
        public bool SkipValue() { throw new NotImplementedException(); }

        /// <summary>True when the input is fully consumed; otherwise sets TrailingBytes.</summary>
        public bool ReadEnd() { throw new NotImplementedException(); }
    }
}
