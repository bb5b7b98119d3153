using System;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Storage
{
    /// <summary>
    /// Power-safe persistence of one state record: two record blobs ("state.a", "state.b"), each
    /// with a sequence number and a SHA-256 over its bytes. A save writes the whole record, in one
    /// write, over the record not loaded; loading takes the valid record with the highest sequence
    /// whose body the codec accepts, else the other one. A power cut at any byte of a save leaves
    /// the previous record intact. What the body holds is the <see cref="IStateCodec"/>'s.
    /// </summary>
    /// <remarks>
    /// Record: "MDST", format (1 byte, the codec's), 3 reserved bytes, sequence (int32 LE), body
    /// length (int32 LE), body, SHA-256 of everything before it; at most <see cref="MaxRecordSize"/>
    /// bytes. RAM: one buffer of <see cref="MaxRecordSize"/> bytes and a SHA-256 instance,
    /// allocated once; <see cref="Save"/> allocates nothing (the codec must not either).
    /// </remarks>
    public sealed class StateStore
    {
        /// <summary>Name of the first record blob.</summary>
        public const string RecordA = "state.a";

        /// <summary>Name of the second record blob.</summary>
        public const string RecordB = "state.b";

        /// <summary>Bytes before the body: magic, format, reserved, sequence, body length.</summary>
        public const int HeaderSize = 16;

        /// <summary>Largest record, header and digest included (the buffer size).</summary>
        public const int MaxRecordSize = 2048;

        /// <summary>Largest body a codec may write.</summary>
        public const int MaxBodySize = MaxRecordSize - HeaderSize - Sha256.HashSize;

        private readonly IStorage _storage;
        private readonly string _nameA;
        private readonly string _nameB;
        private readonly byte[] _buffer;
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private readonly Sha256 _sha = new Sha256();
        private int _sequence;
        private int _bodyLength;
        private bool _currentIsA;
        private bool _hasCurrent;

        /// <summary>Creates a store on <paramref name="storage"/>.</summary>
        public StateStore(IStorage storage)
            : this(storage, RecordA, RecordB, MaxRecordSize)
        {
        }

        /// <summary>
        /// Creates a store of records named <paramref name="recordA"/> and <paramref name="recordB"/>
        /// on <paramref name="storage"/>, for another state than the device's (the outbound queue's).
        /// </summary>
        /// <remarks>RAM: one buffer of <paramref name="maxRecordSize"/> bytes, allocated here.</remarks>
        /// <exception cref="ArgumentException">The names are empty or equal, or the record size is below the smallest record or above <see cref="MaxRecordSize"/>.</exception>
        public StateStore(IStorage storage, string recordA, string recordB, int maxRecordSize)
        {
            if (storage == null)
            {
                throw new ArgumentNullException(nameof(storage));
            }

            if (recordA == null || recordB == null || recordA.Length == 0 || recordB.Length == 0 || recordA == recordB)
            {
                throw new ArgumentException("The two record names must be distinct and not empty");
            }

            if (maxRecordSize < HeaderSize + Sha256.HashSize || maxRecordSize > MaxRecordSize)
            {
                throw new ArgumentException("The record size is out of range");
            }

            _storage = storage;
            _nameA = recordA;
            _nameB = recordB;
            _buffer = new byte[maxRecordSize];
        }

        /// <summary>Sequence number of the last record loaded or saved (0: none).</summary>
        public int Sequence
        {
            get { return _sequence; }
        }

        /// <summary>Record format of the record the last <see cref="Load"/> read (0: none).</summary>
        public int LoadedFormat { get; private set; }

        /// <summary>True when the last <see cref="Load"/> read an older format and saved the state again in the codec's.</summary>
        public bool Upgraded { get; private set; }

        /// <summary>
        /// Loads the newest valid record the codec accepts into the codec's state; false when there is
        /// none (a device never provisioned, or both records damaged or unreadable). A record of
        /// another format than the codec writes (one the codec reads, such as an older one) is
        /// upgraded in place: saved at once in the codec's format, over the other record.
        /// </summary>
        /// <remarks>
        /// The upgrade is power-safe as every save is: the record just read stays intact until the
        /// new one is whole, so a power cut during it leaves the old-format record to load (and
        /// upgrade) again. It costs one record write, once.
        /// </remarks>
        public bool Load(IStateCodec codec)
        {
            if (codec == null)
            {
                throw new ArgumentNullException(nameof(codec));
            }

            int seqA = ReadValid(_nameA);
            int seqB = ReadValid(_nameB);
            _hasCurrent = false;
            _sequence = 0;
            LoadedFormat = 0;
            Upgraded = false;
            bool newestIsA = seqA > seqB;
            if (!TryLoad(newestIsA, newestIsA ? seqA : seqB, codec) && !TryLoad(!newestIsA, newestIsA ? seqB : seqA, codec))
            {
                return false;
            }

            if (LoadedFormat != codec.Format)
            {
                Save(codec);
                Upgraded = true;
            }

            return true;
        }

        /// <summary>Saves the codec's state as the newest record, over the record not loaded.</summary>
        /// <remarks>One storage write of the record's size (header, body, 32-byte digest). Allocates nothing.</remarks>
        /// <exception cref="InvalidOperationException">The codec's format or body length is out of range.</exception>
        public void Save(IStateCodec codec)
        {
            if (codec == null)
            {
                throw new ArgumentNullException(nameof(codec));
            }

            int format = codec.Format;
            int maxBody = _buffer.Length - HeaderSize - Sha256.HashSize;
            int bodyLength = codec.Encode(_buffer, HeaderSize, maxBody);
            if (format < 1 || format > 255 || bodyLength < 0 || bodyLength > maxBody)
            {
                throw new InvalidOperationException("The state codec's format or body length is out of range");
            }

            int next = _sequence + 1;
            _buffer[0] = 0x4D;
            _buffer[1] = 0x44;
            _buffer[2] = 0x53;
            _buffer[3] = 0x54;
            _buffer[4] = (byte)format;
            _buffer[5] = 0;
            _buffer[6] = 0;
            _buffer[7] = 0;
            LittleEndian.WriteInt32(_buffer, 8, next);
            LittleEndian.WriteInt32(_buffer, 12, bodyLength);
            _sha.Update(_buffer, 0, HeaderSize + bodyLength);
            _sha.Finish(_buffer, HeaderSize + bodyLength);
            bool writeA = _hasCurrent ? !_currentIsA : true;
            _storage.Write(writeA ? _nameA : _nameB, 0, _buffer, 0, HeaderSize + bodyLength + Sha256.HashSize);
            _currentIsA = writeA;
            _hasCurrent = true;
            _sequence = next;
        }

        private bool TryLoad(bool isA, int sequence, IStateCodec codec)
        {
            if (sequence < 0 || ReadValid(isA ? _nameA : _nameB) != sequence)
            {
                return false;
            }

            int format = _buffer[4];
            if (!codec.Decode(format, _buffer, HeaderSize, _bodyLength))
            {
                return false;
            }

            _currentIsA = isA;
            _sequence = sequence;
            _hasCurrent = true;
            LoadedFormat = format;
            return true;
        }

        /// <summary>Reads a record into the buffer; its sequence when framing and digest are valid, else -1.</summary>
        private int ReadValid(string name)
        {
            int length = _storage.GetLength(name);
            if (length < HeaderSize + Sha256.HashSize)
            {
                return -1;
            }

            int read = _storage.Read(name, 0, _buffer, 0, length < _buffer.Length ? length : _buffer.Length);
            if (read < HeaderSize + Sha256.HashSize)
            {
                return -1;
            }

            if (_buffer[0] != 0x4D || _buffer[1] != 0x44 || _buffer[2] != 0x53 || _buffer[3] != 0x54 || _buffer[4] == 0)
            {
                return -1;
            }

            int sequence = LittleEndian.ReadInt32(_buffer, 8);
            int bodyLength = LittleEndian.ReadInt32(_buffer, 12);
            if (sequence <= 0 || bodyLength < 0 || bodyLength > read - HeaderSize - Sha256.HashSize)
            {
                return -1;
            }

            _sha.Update(_buffer, 0, HeaderSize + bodyLength);
            _sha.Finish(_digest, 0);
            if (!ConstantTime.AreEqual(_digest, 0, _buffer, HeaderSize + bodyLength, Sha256.HashSize))
            {
                return -1;
            }

            _bodyLength = bodyLength;
            return sequence;
        }
    }
}
