using System;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>
    /// Jittered exponential back-off between reconnection attempts: each failed attempt asks
    /// <see cref="NextDelayMilliseconds"/> how long to wait; a successful connection calls
    /// <see cref="Reset"/>. Delays grow from a base to a cap and are randomised
    /// (<see cref="BackoffJitter"/>) from an <see cref="IRandomSource"/>.
    /// </summary>
    /// <remarks>
    /// RAM: a 4-byte buffer, allocated once; <see cref="NextDelayMilliseconds"/> allocates nothing.
    /// Random numbers are drawn by rejection so every delay in the range is equally likely; each
    /// delay costs one 4-byte draw (rarely more). Milliseconds are int: the cap is at most
    /// <see cref="MaxCapMilliseconds"/> (about 8 days). Not thread-safe.
    /// </remarks>
    public sealed class ReconnectBackoff
    {
        /// <summary>Largest cap: a third of int.MaxValue, so tripling a delay cannot overflow.</summary>
        public const int MaxCapMilliseconds = int.MaxValue / 3;

        private readonly IRandomSource _random;
        private readonly byte[] _draw = new byte[4];
        private readonly int _base;
        private readonly int _cap;
        private readonly BackoffJitter _jitter;
        private int _ceiling;
        private int _previous;

        /// <summary>Creates a back-off from <paramref name="baseMilliseconds"/> up to <paramref name="capMilliseconds"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The base is below 1, the cap below the base or above <see cref="MaxCapMilliseconds"/>, or the jitter unknown.</exception>
        public ReconnectBackoff(IRandomSource random, int baseMilliseconds, int capMilliseconds, BackoffJitter jitter)
        {
            if (random == null)
            {
                throw new ArgumentNullException(nameof(random));
            }

            if (baseMilliseconds < 1 || capMilliseconds < baseMilliseconds || capMilliseconds > MaxCapMilliseconds)
            {
                throw new ArgumentOutOfRangeException(nameof(capMilliseconds), "Need 1 <= base <= cap <= MaxCapMilliseconds");
            }

            if (jitter != BackoffJitter.Full && jitter != BackoffJitter.Decorrelated)
            {
                throw new ArgumentOutOfRangeException(nameof(jitter));
            }

            _random = random;
            _base = baseMilliseconds;
            _cap = capMilliseconds;
            _jitter = jitter;
            Reset();
        }

        /// <summary>Failed attempts since the last <see cref="Reset"/> (delays handed out).</summary>
        public int Attempts { get; private set; }

        /// <summary>The delay before the next attempt, in milliseconds; counts one attempt.</summary>
        public int NextDelayMilliseconds()
        {
            int delay;
            if (_jitter == BackoffJitter.Full)
            {
                delay = Uniform(0, _ceiling);
                _ceiling = _ceiling > _cap / 2 ? _cap : _ceiling * 2;
            }
            else
            {
                int upper = _previous * 3;
                delay = Uniform(_base, upper < _cap ? upper : _cap);
                _previous = delay;
            }

            if (Attempts < int.MaxValue)
            {
                Attempts++;
            }

            return delay;
        }

        /// <summary>Back to the first delay: call it once a connection succeeded.</summary>
        public void Reset()
        {
            Attempts = 0;
            _ceiling = _base;
            _previous = _base;
        }

        /// <summary>A uniformly distributed value in [<paramref name="low"/>, <paramref name="high"/>].</summary>
        private int Uniform(int low, int high)
        {
            int span = high - low + 1;
            int limit = int.MaxValue - (int.MaxValue % span);
            int value;
            do
            {
                _random.Fill(_draw, 0, 4);
                value = (_draw[0] | (_draw[1] << 8) | (_draw[2] << 16) | (_draw[3] << 24)) & int.MaxValue;
            }
            while (value >= limit);

            return low + (value % span);
        }
    }
}
