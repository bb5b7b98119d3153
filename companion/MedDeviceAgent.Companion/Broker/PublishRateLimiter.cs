using System;
using System.Collections.Concurrent;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>Per-client token bucket for publishes: <c>rate</c> tokens a second, at most <c>burst</c> saved up.</summary>
    /// <remarks>One small entry (about 50 bytes) per connected client id (forgotten on <see cref="Forget"/>); thread-safe; no timer.</remarks>
    public sealed class PublishRateLimiter
    {
        private readonly double _rate;
        private readonly double _burst;
        private readonly Func<double> _seconds;
        private readonly ConcurrentDictionary<string, Bucket> _buckets = new ConcurrentDictionary<string, Bucket>(StringComparer.Ordinal);

        /// <summary>A limiter on the monotonic clock.</summary>
        public PublishRateLimiter(double rate, int burst)
            : this(rate, burst, () => System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency)
        {
        }

        /// <summary>A limiter on the given clock (seconds, monotonic); for tests.</summary>
        public PublishRateLimiter(double rate, int burst, Func<double> seconds)
        {
            if (rate <= 0 || burst < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(rate), "rate must be positive and burst at least 1");
            }

            _rate = rate;
            _burst = burst;
            _seconds = seconds ?? throw new ArgumentNullException(nameof(seconds));
        }

        /// <summary>Takes one token for <paramref name="clientId"/>; false when its bucket is empty.</summary>
        public bool TryTake(string clientId) => TryTake(clientId, out _);

        /// <summary>
        /// Takes one token for <paramref name="clientId"/>; false when its bucket is empty, with <paramref name="retryAfter"/>
        /// the time until the next token (zero when one was taken).
        /// </summary>
        /// <remarks>The broker holds an over-limit publish for <paramref name="retryAfter"/> (back-pressure) rather than refusing it.</remarks>
        public bool TryTake(string clientId, out TimeSpan retryAfter)
        {
            Bucket bucket = _buckets.GetOrAdd(clientId, _ => new Bucket(_burst, _seconds()));
            lock (bucket)
            {
                double now = _seconds();
                bucket.Tokens = Math.Min(_burst, bucket.Tokens + ((now - bucket.Last) * _rate));
                bucket.Last = now;
                if (bucket.Tokens < 1)
                {
                    retryAfter = TimeSpan.FromSeconds((1 - bucket.Tokens) / _rate);
                    return false;
                }

                bucket.Tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }
        }

        /// <summary>Drops the bucket of a disconnected client.</summary>
        public void Forget(string clientId) => _buckets.TryRemove(clientId, out _);

        private sealed class Bucket
        {
            public Bucket(double tokens, double last)
            {
                Tokens = tokens;
                Last = last;
            }

            public double Tokens { get; set; }

            public double Last { get; set; }
        }
    }
}
