using System;

namespace MedDeviceAgent.Firmware.Core.Cbor
{
    /// <summary>
    /// Writer of deterministic CBOR (RFC 8949 §4.2.1) into a growable byte buffer: every head in its shortest
    /// form, definite lengths only, floats in the shortest exact form with NaN as 0xF97E00.
    /// </summary>
    /// <remarks>
    /// <para>The writer does not track structure: the caller writes exactly the declared number of items after
    /// each array/map head, and map keys in ascending bytewise order of their encodings (for integer keys:
    /// 0, 1, ..., 23, 24, ..., then -1, -2, ...; text keys after all integers). <see cref="CborReader"/>
    /// checks both, so a round trip through it validates what was written.</para>
    /// <para>RAM: one byte[] that doubles when full (minimum 16 bytes); writes allocate nothing else.
    /// <see cref="Reset"/> keeps the buffer for reuse. Misuse (null, bad range, negative count) throws.
    /// Not thread-safe.</para>
    /// </remarks>
    public sealed class CborWriter
    {
        private const int MinimumGrowth = 16;

        private byte[] _buffer;
        private int _length;

        /// <summary>Creates a writer whose buffer starts at <paramref name="initialCapacity"/> bytes.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialCapacity"/> is negative.</exception>
        public CborWriter(int initialCapacity)
        {
            if (initialCapacity < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(initialCapacity));
            }

            _buffer = new byte[initialCapacity];
        }

        /// <summary>Number of bytes written.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>
        /// The internal buffer; the output is its first <see cref="Length"/> bytes. Valid until the next write
        /// (growth replaces the array) or <see cref="Reset"/>.
        /// </summary>
        /// <remarks>Lets a caller hash or send the output without the copy <see cref="ToArray"/> makes.</remarks>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Forgets the output, keeping the buffer (its old bytes are cleared).</summary>
        public void Reset()
        {
            Array.Clear(_buffer, 0, _length);
            _length = 0;
        }

        /// <summary>Copies the written bytes.</summary>
        /// <remarks>Allocates <see cref="Length"/> bytes; see <see cref="Buffer"/> and <see cref="CopyTo"/>.</remarks>
        public byte[] ToArray()
        {
            byte[] copy = new byte[_length];
            Array.Copy(_buffer, 0, copy, 0, _length);
            return copy;
        }

        /// <summary>Copies the written bytes to <paramref name="destination"/> at <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than <see cref="Length"/> bytes fit at <paramref name="offset"/>.</exception>
        public void CopyTo(byte[] destination, int offset)
        {
            CheckRange(destination, offset, _length);
            Array.Copy(_buffer, 0, destination, offset, _length);
        }

        /// <summary>Writes an integer (major type 0 or 1) in its shortest form.</summary>
        public void WriteInt64(long value)
        {
            if (value >= 0)
            {
                WriteHead(0, (ulong)value);
            }
            else
            {
                WriteHead(1, (ulong)(-1 - value));
            }
        }

        /// <summary>Writes an unsigned integer (major type 0) in its shortest form.</summary>
        public void WriteUInt64(ulong value)
        {
            WriteHead(0, value);
        }

        /// <summary>
        /// Writes the negative integer -1 - <paramref name="argument"/> (major type 1); reaches -2^64, below
        /// what <see cref="WriteInt64"/> can express.
        /// </summary>
        public void WriteNegativeIntegerArgument(ulong argument)
        {
            WriteHead(1, argument);
        }

        /// <summary>Writes a byte string of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="data"/>.</exception>
        public void WriteByteString(byte[] data, int offset, int count)
        {
            CheckRange(data, offset, count);
            WriteHead(2, (ulong)count);
            AppendBytes(data, offset, count);
        }

        /// <summary>Writes a text string, UTF-8 encoded straight into the buffer.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="value"/> holds a lone surrogate (not encodable as UTF-8).</exception>
        public void WriteTextString(string value)
        {
            if (value == null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            int byteCount = CborUtf8.GetByteCount(value);
            if (byteCount < 0)
            {
                throw new ArgumentException("lone surrogate", nameof(value));
            }

            WriteHead(3, (ulong)byteCount);
            EnsureCapacity(byteCount);
            _length = CborUtf8.Encode(value, _buffer, _length);
        }

        /// <summary>Writes an array head; exactly <paramref name="count"/> items must follow.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
        public void WriteArrayStart(int count)
        {
            WriteCount(4, count);
        }

        /// <summary>Writes a map head; exactly <paramref name="count"/> key/value pairs must follow, keys sorted.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
        public void WriteMapStart(int count)
        {
            WriteCount(5, count);
        }

        /// <summary>Writes a tag number; its content is the next item written.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="tag"/> is negative.</exception>
        public void WriteTag(long tag)
        {
            if (tag < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(tag));
            }

            WriteHead(6, (ulong)tag);
        }

