using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Update;

namespace MedDeviceAgent.VirtualDevice.Tests.Support
{
    /// <summary>
    /// Wraps a package source whose connection drops at a chosen offset: bytes below
    /// <see cref="DropAt"/> are served (a read crossing it is cut short there, as a stream that
    /// broke mid-message), and every read at or beyond it fails with <see cref="ErrorCode"/>
    /// (<see cref="PackageRead.Unavailable"/> by default) until <see cref="Reconnect"/>.
    /// Records every position read, so a test can prove that a resume fetches nothing twice.
    /// </summary>
    public sealed class DroppingPackageSource : IPackageSource
    {
        private readonly IPackageSource _inner;
        private readonly List<long> _positions = new List<long>();

        /// <summary>Drops at <paramref name="dropAt"/> (a negative value: never).</summary>
        public DroppingPackageSource(IPackageSource inner, long dropAt)
        {
            ArgumentNullException.ThrowIfNull(inner);
            _inner = inner;
            DropAt = dropAt;
        }

        /// <summary>Over a package in memory.</summary>
        public DroppingPackageSource(byte[] package, long dropAt)
            : this(new MemoryPackageSource(package), dropAt)
        {
        }

        /// <summary>First offset that cannot be read; negative when the connection holds.</summary>
        public long DropAt { get; set; }

        /// <summary>What a failed read returns (any negative value means a transport failure).</summary>
        public int ErrorCode { get; set; } = PackageRead.Unavailable;

        /// <summary>Reads that failed.</summary>
        public int Drops { get; private set; }

        /// <summary>Position of every read asked for, in order (failed ones included).</summary>
        public IReadOnlyList<long> Positions => _positions;

        /// <inheritdoc />
        public long Length => _inner.Length;

        /// <summary>The connection is back: nothing fails any more.</summary>
        public void Reconnect() => DropAt = -1;

        /// <summary>Forgets the positions read so far.</summary>
        public void ClearPositions() => _positions.Clear();

        /// <inheritdoc />
        public int Read(long position, byte[] buffer, int offset, int count)
        {
            _positions.Add(position);
            if (DropAt >= 0 && position >= DropAt)
            {
                Drops++;
                return ErrorCode;
            }

            int allowed = DropAt >= 0 ? (int)Math.Min(count, DropAt - position) : count;
            return _inner.Read(position, buffer, offset, allowed);
        }
    }
}
