using System;

namespace MedDeviceAgent.Firmware.Core.Cbor
{
    /// <summary>
    /// Strict, forward-only reader for one deterministically encoded CBOR data item (RFC 8949 §4.2.1, core
    /// deterministic encoding) held in a byte array.
    /// </summary>
    /// <remarks>
    /// <para>Accepted subset: shortest integer, length, count and tag heads; definite lengths only; map keys in
    /// strictly ascending bytewise order of their encodings (so no duplicates); floats in the shortest of
    /// half/single/double that preserves the value, and NaN only as the half 0xF97E00; text strings in
    /// strict UTF-8; simple values 0-19 and 32-255 besides false, true, null and undefined. Floats: RFC 8949
    /// §4.2.1 asks for the shortest form that preserves the value, so a single or double that a shorter float holds
    /// exactly (subnormals and infinities included) is rejected as <see cref="CborError.NonMinimal"/>, and so is
    /// every NaN but 0xF97E00 (§4.2.2). Tag numbers and tag contents are not interpreted (a tag 2 bignum, for
    /// instance, is returned as a tag and a byte string); a tag number above long.MaxValue passes
    /// <see cref="SkipValue"/> but not <see cref="ReadTag"/>.</para>
    /// <para>Errors: every read returns false on failure and records the first <see cref="CborError"/>; the
    /// error is sticky, so every later read also returns false. A wrong-type read is an error too: use
    /// <see cref="PeekType"/> to branch. Verdicts start as failure: a caller accepts the input only after its
    /// reads and <see cref="ReadEnd"/> all returned true.</para>
    /// <para>Containers: after <see cref="ReadArrayStart"/> or <see cref="ReadMapStart"/> the declared number of
    /// items (a map: key, value, key, value...) belongs to the container. By default a container whose items were
    /// all read is closed implicitly by the next read, which then reads the enclosing container's next item, so
    /// callers may simply read on (the skeleton's usage); <see cref="ReadArrayEnd"/> and <see cref="ReadMapEnd"/>
    /// close it explicitly and fail with <see cref="CborError.ItemsRemaining"/> if items were left unread. With
    /// requireContainerEnds (constructor) a completed container stays open until its end is read, so reading past
    /// its last item fails with <see cref="CborError.EndOfContainer"/> at any depth. Either way the whole document
    /// is one item: a read after it fails with <see cref="CborError.EndOfContainer"/>, and <see cref="ReadEnd"/>
    /// closes completed containers and requires every container complete. A tag and its content count as one
    /// item. The input is validated the same way in both modes; only the caller's bookkeeping differs.</para>
    /// <para>RAM: besides the reader object, nothing until the first array or map, which allocates the nesting
    /// stack as int[10] (40 bytes, 2 levels), doubled when deeper nesting needs it, up to int[5 * maxDepth]
    /// (320 bytes at the default depth 16); <see cref="Reset"/> keeps it. Reads allocate nothing else except in
    /// <see cref="ReadTextString"/> (the string and a transient char[]). Byte and text string
    /// contents are returned as slices of the input (zero copy). No recursion: nesting is tracked with an
    /// explicit stack bounded by maxDepth. Time: every byte is examined a bounded number of times (string
    /// validation once, each map key compared once with its predecessor). Not thread-safe.</para>
    /// </remarks>
    public sealed class CborReader
    {
        /// <summary>Default bound on container nesting.</summary>
        public const int DefaultMaxDepth = 16;

        /// <summary>Largest nesting bound a reader accepts.</summary>
        public const int MaxSupportedDepth = 64;

        /// <summary>
        /// Default bound on string lengths (bytes) and container counts (items; a map: pairs): none beyond the
        /// input itself, which bounds every length since strings are slices and each item takes a byte.
        /// </summary>
        public const int DefaultMaxLength = int.MaxValue;

        // Depth 0 is the document (one item, _documentRemaining); open container d >= 1 has Stride slots at
        // _frames[(d - 1) * Stride], allocated on the first container and grown (doubling) up to maxDepth.
        private const int Stride = 5;
        private const int InitialFrames = 2;
        private const int SlotRemaining = 0;
        private const int SlotKind = 1;
        private const int SlotKeyStart = 2;
        private const int SlotPreviousKeyStart = 3;
        private const int SlotPreviousKeyEnd = 4;

