using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Cose
{
    /// <summary>
    /// COSE_Mac0 (RFC 9052 section 6.2, tag 17) with HMAC 256/256: encodes and verifies
    /// <c>17([protected: bstr .cbor {1: 5, 4: kid}, unprotected: {}, payload: bstr, tag: bstr .size 32])</c>,
    /// the tag computed over <c>MAC_structure = ["MAC0", protected, h'', payload]</c>. Domain-neutral.
    /// </summary>
    /// <remarks>
    /// <para>Deterministic CBOR throughout (the core's <see cref="CborWriter"/>/<see cref="CborReader"/>);
    /// parsing accepts exactly the shape encoding produces, nothing else (no unprotected headers, no
    /// external AAD, no other algorithm, no truncated tag). Verdicts start as failure.</para>
    /// <para>RAM: one instance holds three writers sized for <see cref="MaxMessageSize"/> (protected header,
    /// MAC_structure, output) and a reader, allocated in the constructor, about 2.2 x the maximum message
    /// size plus 200 bytes; <see cref="Encode"/>, <see cref="Parse"/> and <see cref="Verify"/> allocate
    /// nothing of their own (the authenticator may: the native device adapter allocates its result).
    /// Time: one HMAC over the payload plus about 20 bytes. Not thread-safe: one instance per thread.</para>
    /// </remarks>
    public sealed class CoseMac0
    {
        /// <summary>CBOR tag of COSE_Mac0.</summary>
        public const long CborTag = 17;

        /// <summary>The MAC_structure context string for COSE_Mac0.</summary>
        public const string Context = "MAC0";

        /// <summary>Longest key id accepted or written.</summary>
        public const int MaxKeyIdLength = 64;

        /// <summary>Tag length (HMAC 256/256).</summary>
        public const int TagSize = CoseMacAlgorithm.Hmac256TagSize;

        /// <summary>
        /// Bytes the envelope adds around the payload at most: tag 17 and array heads, the protected bstr
        /// (head, map, alg, kid label, kid head, a 64-byte kid), the empty unprotected map, a payload head of up
        /// to 5 bytes, the tag bstr.
        /// </summary>
        public const int MaxOverhead = 1 + 1 + 2 + (1 + 2 + 1 + 2 + MaxKeyIdLength) + 1 + 5 + 2 + TagSize;

        private const int MaxDepth = 2;

        private readonly CborWriter _protected;
        private readonly CborWriter _macStructure;
        private readonly CborWriter _output;
        private readonly CborReader _reader;
        private readonly byte[] _tag = new byte[TagSize];
        private bool _parsed;
        private int _tagOffset;
        private int _protectedOffset;
        private int _protectedLength;

        /// <summary>Creates an instance for messages of at most <paramref name="maxMessageSize"/> bytes.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMessageSize"/> is below <see cref="MaxOverhead"/>.</exception>
        public CoseMac0(int maxMessageSize)
        {
            if (maxMessageSize < MaxOverhead)
            {
                throw new ArgumentOutOfRangeException(nameof(maxMessageSize));
            }

            MaxMessageSize = maxMessageSize;
            _protected = new CborWriter(3 + 2 + MaxKeyIdLength + 2);
            _macStructure = new CborWriter(maxMessageSize + 16);
            _output = new CborWriter(maxMessageSize);
            _reader = new CborReader(_tag, 0, 0, MaxDepth, maxMessageSize, true);
        }

        /// <summary>Largest encoded message this instance writes or accepts.</summary>
        public int MaxMessageSize { get; private set; }

        /// <summary>After <see cref="Parse"/>: the buffer the slices below point into.</summary>
        public byte[] Buffer { get; private set; }

        /// <summary>After <see cref="Parse"/>: offset of the key id.</summary>
        public int KeyIdOffset { get; private set; }

        /// <summary>After <see cref="Parse"/>: length of the key id (1-64).</summary>
        public int KeyIdLength { get; private set; }

        /// <summary>After <see cref="Parse"/>: offset of the payload.</summary>
        public int PayloadOffset { get; private set; }

        /// <summary>After <see cref="Parse"/>: length of the payload.</summary>
        public int PayloadLength { get; private set; }

        /// <summary>Output of the last <see cref="Encode"/>: its first <see cref="EncodedLength"/> bytes. Reused by the next call.</summary>
        public byte[] EncodedBuffer
        {
            get { return _output.Buffer; }
        }

        /// <summary>Length of the last <see cref="Encode"/>'s output.</summary>
        public int EncodedLength
        {
            get { return _output.Length; }
        }

        /// <summary>
        /// Encodes a COSE_Mac0 of <paramref name="payloadCount"/> bytes of <paramref name="payload"/> with the
        /// key id <paramref name="keyId"/> and a tag from <paramref name="authenticator"/>; the result is
        /// <see cref="EncodedBuffer"/>[0, <see cref="EncodedLength"/>), and its length is returned.
        /// </summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its array, the key id is empty or longer than 64 bytes, or the message would exceed <see cref="MaxMessageSize"/>.</exception>
        public int Encode(byte[] keyId, int keyIdOffset, int keyIdCount, byte[] payload, int payloadOffset, int payloadCount, IMessageAuthenticator authenticator)
        {
            if (authenticator == null)
            {
                throw new ArgumentNullException(nameof(authenticator));
            }

            Sha256.CheckRange(keyId, keyIdOffset, keyIdCount);
            Sha256.CheckRange(payload, payloadOffset, payloadCount);
            if (keyIdCount < 1 || keyIdCount > MaxKeyIdLength)
            {
                throw new ArgumentOutOfRangeException(nameof(keyIdCount));
            }

            int protectedSize = 1 + 2 + 1 + HeadSize(keyIdCount) + keyIdCount;
            if (payloadCount > MaxMessageSize || 2 + HeadSize(protectedSize) + protectedSize + 1 + HeadSize(payloadCount) + payloadCount + 2 + TagSize > MaxMessageSize)
            {
                throw new ArgumentOutOfRangeException(nameof(payloadCount));
            }

            _protected.Reset();
            _protected.WriteMapStart(2);
            _protected.WriteInt64(CoseHeaderLabels.Algorithm);
            _protected.WriteInt64(CoseMacAlgorithm.Hmac256);
            _protected.WriteInt64(CoseHeaderLabels.KeyId);
            _protected.WriteByteString(keyId, keyIdOffset, keyIdCount);

            WriteMacStructure(_protected.Buffer, 0, _protected.Length, payload, payloadOffset, payloadCount);
            authenticator.ComputeTag(_macStructure.Buffer, 0, _macStructure.Length, _tag, 0);

            _output.Reset();
            _output.WriteTag(CborTag);
            _output.WriteArrayStart(4);
            _output.WriteByteString(_protected.Buffer, 0, _protected.Length);
            _output.WriteMapStart(0);
            _output.WriteByteString(payload, payloadOffset, payloadCount);
            _output.WriteByteString(_tag, 0, TagSize);
            Array.Clear(_tag, 0, TagSize);
            return _output.Length;
        }

        /// <summary>
        /// Parses <paramref name="count"/> bytes at <paramref name="offset"/> as one COSE_Mac0 of our shape
        /// (nothing may follow it). Returns None, TooLarge, MalformedCbor, InvalidStructure or UnsupportedAlgorithm;
        /// the tag is not checked: call <see cref="Verify"/>.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="buffer"/>.</exception>
        public CoseMac0Error Parse(byte[] buffer, int offset, int count)
        {
            Sha256.CheckRange(buffer, offset, count);
            _parsed = false;
            Buffer = buffer;
            KeyIdOffset = 0;
            KeyIdLength = 0;
            PayloadOffset = 0;
            PayloadLength = 0;
            if (count == 0 || count > MaxMessageSize)
            {
                return CoseMac0Error.TooLarge;
            }

            CborReader reader = _reader;
            reader.Reset(buffer, offset, count);
            long tag;
            int n;
            int protectedOffset;
            int protectedLength;
            int off;
            int len;
            if (!reader.ReadTag(out tag) || tag != CborTag)
            {
                return Fail(reader);
            }

            if (!reader.ReadArrayStart(out n) || n != 4)
            {
                return Fail(reader);
            }

            if (!reader.ReadByteString(out protectedOffset, out protectedLength))
            {
                return Fail(reader);
            }

            if (!reader.ReadMapStart(out n) || n != 0 || !reader.ReadMapEnd())
            {
                return Fail(reader);
            }

            if (!reader.ReadByteString(out off, out len))
            {
                return Fail(reader);
            }

            PayloadOffset = off;
            PayloadLength = len;
            if (!reader.ReadByteString(out off, out len) || len != TagSize)
            {
                return Fail(reader);
            }

            _tagOffset = off;
            if (!reader.ReadArrayEnd() || !reader.ReadEnd())
            {
                return Fail(reader);
            }

            _protectedOffset = protectedOffset;
            _protectedLength = protectedLength;
            CoseMac0Error error = ParseProtected(buffer, protectedOffset, protectedLength);
            _parsed = error == CoseMac0Error.None;
            return error;
        }

        /// <summary>
        /// Checks the tag of the envelope last parsed against the MAC <paramref name="authenticator"/> computes
        /// over its MAC_structure, in constant time. Returns None only for an authentic message.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="authenticator"/> is null.</exception>
        public CoseMac0Error Verify(IMessageAuthenticator authenticator)
        {
            if (authenticator == null)
            {
                throw new ArgumentNullException(nameof(authenticator));
            }

            if (!_parsed)
            {
                return CoseMac0Error.NotParsed;
            }

            WriteMacStructure(Buffer, _protectedOffset, _protectedLength, Buffer, PayloadOffset, PayloadLength);
            authenticator.ComputeTag(_macStructure.Buffer, 0, _macStructure.Length, _tag, 0);
            bool equal = ConstantTime.AreEqual(_tag, 0, Buffer, _tagOffset, TagSize);
            Array.Clear(_tag, 0, TagSize);
            return equal ? CoseMac0Error.None : CoseMac0Error.BadTag;
        }

        private void WriteMacStructure(byte[] protectedBuffer, int protectedOffset, int protectedLength, byte[] payload, int payloadOffset, int payloadCount)
        {
            _macStructure.Reset();
            _macStructure.WriteArrayStart(4);
            _macStructure.WriteTextString(Context);
            _macStructure.WriteByteString(protectedBuffer, protectedOffset, protectedLength);
            _macStructure.WriteByteString(_tag, 0, 0);
            _macStructure.WriteByteString(payload, payloadOffset, payloadCount);
        }

        private CoseMac0Error ParseProtected(byte[] buffer, int offset, int count)
        {
            CborReader reader = _reader;
            reader.Reset(buffer, offset, count);
            int n;
            long key;
            long alg;
            int off;
            int len;
            if (!reader.ReadMapStart(out n) || n != 2)
            {
                return Fail(reader);
            }

            if (!reader.ReadInt64(out key) || key != CoseHeaderLabels.Algorithm)
            {
                return Fail(reader);
            }

            if (!reader.ReadInt64(out alg))
            {
                return Fail(reader);
            }

            if (!reader.ReadInt64(out key) || key != CoseHeaderLabels.KeyId)
            {
                return Fail(reader);
            }

            if (!reader.ReadByteString(out off, out len) || len < 1 || len > MaxKeyIdLength)
            {
                return Fail(reader);
            }

            if (!reader.ReadMapEnd() || !reader.ReadEnd())
            {
                return Fail(reader);
            }

            if (alg != CoseMacAlgorithm.Hmac256)
            {
                return CoseMac0Error.UnsupportedAlgorithm;
            }

            KeyIdOffset = off;
            KeyIdLength = len;
            return CoseMac0Error.None;
        }

        private static int HeadSize(int length)
        {
            return length < 24 ? 1 : length <= 0xFF ? 2 : length <= 0xFFFF ? 3 : 5;
        }

        private static CoseMac0Error Fail(CborReader reader)
        {
            CborError error = reader.Error;
            if (error == CborError.None || error == CborError.WrongType || error == CborError.EndOfContainer || error == CborError.ItemsRemaining)
            {
                return CoseMac0Error.InvalidStructure;
            }

            return CoseMac0Error.MalformedCbor;
        }
    }
}
