using System;
using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>The per-client token bucket.</summary>
    public sealed class PublishRateLimiterTests
    {
        [Fact]
        public void TryTake_BurstSpent_RefusedUntilRefilled()
        {
            double now = 100;
            PublishRateLimiter limiter = new PublishRateLimiter(2, 3, () => now);
            Assert.True(limiter.TryTake("a"));
            Assert.True(limiter.TryTake("a"));
            Assert.True(limiter.TryTake("a"));
            Assert.False(limiter.TryTake("a"));
            Assert.True(limiter.TryTake("b")); // buckets are per client
            now += 0.5; // one token at 2/s
            Assert.True(limiter.TryTake("a"));
            Assert.False(limiter.TryTake("a"));
            now += 100; // refill stops at the burst
            for (int i = 0; i < 3; i++)
            {
                Assert.True(limiter.TryTake("a"));
            }

            Assert.False(limiter.TryTake("a"));
        }

        [Fact]
        public void TryTake_BucketEmpty_SaysWhenTheNextTokenComes()
        {
            double now = 10;
            PublishRateLimiter limiter = new PublishRateLimiter(4, 1, () => now);
            Assert.True(limiter.TryTake("a", out TimeSpan none));
            Assert.Equal(TimeSpan.Zero, none);
            Assert.False(limiter.TryTake("a", out TimeSpan wait));
            Assert.Equal(0.25, wait.TotalSeconds, 6);
            now += 0.1;
            Assert.False(limiter.TryTake("a", out wait));
            Assert.Equal(0.15, wait.TotalSeconds, 6);
            now += 0.2;
            Assert.True(limiter.TryTake("a", out _));
        }
    }
}
