using System;

namespace MedDeviceAgent.Firmware.Core.Storage
{
    /// <summary>
    /// Reads little-endian fields from a bounded slice of a buffer. A read past the end fails the
    /// reader (sticky): it then returns zeros and <see cref="Ok"/> stays false, so a decoder checks
    /// once, at the end, and never indexes outside the slice.
    /// </summary>
    /// <remarks>RAM: a few fields; reset and reuse it. Reading allocates only in <see cref="ReadBytes"/>.</remarks>
    public sealed class RecordReader
    {
        private byte[] _buffer;
        private int _position;
        private int _end;

        /// <summary>Creates a reader with nothing to read (call <see cref="Reset"/>).</summary>
        public RecordReader()
        {
            _buffer = new byte[0];
            Ok = true;
        }

        /// <summary>False once a read went past the end or <see cref="Fail"/> was called.</summary>
        public bool Ok { get; private set; }

        /// <summary>Bytes left to read.</summary>
        public int Remaining
        {
            get { return Ok ? _end - _position : 0; }
        }

        /// <summary>The buffer read from.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Offset of the next byte in the buffer.</summary>
        public int Position
        {
            get { return _position; }
        }

        /// <summary>Starts reading <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentException">The slice is not inside the buffer.</exception>
        public void Reset(byte[] buffer, int offset, int count)
        {
            CheckSlice(buffer, offset, count);
            _buffer = buffer;
            _position = offset;
            _end = offset + count;
            Ok = true;
        }

        /// <summary>Marks the record invalid (a value out of its allowed set): every later read returns zero.</summary>
        public void Fail()
        {
            Ok = false;
        }

        /// <summary>One byte, 0..255.</summary>
        public int ReadByte()
        {
            if (!Take(1))
            {
                return 0;
            }

            return _buffer[_position - 1];
        }

        /// <summary>A little-endian 16-bit unsigned value, 0..65535.</summary>
        public int ReadUInt16()
        {
            if (!Take(2))
            {
                return 0;
            }

            return _buffer[_position - 2] | (_buffer[_position - 1] << 8);
        }

        /// <summary>A little-endian 32-bit signed value.</summary>
        public int ReadInt32()
        {
            if (!Take(4))
            {
                return 0;
            }

            return LittleEndian.ReadInt32(_buffer, _position - 4);
        }

        /// <summary>A little-endian 64-bit signed value.</summary>
        public long ReadInt64()
        {
            if (!Take(8))
            {
                return 0;
            }

            return LittleEndian.ReadInt64(_buffer, _position - 8);
        }

        /// <summary>Copies <paramref name="count"/> bytes into <paramref name="destination"/> at <paramref name="offset"/>.</summary>
        public void ReadInto(byte[] destination, int offset, int count)
        {
            if (count < 0 || !Take(count))
            {
                Ok = false;
                return;
            }

            Array.Copy(_buffer, _position - count, destination, offset, count);
        }

        /// <summary>A new array of the next <paramref name="count"/> bytes (empty after a failure).</summary>
        public byte[] ReadBytes(int count)
        {
            if (count < 0 || !Take(count))
            {
                Ok = false;
                return new byte[0];
            }

            byte[] value = new byte[count];
            Array.Copy(_buffer, _position - count, value, 0, count);
            return value;
        }

        /// <summary>Skips <paramref name="count"/> bytes.</summary>
        public void Skip(int count)
        {
            if (count < 0 || !Take(count))
            {
                Ok = false;
            }
        }

        /// <summary>Throws unless <paramref name="count"/> bytes at <paramref name="offset"/> lie inside <paramref name="buffer"/>.</summary>
        internal static void CheckSlice(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentException("The slice is not inside the buffer");
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
