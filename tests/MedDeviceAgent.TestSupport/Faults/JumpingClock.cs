using System;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.TestSupport.Faults
{
    /// <summary>
    /// A decorator around any <see cref="IClock"/> whose time jumps: at once (<see cref="Jump"/>) or at
    /// a chosen reading (<see cref="JumpAtRead"/>), forward or back, as a device clock does when SNTP
    /// corrects it, after a cold boot or under an attacker's forged time. Its trust can be overridden
    /// too (<see cref="TrustOverride"/>).
    /// </summary>
    /// <remarks>Transparent until told otherwise; not thread-safe.</remarks>
    public sealed class JumpingClock : IClock
    {
        private readonly IClock _inner;
        private long _jumpAtRead;
        private long _pendingJump;

        /// <summary>Wraps <paramref name="inner"/>.</summary>
        public JumpingClock(IClock inner)
        {
            ArgumentNullException.ThrowIfNull(inner);
            _inner = inner;
        }

        /// <summary>Sum of the jumps applied so far, in seconds (negative: the clock went back).</summary>
        public long OffsetSeconds { get; private set; }

        /// <summary>Number of readings of <see cref="UtcNowSeconds"/> so far.</summary>
        public long Reads { get; private set; }

        /// <summary>When set, replaces the wrapped clock's <see cref="IClock.IsTrusted"/>.</summary>
        public bool? TrustOverride { get; set; }

        /// <inheritdoc />
        public long UtcNowSeconds
        {
            get
            {
                Reads++;
                if (_jumpAtRead > 0 && Reads >= _jumpAtRead)
                {
                    OffsetSeconds += _pendingJump;
                    _jumpAtRead = 0;
                    _pendingJump = 0;
                }

                return _inner.UtcNowSeconds + OffsetSeconds;
            }
        }

        /// <inheritdoc />
        public bool IsTrusted => TrustOverride ?? _inner.IsTrusted;

        /// <summary>Moves the time by <paramref name="seconds"/> from the next reading on.</summary>
        public void Jump(long seconds) => OffsetSeconds += seconds;

        /// <summary>Moves the time by <paramref name="seconds"/> at the <paramref name="readIndex"/>-th reading (1-based, counted from construction) and after.</summary>
        public void JumpAtRead(long readIndex, long seconds)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(readIndex, Reads);
            _jumpAtRead = readIndex;
            _pendingJump = seconds;
        }
    }
}
