using System;

namespace MedDeviceAgent.Firmware.Core.Cbor
{
    /// <summary>Writer of deterministic CBOR. SKELETON: implementation pending.</summary>
    public sealed class CborWriter
    {
        /// <summary>Creates a writer with a growable buffer.</summary>
        public CborWriter(int initialCapacity) { throw new NotImplementedException(); }

        /// <summary>Number of bytes written.</summary>
        public int Length { get { throw new NotImplementedException(); } }

        /// <summary>Writes an integer in its shortest form.</summary>
        public void WriteInt64(long value) { throw new NotImplementedException(); }

        /// <summary>Writes a byte string.</summary>
        public void WriteByteString(byte[] data, int offset, int count) { throw new NotImplementedException(); }

        /// <summary>Writes a UTF-8 text string.</summary>
        public void WriteTextString(string value) { throw new NotImplementedException(); }

        /// <summary>Writes an array head.</summary>
        public void WriteArrayStart(int count) { throw new NotImplementedException(); }

        /// <summary>Writes a map head.</summary>
        public void WriteMapStart(int count) { throw new NotImplementedException(); }

        /// <summary>Writes a tag.</summary>
        public void WriteTag(long tag) { throw new NotImplementedException(); }

        /// <summary>Copies the written bytes.</summary>
        public byte[] ToArray() { throw new NotImplementedException(); }
    }
}