        private const int KindArray = 4;
        private const int KindMap = 5;

        private const int MajorUnsigned = 0;
        private const int MajorNegative = 1;
        private const int MajorByteString = 2;
        private const int MajorTextString = 3;
        private const int MajorArray = 4;
        private const int MajorMap = 5;
        private const int MajorTag = 6;
        private const int MajorSimple = 7;

        private const int SimpleFalse = 20;
        private const int SimpleTrue = 21;
        private const int SimpleNull = 22;

        private readonly int _maxDepth;
        private readonly int _maxLength;
        private readonly bool _requireContainerEnds;
        private int[] _frames;
        private int _documentRemaining;
        private byte[] _buffer;
        private int _start;
        private int _end;
        private int _pos;
        private int _depth;
        private bool _tagPending;
        private CborError _error;

        /// <summary>
        /// Reads <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/> with
        /// the default bounds (<see cref="DefaultMaxDepth"/>, <see cref="DefaultMaxLength"/>).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="buffer"/>.</exception>
        public CborReader(byte[] buffer, int offset, int count)
            : this(buffer, offset, count, DefaultMaxDepth, DefaultMaxLength)
        {
        }

        /// <summary>
        /// Reads <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>,
        /// allowing at most <paramref name="maxDepth"/> nested arrays/maps and strings or containers of at most
        /// <paramref name="maxLength"/> bytes or items (a map: pairs).
        /// </summary>
        /// <remarks>The buffer is not copied: it must not change while it is read.</remarks>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">
        /// The range lies outside <paramref name="buffer"/>, <paramref name="maxDepth"/> is not in
        /// 0..<see cref="MaxSupportedDepth"/>, or <paramref name="maxLength"/> is negative.
        /// </exception>
        public CborReader(byte[] buffer, int offset, int count, int maxDepth, int maxLength)
            : this(buffer, offset, count, maxDepth, maxLength, false)
        {
        }

        /// <summary>
        /// As <see cref="CborReader(byte[], int, int, int, int)"/>; with <paramref name="requireContainerEnds"/>
        /// true a container whose items were all read must be closed with <see cref="ReadArrayEnd"/> or
        /// <see cref="ReadMapEnd"/> before anything else is read (a read past its last item fails with
        /// <see cref="CborError.EndOfContainer"/>).
        /// </summary>
        /// <remarks>The buffer is not copied: it must not change while it is read.</remarks>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">
        /// The range lies outside <paramref name="buffer"/>, <paramref name="maxDepth"/> is not in
        /// 0..<see cref="MaxSupportedDepth"/>, or <paramref name="maxLength"/> is negative.
        /// </exception>
        public CborReader(byte[] buffer, int offset, int count, int maxDepth, int maxLength, bool requireContainerEnds)
        {
            if (maxDepth < 0 || maxDepth > MaxSupportedDepth)
            {
                throw new ArgumentOutOfRangeException(nameof(maxDepth));
            }

            if (maxLength < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxLength));
            }

