using MedDeviceAgent.Firmware.Core.Storage;

namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>
    /// The durable index of an <see cref="OutboundQueue"/>: where its records lie in the ring, which
    /// ids they have, and its counters. Kept by a <see cref="StateStore"/> as an A/B record pair, so
    /// writing it is the queue's one commit point.
    /// </summary>
    /// <remarks>
    /// Body (format 1, 64 bytes, little-endian): data capacity, max records, max bytes, max message
    /// size (int32 each), head id, next id (int64 each), head offset, tail offset, wrap offset,
    /// payload bytes (int32 each), dropped, corruptions recovered (int64 each). A body that is not
    /// internally consistent is refused, so the store falls back to the other record.
    /// Encoding allocates nothing.
    /// </remarks>
    internal sealed class OutboundQueueIndex : IStateCodec
    {
        /// <summary>Length of a format-1 body.</summary>
        public const int BodySize = 64;

        private readonly RecordWriter _writer = new RecordWriter();
        private readonly RecordReader _reader = new RecordReader();

        public int Capacity;
        public int MaxRecords;
        public int MaxBytes;
        public int MaxMessageSize;
        public long HeadId;
        public long NextId;
        public int HeadOffset;
        public int TailOffset;

        /// <summary>End of the records before the ring wrapped to offset 0; 0 when not wrapped.</summary>
        public int WrapOffset;
        public int PayloadBytes;
        public long Dropped;
        public long CorruptionsRecovered;

        /// <inheritdoc />
        public int Format
        {
            get { return 1; }
        }

        /// <summary>Messages held.</summary>
        public long Count
        {
            get { return NextId - HeadId; }
        }

        /// <summary>An empty queue of <paramref name="limits"/>; ids continue from <paramref name="nextId"/>, counters are kept.</summary>
        public void Clear(OutboundQueueLimits limits, long nextId)
        {
            Capacity = limits.DataCapacity;
            MaxRecords = limits.MaxRecords;
            MaxBytes = limits.MaxBytes;
            MaxMessageSize = limits.MaxMessageSize;
            HeadId = nextId;
            NextId = nextId;
            HeadOffset = 0;
            TailOffset = 0;
            WrapOffset = 0;
            PayloadBytes = 0;
        }

        /// <summary>True when the stored limits are <paramref name="limits"/>.</summary>
        public bool Matches(OutboundQueueLimits limits)
        {
            return Capacity == limits.DataCapacity && MaxRecords == limits.MaxRecords && MaxBytes == limits.MaxBytes && MaxMessageSize == limits.MaxMessageSize;
        }

        /// <inheritdoc />
        public int Encode(byte[] buffer, int offset, int capacity)
        {
            _writer.Reset(buffer, offset, capacity);
            _writer.WriteInt32(Capacity);
            _writer.WriteInt32(MaxRecords);
            _writer.WriteInt32(MaxBytes);
            _writer.WriteInt32(MaxMessageSize);
            _writer.WriteInt64(HeadId);
            _writer.WriteInt64(NextId);
            _writer.WriteInt32(HeadOffset);
            _writer.WriteInt32(TailOffset);
            _writer.WriteInt32(WrapOffset);
            _writer.WriteInt32(PayloadBytes);
            _writer.WriteInt64(Dropped);
            _writer.WriteInt64(CorruptionsRecovered);
            return _writer.Ok ? _writer.Length : -1;
        }

        /// <inheritdoc />
        public bool Decode(int format, byte[] buffer, int offset, int length)
        {
            if (format != 1 || length != BodySize)
            {
                return false;
            }

            _reader.Reset(buffer, offset, length);
            int capacity = _reader.ReadInt32();
            int maxRecords = _reader.ReadInt32();
            int maxBytes = _reader.ReadInt32();
            int maxMessageSize = _reader.ReadInt32();
            long headId = _reader.ReadInt64();
            long nextId = _reader.ReadInt64();
            int head = _reader.ReadInt32();
            int tail = _reader.ReadInt32();
            int wrap = _reader.ReadInt32();
            int payloadBytes = _reader.ReadInt32();
            long dropped = _reader.ReadInt64();
            long corruptions = _reader.ReadInt64();
            if (!_reader.Ok || _reader.Remaining != 0)
            {
                return false;
            }

            long count = nextId - headId;
            bool shape = capacity > 0 && maxRecords > 0 && maxMessageSize > 0 && maxBytes >= maxMessageSize
                && headId >= 1 && count >= 0 && count <= maxRecords && payloadBytes >= 0 && payloadBytes <= maxBytes
                && dropped >= 0 && corruptions >= 0;
            if (!shape || !PositionsValid(capacity, count, head, tail, wrap, payloadBytes))
            {
                return false;
            }

            Capacity = capacity;
            MaxRecords = maxRecords;
            MaxBytes = maxBytes;
            MaxMessageSize = maxMessageSize;
            HeadId = headId;
            NextId = nextId;
            HeadOffset = head;
            TailOffset = tail;
            WrapOffset = wrap;
            PayloadBytes = payloadBytes;
            Dropped = dropped;
            CorruptionsRecovered = corruptions;
            return true;
        }

        private static bool PositionsValid(int capacity, long count, int head, int tail, int wrap, int payloadBytes)
        {
            if (count == 0)
            {
                return head == 0 && tail == 0 && wrap == 0 && payloadBytes == 0;
            }

            long framed = payloadBytes + (count * OutboundQueue.RecordOverhead);
            if (wrap == 0)
            {
                return head >= 0 && head < tail && tail <= capacity && tail - head == framed;
            }

            return tail > 0 && tail <= head && head < wrap && wrap <= capacity && (wrap - head) + tail == framed;
        }
    }
}
