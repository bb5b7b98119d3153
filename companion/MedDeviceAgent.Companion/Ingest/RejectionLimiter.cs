using System;
using System.Collections.Generic;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// Bounds how many rejections are stored: a token bucket per known device (and one shared bucket for every
    /// message that names no known device), so a flood of forged or malformed messages cannot fill the database.
    /// What is not stored is counted.
    /// </summary>
    /// <remarks>
    /// Defaults: bursts of <see cref="DefaultBurst"/>, refilled at <see cref="DefaultPerSecond"/> a second. The number of
    /// buckets is bounded by the number of known devices plus one. Not thread-safe (the ingest writer owns it).
    /// </remarks>
    public sealed class RejectionLimiter
    {
        /// <summary>Default burst of stored rejections per device.</summary>
        public const double DefaultBurst = 20;

        /// <summary>Default refill, stored rejections per second per device.</summary>
        public const double DefaultPerSecond = 2;

        /// <summary>Bucket of every rejection without a known device.</summary>
        public const string UnknownKey = "?";

        private readonly Dictionary<string, (double Tokens, long Ticks)> _buckets = new Dictionary<string, (double, long)>(StringComparer.Ordinal);
        private readonly double _burst;
        private readonly double _perSecond;
        private readonly Func<long> _clockMs;

        /// <summary>A limiter with the given burst and refill rate; <paramref name="clockMs"/> gives milliseconds (default: the system clock).</summary>
        public RejectionLimiter(double burst = DefaultBurst, double perSecond = DefaultPerSecond, Func<long>? clockMs = null)
        {
            _burst = burst;
            _perSecond = perSecond;
            _clockMs = clockMs ?? (() => Environment.TickCount64);
        }

        /// <summary>Rejections not stored so far.</summary>
        public long Suppressed { get; private set; }

        /// <summary>True when a rejection for <paramref name="knownDevice"/> (null: none) may be stored now; false counts it as suppressed.</summary>
        public bool TryTake(string? knownDevice)
        {
            string key = knownDevice ?? UnknownKey;
            long now = _clockMs();
            double tokens = _burst;
            if (_buckets.TryGetValue(key, out (double Tokens, long Ticks) bucket))
            {
                tokens = Math.Min(_burst, bucket.Tokens + ((now - bucket.Ticks) / 1000.0 * _perSecond));
            }

            bool take = tokens >= 1;
            _buckets[key] = (take ? tokens - 1 : tokens, now);
            if (!take)
            {
                Suppressed++;
            }

            return take;
        }
    }
}
