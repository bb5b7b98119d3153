using System;

namespace MedDeviceAgent.Firmware.Core.Storage
{
    /// <summary>
    /// Writes little-endian fields into a bounded slice of a buffer. A write past the capacity fails
    /// the writer (sticky) and writes nothing more, so an encoder checks once, at the end.
    /// </summary>
    /// <remarks>RAM: a few fields; reset and reuse it. Writing allocates nothing.</remarks>
    public sealed class RecordWriter
    {
        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _end;

        /// <summary>Creates a writer with no room (call <see cref="Reset"/>).</summary>
        public RecordWriter()
        {
            _buffer = new byte[0];
            Ok = true;
        }

        /// <summary>False once a write did not fit.</summary>
        public bool Ok { get; private set; }

        /// <summary>Bytes written since <see cref="Reset"/>.</summary>
        public int Length
        {
            get { return _position - _start; }
        }

        /// <summary>Offset of the next byte in the buffer.</summary>
        public int Position
        {
            get { return _position; }
        }

        /// <summary>The buffer written into.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Starts writing at <paramref name="offset"/>, at most <paramref name="capacity"/> bytes.</summary>
        /// <exception cref="ArgumentException">The slice is not inside the buffer.</exception>
        public void Reset(byte[] buffer, int offset, int capacity)
        {
            RecordReader.CheckSlice(buffer, offset, capacity);
            _buffer = buffer;
            _start = offset;
            _position = offset;
            _end = offset + capacity;
            Ok = true;
        }

        /// <summary>One byte (the low 8 bits of <paramref name="value"/>).</summary>
        public void WriteByte(int value)
        {
            if (Take(1))
            {
                _buffer[_position - 1] = (byte)value;
            }
        }

        /// <summary>A little-endian 16-bit value (the low 16 bits).</summary>
        public void WriteUInt16(int value)
        {
            if (Take(2))
            {
                _buffer[_position - 2] = (byte)value;
                _buffer[_position - 1] = (byte)(value >> 8);
            }
        }

        /// <summary>A little-endian 32-bit value.</summary>
        public void WriteInt32(int value)
        {
            if (Take(4))
            {
                LittleEndian.WriteInt32(_buffer, _position - 4, value);
            }
        }

        /// <summary>A little-endian 64-bit value.</summary>
        public void WriteInt64(long value)
        {
            if (Take(8))
            {
                LittleEndian.WriteInt64(_buffer, _position - 8, value);
            }
        }

        /// <summary>Copies <paramref name="count"/> bytes from <paramref name="source"/> at <paramref name="offset"/>.</summary>
        public void WriteBytes(byte[] source, int offset, int count)
        {
            if (count >= 0 && Take(count))
            {
                Array.Copy(source, offset, _buffer, _position - count, count);
            }
        }

        /// <summary>Overwrites a 16-bit value already written at <paramref name="at"/> (a length filled in afterwards).</summary>
        public void PatchUInt16(int at, int value)
        {
            if (Ok && at >= _start && at + 2 <= _position)
            {
                _buffer[at] = (byte)value;
                _buffer[at + 1] = (byte)(value >> 8);
            }
        }

        private bool Take(int count)
        {
            if (!Ok || count > _end - _position)
            {
                Ok = false;
                return false;
            }

            _position += count;
            return true;
        }
    }
}