        /// <summary>Writes false (0xF4) or true (0xF5).</summary>
        public void WriteBoolean(bool value)
        {
            WriteHead(7, value ? 21UL : 20UL);
        }

        /// <summary>Writes null (0xF6).</summary>
        public void WriteNull()
        {
            WriteHead(7, 22);
        }

        /// <summary>Writes a simple value: 0-23 in one byte (20-23 are false, true, null, undefined), 32-255 in two.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not in 0-23 or 32-255.</exception>
        public void WriteSimple(int value)
        {
            if (value < 0 || value > 255 || (value >= 24 && value < 32))
            {
                throw new ArgumentOutOfRangeException(nameof(value));
            }

            WriteHead(7, (ulong)value);
        }

        /// <summary>
        /// Writes a float in the shortest of half, single and double precision that holds exactly the same value;
        /// every NaN (whatever its sign or payload) as the half 0xF97E00.
        /// </summary>
        public void WriteDouble(double value)
        {
            long bits = BitConverter.DoubleToInt64Bits(value);
            ulong narrow;
            if (CborFloat.IsNaN(bits))
            {
                WriteFloatBits(25, CborFloat.CanonicalHalfNaN);
            }
            else if (CborFloat.TryNarrow(bits, CborFloat.HalfExponentBits, CborFloat.HalfFractionBits, out narrow))
            {
                WriteFloatBits(25, narrow);
            }
            else if (CborFloat.TryNarrow(bits, CborFloat.SingleExponentBits, CborFloat.SingleFractionBits, out narrow))
            {
                WriteFloatBits(26, narrow);
            }
            else
            {
                WriteFloatBits(27, (ulong)bits);
            }
        }

        /// <summary>
        /// Appends <paramref name="count"/> bytes of already encoded CBOR (for instance a structure built by
        /// another writer) as they are.
        /// </summary>
        /// <remarks>
        /// Not checked: the bytes must be exactly one complete deterministic item (or as many items as the
        /// enclosing container still expects). To embed an encoding as a byte string (<c>bstr .cbor</c>), use
        /// <see cref="WriteByteString"/> instead.
        /// </remarks>
        /// <exception cref="ArgumentNullException"><paramref name="encoded"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="encoded"/>.</exception>
        public void WriteEncodedValue(byte[] encoded, int offset, int count)
        {
            CheckRange(encoded, offset, count);
            AppendBytes(encoded, offset, count);
        }

        private static void CheckRange(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }
        }

        private void WriteCount(int major, int count)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            WriteHead(major, (ulong)count);
        }

        /// <summary>Writes an initial byte and argument in the shortest form.</summary>
        private void WriteHead(int major, ulong argument)
        {
            int top = major << 5;
            if (argument < 24)
            {
                EnsureCapacity(1);
                _buffer[_length++] = (byte)(top | (int)argument);
            }
            else if (argument <= 0xFF)
            {
                WriteSized(top | 24, argument, 1);
            }
            else if (argument <= 0xFFFF)
            {
                WriteSized(top | 25, argument, 2);
            }
            else if (argument <= 0xFFFFFFFF)
            {
                WriteSized(top | 26, argument, 4);
            }
            else
            {
                WriteSized(top | 27, argument, 8);
            }
        }

        private void WriteFloatBits(int info, ulong bits)
        {
            WriteSized((7 << 5) | info, bits, 1 << (info - 24));
        }

        /// <summary>Writes an initial byte and a big-endian argument of <paramref name="size"/> bytes.</summary>
        private void WriteSized(int initial, ulong argument, int size)
        {
            EnsureCapacity(1 + size);
            byte[] buffer = _buffer;
            int p = _length;
            buffer[p] = (byte)initial;
            for (int i = size; i >= 1; i--)
            {
                buffer[p + i] = (byte)argument;
                argument >>= 8;
            }

            _length = p + 1 + size;
        }

        private void AppendBytes(byte[] data, int offset, int count)
        {
            EnsureCapacity(count);
            Array.Copy(data, offset, _buffer, _length, count);
            _length += count;
        }

        /// <summary>Makes room for <paramref name="extra"/> more bytes, doubling the buffer as needed.</summary>
        /// <exception cref="InvalidOperationException">The output would exceed 2^31-1 bytes.</exception>
        private void EnsureCapacity(int extra)
        {
            if (extra <= _buffer.Length - _length)
            {
                return;
            }

            if (extra > int.MaxValue - _length)
            {
                throw new InvalidOperationException("CBOR output too large");
            }

            int needed = _length + extra;
            int capacity = _buffer.Length < MinimumGrowth ? MinimumGrowth : _buffer.Length;
            while (capacity < needed)
            {
                capacity = capacity > int.MaxValue / 2 ? int.MaxValue : capacity * 2;
            }

            byte[] grown = new byte[capacity];
            Array.Copy(_buffer, 0, grown, 0, _length);
            _buffer = grown;
        }
    }
}