            _maxDepth = maxDepth;
            _maxLength = maxLength;
            _requireContainerEnds = requireContainerEnds;
            Reset(buffer, offset, count);
        }

        /// <summary>The first error met, or <see cref="CborError.None"/>. Sticky.</summary>
        public CborError Error
        {
            get { return _error; }
        }

        /// <summary>Absolute index in the buffer of the next byte to read.</summary>
        public int Position
        {
            get { return _pos; }
        }

        /// <summary>
        /// Number of arrays and maps currently open (0 at top level); a completed container counts until it is
        /// closed (explicitly, or implicitly by the next read).
        /// </summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>
        /// Items not yet started in the innermost open container (a map counts keys and values separately); at
        /// top level 1 before the document item is read, then 0. 0 for a completed container not yet closed.
        /// </summary>
        public int Remaining
        {
            get { return RemainingAt(_depth); }
        }

        /// <summary>
        /// Starts over on a new input, keeping the bounds and the nesting stack (no allocation). Clears the error.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="buffer"/>.</exception>
        public void Reset(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(offset));
            }

            _buffer = buffer;
            _start = offset;
            _end = offset + count;
            _pos = offset;
            _depth = 0;
            _tagPending = false;
            _error = CborError.None;
            _documentRemaining = 1;
        }

        /// <summary>
        /// The type of the next item without consuming it; <see cref="CborItemType.Invalid"/> after an error, at
        /// the end of the input or of the current container, or when the next byte cannot start an item
        /// (additional information 28-31).
        /// </summary>
        /// <remarks>Sets no error: the read that follows reports why an item is unacceptable.</remarks>
        public CborItemType PeekType()
        {
            if (_error != CborError.None || _pos >= _end)
            {
                return CborItemType.Invalid;
            }

            if (!_tagPending && RemainingAt(OpenDepth()) == 0)
            {
                return CborItemType.Invalid;
            }

            int initial = _buffer[_pos];
            int major = initial >> 5;
            int info = initial & 0x1F;
            if (info >= 28)
            {
                return CborItemType.Invalid;
            }

            if (major == MajorSimple && info >= 25)
            {
                return CborItemType.Float;
            }

            return (CborItemType)major;
        }

        /// <summary>Reads an integer (major type 0 or 1) that fits a long.</summary>
        /// <returns>False with <see cref="CborError.Overflow"/> when it does not fit, or another error.</returns>
        public bool ReadInt64(out long value)
        {
            value = 0;
            int major;
            ulong argument;
            if (!ReadIntegerHead(out major, out argument))
            {
                return false;
            }

            if (argument > long.MaxValue)
            {
                return Fail(CborError.Overflow);
            }

            value = major == MajorUnsigned ? (long)argument : -1 - (long)argument;
            return true;
        }

        /// <summary>Reads an integer (major type 0 or 1) that fits an int.</summary>
        /// <returns>False with <see cref="CborError.Overflow"/> when it does not fit, or another error.</returns>
        public bool ReadInt32(out int value)
        {
            value = 0;
            long wide;
            if (!ReadInt64(out wide))
            {
                return false;
            }

            if (wide < int.MinValue || wide > int.MaxValue)
            {
                return Fail(CborError.Overflow);
            }

            value = (int)wide;
            return true;
        }

        /// <summary>Reads an unsigned integer (major type 0), 0 to 2^64-1.</summary>
        /// <returns>False with <see cref="CborError.Overflow"/> for a negative integer, or another error.</returns>
        public bool ReadUInt64(out ulong value)
        {
            value = 0;
            int major;
            ulong argument;
            if (!ReadIntegerHead(out major, out argument))
            {
                return false;
            }

            if (major != MajorUnsigned)
            {
                return Fail(CborError.Overflow);
            }

            value = argument;
            return true;
        }

        /// <summary>
        /// Reads a negative integer (major type 1) as its raw argument n, the value being -1 - n; covers
        /// -2^64 to -1, which <see cref="ReadInt64"/> cannot all hold.
        /// </summary>
        public bool ReadNegativeIntegerArgument(out ulong argument)
        {
            int major;
            if (!ReadIntegerHead(out major, out argument))
            {
                return false;
            }

            if (major != MajorNegative)
            {
                argument = 0;
                return Fail(CborError.WrongType);
            }

            return true;
        }

        /// <summary>Reads a byte string; its bytes are at [offset, offset+length) of the buffer (no copy).</summary>
        public bool ReadByteString(out int offset, out int length)
        {
            return ReadString(MajorByteString, out offset, out length);
        }

        /// <summary>
        /// Reads a text string, checked to be strict UTF-8; its bytes are at [offset, offset+length) of the buffer
        /// (no copy).
        /// </summary>
        public bool ReadTextStringBytes(out int offset, out int length)
        {
            return ReadString(MajorTextString, out offset, out length);
        }

        /// <summary>Reads a text string, checked to be strict UTF-8.</summary>
        /// <remarks>Allocates the returned string and a transient char[] of its length (none for the empty string).</remarks>
        public bool ReadTextString(out string value)
        {
            value = null;
            int offset;
            int length;
            if (!ReadString(MajorTextString, out offset, out length))
            {
                return false;
            }

            value = length == 0 ? string.Empty : CborUtf8.Decode(_buffer, offset, length);
            return true;
        }

        /// <summary>
        /// Reads a text string and tells whether it equals <paramref name="expected"/>, without allocating.
        /// </summary>
        /// <returns>
        /// True only when a valid text string equal to <paramref name="expected"/> was read. False with
        /// <see cref="Error"/> still <see cref="CborError.None"/> means a valid but different text string, which
        /// is consumed all the same.
        /// </returns>
        /// <exception cref="ArgumentNullException"><paramref name="expected"/> is null.</exception>
        public bool ReadTextStringEquals(string expected)
        {
            if (expected == null)
            {
                throw new ArgumentNullException(nameof(expected));
            }

            int offset;
            int length;
            if (!ReadString(MajorTextString, out offset, out length))
            {
                return false;
            }

            return CborUtf8.EqualsString(_buffer, offset, length, expected);
        }

        /// <summary>
        /// Reads an array head; the next <paramref name="count"/> items are its contents (then, optionally or with
        /// requireContainerEnds, <see cref="ReadArrayEnd"/>).
        /// </summary>
        public bool ReadArrayStart(out int count)
        {
            return ReadContainerStart(MajorArray, out count);
        }

        /// <summary>
        /// Reads a map head; the next <paramref name="count"/> key/value pairs are its contents (keys in ascending
        /// bytewise order of their encodings, checked as each value starts), then, optionally or with
        /// requireContainerEnds, <see cref="ReadMapEnd"/>.
        /// </summary>
        public bool ReadMapStart(out int count)
        {
            return ReadContainerStart(MajorMap, out count);
        }

        /// <summary>Closes the innermost open container, which must be an array whose items were all read.</summary>
        /// <returns>False with <see cref="CborError.ItemsRemaining"/> if items remain, <see cref="CborError.WrongType"/> if no array is open.</returns>
        public bool ReadArrayEnd()
        {
            return ReadContainerEnd(KindArray);
        }

        /// <summary>Closes the innermost open container, which must be a map whose pairs were all read.</summary>
        /// <returns>False with <see cref="CborError.ItemsRemaining"/> if items remain, <see cref="CborError.WrongType"/> if no map is open.</returns>
        public bool ReadMapEnd()
        {
            return ReadContainerEnd(KindMap);
        }

        /// <summary>Reads a tag number; its content is the next item read (tag and content are one item).</summary>
        /// <returns>False with <see cref="CborError.Overflow"/> for a tag number above long.MaxValue, or another error.</returns>
        public bool ReadTag(out long tag)
        {
            tag = 0;
            int major;
            int info;
            ulong argument;
            if (!ReadItemHead(out major, out info, out argument))
            {
                return false;
            }

            if (major != MajorTag)
            {
                return Fail(CborError.WrongType);
            }

            if (argument > long.MaxValue)
            {
                return Fail(CborError.Overflow);
            }

            tag = (long)argument;
            _tagPending = true;
            return true;
        }

        /// <summary>Reads false or true.</summary>
        public bool ReadBoolean(out bool value)
        {
            value = false;
            int simple;
            if (!ReadSimple(out simple))
            {
                return false;
            }

            if (simple != SimpleFalse && simple != SimpleTrue)
            {
                return Fail(CborError.WrongType);
            }

            value = simple == SimpleTrue;
            return true;
        }

        /// <summary>Reads null.</summary>
        public bool ReadNull()
        {
            int simple;
            if (!ReadSimple(out simple))
            {
                return false;
            }

            return simple == SimpleNull || Fail(CborError.WrongType);
        }

        /// <summary>
        /// Reads a simple value (major type 7, not a float): 0-19, 20 false, 21 true, 22 null, 23 undefined,
        /// 32-255.
        /// </summary>
        public bool ReadSimple(out int value)
        {
            value = 0;
            int major;
            int info;
            ulong argument;
            if (!ReadItemHead(out major, out info, out argument))
            {
                return false;
            }

            if (major != MajorSimple || info > 24)
            {
                return Fail(CborError.WrongType);
            }

            value = (int)argument;
            return true;
        }

        /// <summary>Reads a half, single or double precision float, widened exactly to a double.</summary>
        /// <returns>
        /// False with <see cref="CborError.NonMinimal"/> when a shorter float holds the same value or a NaN is not
        /// 0xF97E00; <see cref="CborError.WrongType"/> for an integer (no implicit conversion).
        /// </returns>
        public bool ReadDouble(out double value)
        {
            value = 0;
            int major;
            int info;
            ulong argument;
            if (!ReadItemHead(out major, out info, out argument))
            {
                return false;
            }

            if (major != MajorSimple || info < 25)
            {
                return Fail(CborError.WrongType);
            }

            long bits;
            if (!CheckFloat(info, argument, out bits))
            {
                return false;
            }

            value = BitConverter.Int64BitsToDouble(bits);
            return true;
        }

        /// <summary>
        /// Skips one whole item (with everything nested in it), applying every check a typed read would.
        /// Reading the document with one <see cref="SkipValue"/> and <see cref="ReadEnd"/> validates it.
        /// </summary>
        /// <remarks>Iterative: no recursion whatever the nesting; work is linear in the item's size.</remarks>
        public bool SkipValue()
        {
            _depth = OpenDepth();
            int baseDepth = _depth;
            do
            {
                int major;
                int info;
                ulong argument;
                if (!ReadItemHead(out major, out info, out argument))
                {
                    return false;
                }

                int ignoredOffset;
                int ignoredCount;
                long ignoredBits;
                switch (major)
                {
                    case MajorByteString:
                    case MajorTextString:
                        if (!TakeString(major, argument, out ignoredOffset, out ignoredCount))
                        {
                            return false;
                        }

                        break;
                    case MajorArray:
                    case MajorMap:
                        if (!PushContainer(major, argument, out ignoredCount))
                        {
                            return false;
                        }

                        break;
                    case MajorTag:
                        _tagPending = true;
                        break;
                    case MajorSimple:
                        if (info >= 25 && !CheckFloat(info, argument, out ignoredBits))
                        {
                            return false;
                        }

                        break;
                    default:
                        break; // integers: the head is the whole item
                }

                while (!_tagPending && _depth > baseDepth && RemainingAt(_depth) == 0)
                {
                    _depth--;
                }
            }
            while (_tagPending || _depth > baseDepth);

            return true;
        }

        /// <summary>
        /// True when the document item has been read completely and the input is fully consumed. Containers
        /// whose items were all read are closed first.
        /// </summary>
        /// <returns>
        /// False with <see cref="CborError.TrailingBytes"/> when bytes follow the item,
        /// <see cref="CborError.ItemsRemaining"/> when items (or the document item itself) were not read, or
        /// <see cref="CborError.Truncated"/> for an empty input.
        /// </returns>
        public bool ReadEnd()
        {
            if (_error != CborError.None)
            {
                return false;
            }

            if (_tagPending)
            {
                return Fail(CborError.ItemsRemaining);
            }

            for (int d = _depth; d >= 0; d--)
            {
                if (RemainingAt(d) != 0)
                {
                    return Fail(_pos >= _end && _pos == _start ? CborError.Truncated : CborError.ItemsRemaining);
                }
            }

            _depth = 0;
            return _pos == _end || Fail(CborError.TrailingBytes);
        }

        private bool Fail(CborError error)
        {
            if (_error == CborError.None)
            {
                _error = error;
            }

            return false;
        }

        /// <summary>Accounts for the start of an item in the innermost frame (count, map key order).</summary>
        private bool BeginItem()
        {
            if (_error != CborError.None)
            {
                return false;
            }

            if (_tagPending)
            {
                _tagPending = false; // the content of a tag: the tag already took the slot
                return true;
            }

            _depth = OpenDepth();
            if (_depth == 0)
            {
                if (_documentRemaining == 0)
                {
                    return Fail(CborError.EndOfContainer);
                }

                _documentRemaining = 0;
                return true;
            }

            int f = (_depth - 1) * Stride;
            int remaining = _frames[f + SlotRemaining];
            if (remaining == 0)
            {
                return Fail(CborError.EndOfContainer);
            }

            if (_frames[f + SlotKind] == KindMap)
            {
                if ((remaining & 1) == 0)
                {
                    _frames[f + SlotKeyStart] = _pos;
                }
                else if (!CheckKeyOrder(f))
                {
                    return false;
                }
            }

            _frames[f + SlotRemaining] = remaining - 1;
            return true;
        }

        /// <summary>
        /// The depth after implicitly closing completed containers: unchanged when ends are required or a tag's
        /// content is pending.
        /// </summary>
        private int OpenDepth()
        {
            int d = _depth;
            if (!_requireContainerEnds && !_tagPending)
            {
                while (d > 0 && RemainingAt(d) == 0)
                {
                    d--;
                }
            }

            return d;
        }

        /// <summary>Items not yet started at depth <paramref name="depth"/> (0: the document).</summary>
        private int RemainingAt(int depth)
        {
            return depth == 0 ? _documentRemaining : _frames[((depth - 1) * Stride) + SlotRemaining];
        }

        /// <summary>At the start of a value: the key just read must sort after the map's previous key.</summary>
        private bool CheckKeyOrder(int f)
        {
            int keyStart = _frames[f + SlotKeyStart];
            int keyEnd = _pos;
            int previousStart = _frames[f + SlotPreviousKeyStart];
            int previousEnd = _frames[f + SlotPreviousKeyEnd];
            if (previousEnd >= 0)
            {
                int previousLength = previousEnd - previousStart;
                int keyLength = keyEnd - keyStart;
                int common = keyLength < previousLength ? keyLength : previousLength;
                int order = 0;
                for (int i = 0; i < common && order == 0; i++)
                {
                    order = _buffer[keyStart + i] - _buffer[previousStart + i];
                }

                if (order < 0 || (order == 0 && keyLength <= previousLength))
                {
                    return Fail(CborError.UnsortedKeys);
                }
            }

            _frames[f + SlotPreviousKeyStart] = keyStart;
            _frames[f + SlotPreviousKeyEnd] = keyEnd;
            return true;
        }

        /// <summary>Starts an item in the innermost frame and reads its head.</summary>
        private bool ReadItemHead(out int major, out int info, out ulong argument)
        {
            if (!BeginItem())
            {
                major = 0;
                info = 0;
                argument = 0;
                return false;
            }

            return ReadHead(out major, out info, out argument);
        }

        /// <summary>
        /// Reads an initial byte and its argument. For major type 7, additional information 25-27 yields the raw
        /// float bits; otherwise the argument must be in its shortest form.
        /// </summary>
        private bool ReadHead(out int major, out int info, out ulong argument)
        {
            argument = 0;
            major = 0;
            info = 0;
            if (_pos >= _end)
            {
                return Fail(CborError.Truncated);
            }

            int initial = _buffer[_pos];
            major = initial >> 5;
            info = initial & 0x1F;
            if (info < 24)
            {
                argument = (ulong)info;
                _pos++;
                return true;
            }

            if (info == 31)
            {
                return Fail(CborError.Indefinite);
            }

            if (info > 27)
            {
                return Fail(CborError.Reserved);
            }

            int size = 1 << (info - 24);
            if (_end - _pos - 1 < size)
            {
                return Fail(CborError.Truncated);
            }

            for (int i = 1; i <= size; i++)
            {
                argument = (argument << 8) | _buffer[_pos + i];
            }

            if (major == MajorSimple)
            {
                if (info == 24 && argument < 32)
                {
                    return Fail(CborError.Reserved);
                }
            }
            else if (argument < MinimalFloor(info))
            {
                return Fail(CborError.NonMinimal);
            }

            _pos += 1 + size;
            return true;
        }

        /// <summary>Smallest argument that needs the given additional information (24-27).</summary>
        private static ulong MinimalFloor(int info)
        {
            switch (info)
            {
                case 24:
                    return 24;
                case 25:
                    return 0x100;
                case 26:
                    return 0x10000;
                default:
                    return 0x100000000;
            }
        }

        private bool ReadIntegerHead(out int major, out ulong argument)
        {
            int info;
            if (!ReadItemHead(out major, out info, out argument))
            {
                return false;
            }

            if (major != MajorUnsigned && major != MajorNegative)
            {
                return Fail(CborError.WrongType);
            }

            return true;
        }

        private bool ReadString(int expectedMajor, out int offset, out int length)
        {
            offset = 0;
            length = 0;
            int major;
            int info;
            ulong argument;
            if (!ReadItemHead(out major, out info, out argument))
            {
                return false;
            }

            if (major != expectedMajor)
            {
                return Fail(CborError.WrongType);
            }

            return TakeString(major, argument, out offset, out length);
        }

        /// <summary>After a string head: bounds-checks and consumes the content (text: checked UTF-8).</summary>
        private bool TakeString(int major, ulong argument, out int offset, out int length)
        {
            offset = _pos;
            length = 0;
            if (argument > (ulong)_maxLength || argument > (ulong)(_end - _pos))
            {
                return Fail(CborError.TooLong);
            }

            int count = (int)argument;
            if (major == MajorTextString && !CborUtf8.IsValid(_buffer, _pos, count))
            {
                return Fail(CborError.InvalidUtf8);
            }

            length = count;
            _pos += count;
            return true;
        }

        private bool ReadContainerStart(int expectedMajor, out int count)
        {
            count = 0;
            int major;
            int info;
            ulong argument;
            if (!ReadItemHead(out major, out info, out argument))
            {
                return false;
            }

            if (major != expectedMajor)
            {
                return Fail(CborError.WrongType);
            }

            return PushContainer(major, argument, out count);
        }

        /// <summary>After an array or map head: bounds-checks the count and opens a frame.</summary>
        private bool PushContainer(int major, ulong argument, out int count)
        {
            count = 0;
            if (_depth >= _maxDepth)
            {
                return Fail(CborError.TooDeep);
            }

            // Each item takes at least one byte, so a count the input cannot hold is refused at once.
            ulong items = major == MajorMap ? argument * 2 : argument;
            if (argument > (ulong)_maxLength || argument > (ulong)(_end - _pos) || items > (ulong)(_end - _pos))
            {
                return Fail(CborError.TooLong);
            }

            int f = _depth * Stride;
            if (_frames == null || _frames.Length < f + Stride)
            {
                int frames = _frames == null ? InitialFrames : 2 * (_frames.Length / Stride);
                if (frames > _maxDepth)
                {
                    frames = _maxDepth;
                }

                int[] grown = new int[frames * Stride];
                if (_frames != null)
                {
                    Array.Copy(_frames, 0, grown, 0, f);
                }

                _frames = grown;
            }

            _depth++;
            _frames[f + SlotRemaining] = (int)items;
            _frames[f + SlotKind] = major == MajorMap ? KindMap : KindArray;
            _frames[f + SlotKeyStart] = -1;
            _frames[f + SlotPreviousKeyStart] = -1;
            _frames[f + SlotPreviousKeyEnd] = -1;
            count = (int)argument;
            return true;
        }

        private bool ReadContainerEnd(int kind)
        {
            if (_error != CborError.None)
            {
                return false;
            }

            int f = (_depth - 1) * Stride;
            if (_depth == 0 || _frames[f + SlotKind] != kind)
            {
                return Fail(CborError.WrongType);
            }

            if (_tagPending || _frames[f + SlotRemaining] != 0)
            {
                return Fail(CborError.ItemsRemaining);
            }

            _depth--;
            return true;
        }

        /// <summary>Validates float bits (additional information 25-27) and widens them to double bits.</summary>
        private bool CheckFloat(int info, ulong argument, out long bits)
        {
            if (info == 25)
            {
                bits = CborFloat.WidenToDouble(argument, CborFloat.HalfExponentBits, CborFloat.HalfFractionBits);
                return !CborFloat.IsNaN(bits) || argument == CborFloat.CanonicalHalfNaN || Fail(CborError.NonMinimal);
            }

            ulong narrow;
            bool shorter;
            if (info == 26)
            {
                bits = CborFloat.WidenToDouble(argument, CborFloat.SingleExponentBits, CborFloat.SingleFractionBits);
                shorter = CborFloat.TryNarrow(bits, CborFloat.HalfExponentBits, CborFloat.HalfFractionBits, out narrow);
            }
            else
            {
                bits = (long)argument;
                shorter = CborFloat.TryNarrow(bits, CborFloat.SingleExponentBits, CborFloat.SingleFractionBits, out narrow);
            }

            return !(shorter || CborFloat.IsNaN(bits)) || Fail(CborError.NonMinimal);
        }
    }
}
