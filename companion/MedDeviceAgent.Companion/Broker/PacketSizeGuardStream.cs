using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// A read-side guard between the TLS stream and MQTTnet: it follows the MQTT fixed headers of the bytes the client
    /// sends and fails the read (<see cref="IOException"/>) as soon as a header announces a packet larger than the limit,
    /// before MQTTnet has seen the length, so the broker never buffers an oversized packet.
    /// </summary>
    /// <remarks>
    /// MQTTnet 5.2 has no server-side maximum packet size: its channel adapter reads the remaining length and then
    /// allocates and reads the whole body (up to the protocol's 256 MiB) before any interceptor runs. The guard is a
    /// small state machine over the bytes as they pass (no copy, no allocation per read): fixed-header byte, remaining
    /// length (1-4 bytes, malformed when longer), then the body is skipped. Writes pass through unchanged. Memory: one
    /// object per connection (about 60 bytes). Works for MQTT 3.1.1 and 5 (the fixed header is the same).
    /// </remarks>
    public sealed class PacketSizeGuardStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _maxPacketBytes;
        private readonly Action<long> _onOversized;
        private int _state; // 0: expecting the first header byte; 1..4: reading remaining-length byte n; 5: in the body
        private long _length;
        private int _multiplierShift;
        private long _bodyLeft;
        private int _headerBytes;
        private bool _tripped;

        /// <summary>
        /// Guards <paramref name="inner"/>: a packet whose total size (fixed header + remaining length) exceeds
        /// <paramref name="maxPacketBytes"/> fails the read; <paramref name="onOversized"/> gets the announced size once.
        /// </summary>
        public PacketSizeGuardStream(Stream inner, long maxPacketBytes, Action<long> onOversized)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            if (maxPacketBytes < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(maxPacketBytes), "the packet limit must be at least 2 bytes");
            }

            _maxPacketBytes = maxPacketBytes;
            _onOversized = onOversized ?? throw new ArgumentNullException(nameof(onOversized));
        }

        /// <inheritdoc />
        public override bool CanRead => _inner.CanRead;

        /// <inheritdoc />
        public override bool CanSeek => false;

        /// <inheritdoc />
        public override bool CanWrite => _inner.CanWrite;

        /// <inheritdoc />
        public override long Length => throw new NotSupportedException();

        /// <inheritdoc />
        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        /// <inheritdoc />
        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = _inner.Read(buffer, offset, count);
            Inspect(buffer.AsSpan(offset, read));
            return read;
        }

        /// <inheritdoc />
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Inspect(buffer.Span.Slice(0, read));
            return read;
        }

        /// <inheritdoc />
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        }

        /// <inheritdoc />
        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        /// <inheritdoc />
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);

        /// <inheritdoc />
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);

        /// <inheritdoc />
        public override void Flush() => _inner.Flush();

        /// <inheritdoc />
        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        /// <inheritdoc />
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        /// <inheritdoc />
        public override void SetLength(long value) => throw new NotSupportedException();

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        /// <inheritdoc />
        public override async ValueTask DisposeAsync()
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        private void Inspect(ReadOnlySpan<byte> bytes)
        {
            if (_tripped)
            {
                throw new IOException("the connection exceeded the packet size limit");
            }

            int i = 0;
            while (i < bytes.Length)
            {
                if (_state == 5)
                {
                    long skip = Math.Min(_bodyLeft, bytes.Length - i);
                    _bodyLeft -= skip;
                    i += (int)skip;
                    if (_bodyLeft == 0)
                    {
                        _state = 0;
                    }

                    continue;
                }

                byte b = bytes[i++];
                if (_state == 0)
                {
                    _state = 1;
                    _length = 0;
                    _multiplierShift = 0;
                    _headerBytes = 1;
                    continue;
                }

                _headerBytes++;
                _length |= (long)(b & 0x7F) << _multiplierShift;
                _multiplierShift += 7;
                if ((b & 0x80) != 0)
                {
                    if (_state == 4)
                    {
                        Trip(-1); // a fifth length byte: malformed
                    }

                    _state++;
                    continue;
                }

                long total = _headerBytes + _length;
                if (total > _maxPacketBytes)
                {
                    Trip(total);
                }

                _bodyLeft = _length;
                _state = _length == 0 ? 0 : 5;
            }
        }

        private void Trip(long announced)
        {
            _tripped = true;
            _onOversized(announced);
            throw new IOException("the client announced a packet of " + announced + " bytes, over the limit of " + _maxPacketBytes);
        }
    }
}
