using System;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Storage
{
    /// <summary>
    /// Power-safe persistence of <see cref="DeviceState"/>: two records ("state.a", "state.b"),
    /// each with a sequence number and a SHA-256 over its bytes. A save writes the whole record, in
    /// one write, over the older of the two; loading takes the valid record with the highest
    /// sequence. A power cut at any byte of a save leaves the previous record intact.
    /// </summary>
    /// <remarks>
    /// Record: "MDST", format 1, 3 reserved bytes, sequence (int32 LE), body length (int32 LE),
    /// body, SHA-256 of everything before it. RAM: one 1 KiB buffer and a SHA-256 instance,
    /// allocated once; <see cref="Save"/> allocates nothing.
    /// </remarks>
    public sealed class StateStore
    {
        /// <summary>Name of the first record blob.</summary>
        public const string RecordA = "state.a";

        /// <summary>Name of the second record blob.</summary>
        public const string RecordB = "state.b";

        private const int HeaderSize = 16;
        private const int BufferSize = 1100;
        private const int ImageInfoSize = 56;

        private readonly IStorage _storage;
        private readonly byte[] _buffer = new byte[BufferSize];
        private readonly byte[] _digest = new byte[Sha256.HashSize];
        private readonly Sha256 _sha = new Sha256();
        private int _sequence;
        private bool _currentIsA;
        private bool _hasCurrent;

        /// <summary>Creates a store on <paramref name="storage"/>.</summary>
        public StateStore(IStorage storage)
        {
            if (storage == null)
            {
                throw new ArgumentNullException(nameof(storage));
            }

            _storage = storage;
        }

        /// <summary>Sequence number of the last record loaded or saved (0: none).</summary>
        public int Sequence
        {
            get { return _sequence; }
        }

        /// <summary>
        /// Loads the newest valid record into <paramref name="state"/>; false when neither record is valid
        /// (a device never provisioned, or both records damaged).
        /// </summary>
        public bool Load(DeviceState state)
        {
            if (state == null)
            {
                throw new ArgumentNullException(nameof(state));
            }

            int seqA = ReadValid(RecordA);
            int seqB = ReadValid(RecordB);
            _hasCurrent = false;
            _sequence = 0;
            if (seqA < 0 && seqB < 0)
            {
                return false;
            }

            _currentIsA = seqA > seqB;
            _sequence = _currentIsA ? seqA : seqB;
            ReadValid(_currentIsA ? RecordA : RecordB);
            Decode(state);
            _hasCurrent = true;
            return true;
        }

        /// <summary>Saves <paramref name="state"/> as the newest record, over the older one.</summary>
        /// <remarks>One storage write of at most about 1 KiB. Allocates nothing.</remarks>
        public void Save(DeviceState state)
        {
            if (state == null)
            {
                throw new ArgumentNullException(nameof(state));
            }

            int bodyLength = Encode(state);
            int next = _sequence + 1;
            _buffer[0] = 0x4D;
            _buffer[1] = 0x44;
            _buffer[2] = 0x53;
            _buffer[3] = 0x54;
            _buffer[4] = 1;
            _buffer[5] = 0;
            _buffer[6] = 0;
            _buffer[7] = 0;
            LittleEndian.WriteInt32(_buffer, 8, next);
            LittleEndian.WriteInt32(_buffer, 12, bodyLength);
            _sha.Update(_buffer, 0, HeaderSize + bodyLength);
            _sha.Finish(_buffer, HeaderSize + bodyLength);
            bool writeA = _hasCurrent ? !_currentIsA : true;
            _storage.Write(writeA ? RecordA : RecordB, 0, _buffer, 0, HeaderSize + bodyLength + Sha256.HashSize);
            _currentIsA = writeA;
            _hasCurrent = true;
            _sequence = next;
        }

        private int ReadValid(string name)
        {
            int length = _storage.GetLength(name);
            if (length < HeaderSize + Sha256.HashSize)
            {
                return -1;
            }

            int read = _storage.Read(name, 0, _buffer, 0, length < BufferSize ? length : BufferSize);
            if (read < HeaderSize + Sha256.HashSize)
            {
                return -1;
            }

            if (_buffer[0] != 0x4D || _buffer[1] != 0x44 || _buffer[2] != 0x53 || _buffer[3] != 0x54 || _buffer[4] != 1)
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

            return sequence;
        }

        private int Encode(DeviceState s)
        {
            int p = HeaderSize;
            p = PutBytes(s.VendorIdBytes, p);
            p = PutBytes(s.DeviceClassBytes, p);
            p = PutBytes(s.DeviceIdBytes, p);
            _buffer[p++] = (byte)s.ActiveSlot;
            p = PutImage(s.Active, p);
            LittleEndian.WriteInt64(_buffer, p, s.SecurityFloor);
            p += 8;
            LittleEndian.WriteInt32(_buffer, p, s.Root.Sequence);
            LittleEndian.WriteInt32(_buffer, p + 4, (int)s.Root.Algorithm);
            _buffer[p + 8] = (byte)s.Root.KeyLength;
            Array.Copy(s.Root.Key, 0, _buffer, p + 9, TrustAnchor.MaxKeySize);
            p += 9 + TrustAnchor.MaxKeySize;
            LittleEndian.WriteInt32(_buffer, p, s.RevocationVersion);
            _buffer[p + 4] = (byte)s.RevokedCount;
            p += 5;
            int idBytes = s.RevokedCount * PackageFormat.KeyIdSize;
            Array.Copy(s.RevokedKeyIds, 0, _buffer, p, idBytes);
            p += idBytes;
            _buffer[p++] = (byte)s.Phase;
            _buffer[p++] = (byte)s.PendingSlot;
            p = PutImage(s.Pending, p);
            LittleEndian.WriteInt32(_buffer, p, s.StagedBytes);
            LittleEndian.WriteInt32(_buffer, p + 4, s.LastResult);
            LittleEndian.WriteInt32(_buffer, p + 8, s.BootCount);
            p += 12;
            return p - HeaderSize;
        }

        private void Decode(DeviceState s)
        {
            int p = HeaderSize;
            byte[] vendor = GetBytes(ref p);
            byte[] deviceClass = GetBytes(ref p);
            byte[] deviceId = GetBytes(ref p);
            s.SetIdentityBytes(vendor, deviceClass, deviceId);
            s.ActiveSlot = _buffer[p++];
            p = GetImage(s.Active, p);
            s.SecurityFloor = LittleEndian.ReadInt64(_buffer, p);
            p += 8;
            int rootSequence = LittleEndian.ReadInt32(_buffer, p);
            CoseAlgorithm algorithm = (CoseAlgorithm)LittleEndian.ReadInt32(_buffer, p + 4);
            int keyLength = _buffer[p + 8];
            if (keyLength > 0)
            {
                s.Root.Set(rootSequence, algorithm, _buffer, p + 9, keyLength);
            }

            p += 9 + TrustAnchor.MaxKeySize;
            s.RevocationVersion = LittleEndian.ReadInt32(_buffer, p);
            int count = _buffer[p + 4];
            p += 5;
            s.RevokedCount = count > DeviceState.MaxRevokedKeys ? DeviceState.MaxRevokedKeys : count;
            Array.Copy(_buffer, p, s.RevokedKeyIds, 0, s.RevokedCount * PackageFormat.KeyIdSize);
            p += count * PackageFormat.KeyIdSize;
            s.Phase = (UpdatePhase)_buffer[p++];
            s.PendingSlot = _buffer[p++];
            p = GetImage(s.Pending, p);
            s.StagedBytes = LittleEndian.ReadInt32(_buffer, p);
            s.LastResult = LittleEndian.ReadInt32(_buffer, p + 4);
            s.BootCount = LittleEndian.ReadInt32(_buffer, p + 8);
        }

        private int PutBytes(byte[] value, int p)
        {
            _buffer[p] = (byte)value.Length;
            Array.Copy(value, 0, _buffer, p + 1, value.Length);
            return p + 1 + value.Length;
        }

        private byte[] GetBytes(ref int p)
        {
            int length = _buffer[p];
            byte[] value = new byte[length];
            Array.Copy(_buffer, p + 1, value, 0, length);
            p += 1 + length;
            return value;
        }

        private int PutImage(ImageInfo image, int p)
        {
            LittleEndian.WriteInt32(_buffer, p, image.Major);
            LittleEndian.WriteInt32(_buffer, p + 4, image.Minor);
            LittleEndian.WriteInt32(_buffer, p + 8, image.Patch);
            LittleEndian.WriteInt64(_buffer, p + 12, image.SecurityCounter);
            LittleEndian.WriteInt32(_buffer, p + 20, image.Size);
            Array.Copy(image.Digest, 0, _buffer, p + 24, Sha256.HashSize);
            return p + ImageInfoSize;
        }

        private int GetImage(ImageInfo image, int p)
        {
            image.Major = LittleEndian.ReadInt32(_buffer, p);
            image.Minor = LittleEndian.ReadInt32(_buffer, p + 4);
            image.Patch = LittleEndian.ReadInt32(_buffer, p + 8);
            image.SecurityCounter = LittleEndian.ReadInt64(_buffer, p + 12);
            image.Size = LittleEndian.ReadInt32(_buffer, p + 20);
            Array.Copy(_buffer, p + 24, image.Digest, 0, Sha256.HashSize);
            return p + ImageInfoSize;
        }
    }
}
