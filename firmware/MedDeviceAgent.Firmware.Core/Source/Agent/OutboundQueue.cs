using System;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>
    /// A flash store-and-forward queue of opaque messages, oldest first: <see cref="Append"/> stores
    /// a message, <see cref="PeekOldest"/> reads the oldest, and <see cref="Ack"/> deletes it once
    /// the broker acknowledged it (the caller calls it on PUBACK). When the queue is full (by records
    /// or by payload bytes) an append drops the oldest messages first and counts them in a persisted
    /// drop counter (<see cref="Dropped"/>, event <see cref="SecurityEventCode.QueueMessageDropped"/>).
    /// </summary>
    /// <remarks>
    /// Layout: the records live in a ring, the data file <see cref="DataName"/> of
    /// <see cref="OutboundQueueLimits.DataCapacity"/> bytes; each record is a 16-byte header ("MDQM",
    /// id int64 LE, payload length int32 LE), the payload and a SHA-256 of header and payload. A record
    /// never wraps. Where the records are, their ids and the counters are in an index kept as two A/B
    /// records (<see cref="IndexNameA"/>, <see cref="IndexNameB"/>) by a <see cref="StateStore"/>
    /// (docs/agent-queue.md has every byte).
    /// Power safety: a record is written only into free ring space and the index write that includes
    /// it is the commit; space is reused only after an index write released it (ack or drop). A power
    /// cut at any write therefore leaves the index before or after the operation, never a mix, and the
    /// queue holds the same messages in the same order. A message acknowledged by the broker whose
    /// <see cref="Ack"/> was cut is delivered again: at-least-once from the device, the ingest
    /// deduplicates.
    /// RAM: a 16-byte header buffer, a 32-byte digest buffer, a SHA-256 instance and the index store's
    /// 128-byte buffer, allocated once; no operation loads more than one record, which goes into the
    /// caller's buffer. <see cref="Append"/>, <see cref="PeekOldest"/> and <see cref="Ack"/> allocate
    /// nothing. Flash: an append is three data writes and one index write (plus one index write when
    /// it drops), an ack one index write. Timing: one SHA-256 over a record per peek and per append.
    /// Any storage exception closes the queue (in-memory state may be ahead of flash): call
    /// <see cref="Open"/> again. Not thread-safe: one connection owner calls it.
    /// </remarks>
    public sealed class OutboundQueue
    {
        /// <summary>Name of the ring data file.</summary>
        public const string DataName = "queue.dat";

        /// <summary>Name of the first index record.</summary>
        public const string IndexNameA = "queue.a";

        /// <summary>Name of the second index record.</summary>
        public const string IndexNameB = "queue.b";

        /// <summary>Bytes of a record header: magic, id, payload length.</summary>
        public const int HeaderSize = 16;

        /// <summary>Bytes a record takes beyond its payload (header and SHA-256).</summary>
        public const int RecordOverhead = HeaderSize + Sha256.HashSize;

        private const int IndexRecordSize = 128;

        private readonly IStorage _storage;
        private readonly IEventSink _events;
        private readonly OutboundQueueLimits _limits;
        private readonly StateStore _store;
        private readonly OutboundQueueIndex _index = new OutboundQueueIndex();
        private readonly byte[] _header = new byte[HeaderSize];
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private readonly byte[] _stored = new byte[Sha256.HashSize];
        private readonly Sha256 _sha = new Sha256();
        private bool _open;

        /// <summary>Creates a queue on <paramref name="storage"/> with <paramref name="limits"/>; call <see cref="Open"/> before use.</summary>
        public OutboundQueue(IStorage storage, IEventSink events, OutboundQueueLimits limits)
        {
            if (storage == null)
            {
                throw new ArgumentNullException(nameof(storage));
            }

            if (events == null)
            {
                throw new ArgumentNullException(nameof(events));
            }

            if (limits == null)
            {
                throw new ArgumentNullException(nameof(limits));
            }

            _storage = storage;
            _events = events;
            _limits = limits;
            _store = new StateStore(storage, IndexNameA, IndexNameB, IndexRecordSize);
        }

        /// <summary>Messages held (appended and not yet acknowledged or dropped).</summary>
        public int Count
        {
            get { return (int)_index.Count; }
        }

        /// <summary>Payload bytes held.</summary>
        public int PayloadBytes
        {
            get { return _index.PayloadBytes; }
        }

        /// <summary>Id of the oldest message, the one <see cref="PeekOldest"/> reads and <see cref="Ack"/> deletes; 0 when empty.</summary>
        public long OldestId
        {
            get { return _index.Count == 0 ? 0 : _index.HeadId; }
        }

        /// <summary>Messages ever dropped to make room (persisted; never reset), for the device's telemetry.</summary>
        public long Dropped
        {
            get { return _index.Dropped; }
        }

        /// <summary>Times the queue found damaged flash and discarded what it could not trust (persisted).</summary>
        public long CorruptionsRecovered
        {
            get { return _index.CorruptionsRecovered; }
        }

        /// <summary>True between a successful <see cref="Open"/> and a storage exception.</summary>
        public bool IsOpen
        {
            get { return _open; }
        }

        /// <summary>
        /// Loads the index after power-on. A queue never written opens empty; an index lost to damage
        /// opens empty and is reported (<see cref="SecurityEventCode.QueueCorruptionRecovered"/>, detail
        /// -1); a queue written with other limits is emptied and its messages counted as drops.
        /// </summary>
        /// <remarks>Reads the two index records; writes one only when it recovers or resets.</remarks>
        public void Open()
        {
            _open = false;
            if (!_store.Load(_index))
            {
                bool damaged = _storage.GetLength(IndexNameA) >= 0 && _storage.GetLength(IndexNameB) >= 0;
                _index.Dropped = 0;
                _index.CorruptionsRecovered = 0;
                _index.Clear(_limits, 1);
                if (damaged)
                {
                    // Both records exist yet neither is whole: flash damage (a cut tears one record at most).
                    _index.CorruptionsRecovered = 1;
                    _store.Save(_index);
                    _events.Record(SecurityEventCode.QueueCorruptionRecovered, -1);
                }
            }
            else if (!_index.Matches(_limits))
            {
                long discarded = _index.Count;
                _index.Dropped += discarded;
                _index.Clear(_limits, _index.NextId);
                _store.Save(_index);
                for (long i = discarded - 1; i >= 0; i--)
                {
                    _events.Record(SecurityEventCode.QueueMessageDropped, _index.Dropped - i);
                }
            }

            _open = true;
        }

        /// <summary>
        /// Stores <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>
        /// as the newest message and returns its id (ids increase by one per message). Drops the oldest
        /// messages first while the queue is full.
        /// </summary>
        /// <remarks>The message is durable when this returns; a power cut before leaves the queue as it was (less any drops already made).</remarks>
        /// <exception cref="ArgumentException">The message is larger than <see cref="OutboundQueueLimits.MaxMessageSize"/>, or the slice is not inside the buffer.</exception>
        /// <exception cref="InvalidOperationException">The queue is not open.</exception>
        public long Append(byte[] buffer, int offset, int count)
        {
            RecordReader.CheckSlice(buffer, offset, count);
            if (count > _limits.MaxMessageSize)
            {
                throw new ArgumentException("The message is larger than the queue's largest message");
            }

            CheckOpen();
            _open = false;
            int recordSize = count + RecordOverhead;
            int dropped = 0;
            int at = -1;
            while (_index.Count > 0)
            {
                at = FreeOffset(recordSize);
                if (at >= 0 && _index.Count < _limits.MaxRecords && _index.PayloadBytes + count <= _limits.MaxBytes)
                {
                    break;
                }

                int length = ReadHeadHeader();
                if (length < 0)
                {
                    DiscardAll();
                    break;
                }

                RemoveHead(length);
                dropped++;
            }

            if (dropped > 0)
            {
                _index.Dropped += dropped;
                _store.Save(_index);
                for (int i = dropped - 1; i >= 0; i--)
                {
                    _events.Record(SecurityEventCode.QueueMessageDropped, _index.Dropped - i);
                }
            }

            at = FreeOffset(recordSize);
            long id = _index.NextId;
            _header[0] = 0x4D;
            _header[1] = 0x44;
            _header[2] = 0x51;
            _header[3] = 0x4D;
            LittleEndian.WriteInt64(_header, 4, id);
            LittleEndian.WriteInt32(_header, 12, count);
            _sha.Update(_header, 0, HeaderSize);
            _sha.Update(buffer, offset, count);
            _sha.Finish(_digest, 0);
            _storage.Write(DataName, at, _header, 0, HeaderSize);
            _storage.Write(DataName, at + HeaderSize, buffer, offset, count);
            _storage.Write(DataName, at + HeaderSize + count, _digest, 0, Sha256.HashSize);
            if (_index.Count > 0 && at < _index.TailOffset)
            {
                _index.WrapOffset = _index.TailOffset;
            }

            _index.TailOffset = at + recordSize;
            _index.NextId = id + 1;
            _index.PayloadBytes += count;
            _store.Save(_index);
            _open = true;
            return id;
        }

        /// <summary>
        /// Reads the oldest message into <paramref name="buffer"/> at <paramref name="offset"/> and
        /// returns its length (its id is <see cref="OldestId"/>), or -1 when the queue is empty. A
        /// damaged record is discarded (and reported) and the next one read.
        /// </summary>
        /// <remarks>A buffer of <see cref="OutboundQueueLimits.MaxMessageSize"/> bytes always suffices. Writes only when it discards a damaged record.</remarks>
        /// <exception cref="ArgumentException">Fewer than <see cref="OutboundQueueLimits.MaxMessageSize"/> bytes fit at <paramref name="offset"/>.</exception>
        /// <exception cref="InvalidOperationException">The queue is not open.</exception>
        public int PeekOldest(byte[] buffer, int offset)
        {
            RecordReader.CheckSlice(buffer, offset, _limits.MaxMessageSize);
            CheckOpen();
            _open = false;
            while (_index.Count > 0)
            {
                int length = ReadHeadHeader();
                if (length < 0)
                {
                    DiscardAll();
                    break;
                }

                if (ReadHeadPayload(length, buffer, offset))
                {
                    _open = true;
                    return length;
                }

                // The frame is sound but its bytes are not: skip just this record.
                RemoveHead(length);
                _index.CorruptionsRecovered++;
                _store.Save(_index);
                _events.Record(SecurityEventCode.QueueCorruptionRecovered, 1);
            }

            _open = true;
            return -1;
        }

        /// <summary>
        /// Deletes the oldest message when its id is <paramref name="id"/> (its PUBACK arrived); false,
        /// changing nothing, for any other id (a duplicate or late acknowledgement, or an empty queue).
        /// </summary>
        /// <remarks>One index write. Acknowledgements come in publish order (MQTT 3.1.1 and 5 send PUBACKs in order).</remarks>
        /// <exception cref="InvalidOperationException">The queue is not open.</exception>
        public bool Ack(long id)
        {
            CheckOpen();
            if (_index.Count == 0 || id != _index.HeadId)
            {
                return false;
            }

            _open = false;
            int length = ReadHeadHeader();
            if (length < 0)
            {
                DiscardAll();
            }
            else
            {
                RemoveHead(length);
                _store.Save(_index);
            }

            _open = true;
            return true;
        }

        /// <summary>Offset where a record of <paramref name="recordSize"/> bytes fits in free ring space, or -1.</summary>
        private int FreeOffset(int recordSize)
        {
            if (_index.Count == 0)
            {
                return recordSize <= _index.Capacity ? 0 : -1;
            }

            if (_index.WrapOffset == 0)
            {
                if (_index.TailOffset + recordSize <= _index.Capacity)
                {
                    return _index.TailOffset;
                }

                return recordSize <= _index.HeadOffset ? 0 : -1;
            }

            return _index.TailOffset + recordSize <= _index.HeadOffset ? _index.TailOffset : -1;
        }

        /// <summary>Reads and checks the oldest record's header; its payload length, or -1 when the frame cannot be trusted.</summary>
        private int ReadHeadHeader()
        {
            int at = _index.HeadOffset;
            if (_storage.Read(DataName, at, _header, 0, HeaderSize) != HeaderSize)
            {
                return -1;
            }

            if (_header[0] != 0x4D || _header[1] != 0x44 || _header[2] != 0x51 || _header[3] != 0x4D || LittleEndian.ReadInt64(_header, 4) != _index.HeadId)
            {
                return -1;
            }

            int length = LittleEndian.ReadInt32(_header, 12);
            int end = _index.WrapOffset == 0 ? _index.TailOffset : _index.WrapOffset;
            if (length < 0 || length > _limits.MaxMessageSize || length > _index.PayloadBytes || at + RecordOverhead + length > end)
            {
                return -1;
            }

            return length;
        }

        /// <summary>Reads the oldest record's payload (header already in <see cref="_header"/>); true when its digest matches.</summary>
        private bool ReadHeadPayload(int length, byte[] buffer, int offset)
        {
            int at = _index.HeadOffset + HeaderSize;
            if (_storage.Read(DataName, at, buffer, offset, length) != length
                || _storage.Read(DataName, at + length, _stored, 0, Sha256.HashSize) != Sha256.HashSize)
            {
                return false;
            }

            _sha.Update(_header, 0, HeaderSize);
            _sha.Update(buffer, offset, length);
            _sha.Finish(_digest, 0);
            return ConstantTime.AreEqual(_digest, 0, _stored, 0, Sha256.HashSize);
        }

        /// <summary>Removes the oldest record (payload <paramref name="length"/> bytes) from the in-memory index.</summary>
        private void RemoveHead(int length)
        {
            _index.HeadOffset += length + RecordOverhead;
            _index.HeadId++;
            _index.PayloadBytes -= length;
            if (_index.Count == 0)
            {
                _index.HeadOffset = 0;
                _index.TailOffset = 0;
                _index.WrapOffset = 0;
                _index.PayloadBytes = 0;
            }
            else if (_index.WrapOffset != 0 && _index.HeadOffset >= _index.WrapOffset)
            {
                _index.HeadOffset = 0;
                _index.WrapOffset = 0;
            }
        }

        /// <summary>The oldest record's frame is damaged, so nothing after it can be found: empty the queue, persist, report.</summary>
        private void DiscardAll()
        {
            long discarded = _index.Count;
            _index.Clear(_limits, _index.NextId);
            _index.CorruptionsRecovered++;
            _store.Save(_index);
            _events.Record(SecurityEventCode.QueueCorruptionRecovered, discarded);
        }

        private void CheckOpen()
        {
            if (!_open)
            {
                throw new InvalidOperationException("The queue is not open (call Open after power-on or a storage fault)");
            }
        }
    }
}
