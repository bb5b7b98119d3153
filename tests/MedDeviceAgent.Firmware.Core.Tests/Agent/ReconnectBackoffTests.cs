using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Tests.Support;

namespace MedDeviceAgent.Firmware.Core.Tests.Agent
{
    /// <summary>Jittered exponential back-off: bounds per attempt, growth to the cap, reset, determinism from a seeded source, uniform draws.</summary>
    public class ReconnectBackoffTests
    {
        private const int Base = 500;
        private const int Cap = 60_000;

        [Fact]
        public void NextDelay_FullJitter_StaysWithinTheDoublingCeilingCappedAtCap()
        {
            for (int seed = 1; seed <= 50; seed++)
            {
                ReconnectBackoff backoff = new ReconnectBackoff(new SeededRandomSource(seed), Base, Cap, BackoffJitter.Full);
                for (int attempt = 0; attempt < 40; attempt++)
                {
                    long ceiling = Math.Min(Cap, (long)Base << Math.Min(attempt, 30));
                    int delay = backoff.NextDelayMilliseconds();
                    Assert.InRange(delay, 0, ceiling);
                }

                Assert.Equal(40, backoff.Attempts);
            }
        }

        [Fact]
        public void NextDelay_FullJitterManyFailures_SpreadsOverTheWholeCappedRange()
        {
            ReconnectBackoff backoff = new ReconnectBackoff(new SeededRandomSource(7), Base, Cap, BackoffJitter.Full);
            for (int i = 0; i < 10; i++)
            {
                backoff.NextDelayMilliseconds();
            }

            // From here on the ceiling is the cap: the delays cover [0, cap] with a mean near cap / 2.
            long sum = 0;
            int max = 0;
            int min = int.MaxValue;
            const int n = 4000;
            for (int i = 0; i < n; i++)
            {
                int delay = backoff.NextDelayMilliseconds();
                Assert.InRange(delay, 0, Cap);
                sum += delay;
                max = Math.Max(max, delay);
                min = Math.Min(min, delay);
            }

            Assert.InRange(sum / n, (Cap / 2) - 2000, (Cap / 2) + 2000);
            Assert.True(max > Cap * 0.98, "max " + max);
            Assert.True(min < Cap * 0.02, "min " + min);
        }

        [Fact]
        public void NextDelay_Decorrelated_StaysBetweenBaseAndThreeTimesThePreviousCapped()
        {
            for (int seed = 1; seed <= 50; seed++)
            {
                ReconnectBackoff backoff = new ReconnectBackoff(new SeededRandomSource(seed), Base, Cap, BackoffJitter.Decorrelated);
                long previous = Base;
                for (int attempt = 0; attempt < 40; attempt++)
                {
                    int delay = backoff.NextDelayMilliseconds();
                    Assert.InRange(delay, Base, Math.Min(Cap, previous * 3));
                    previous = delay;
                }
            }
        }

        [Theory]
        [InlineData(BackoffJitter.Full)]
        [InlineData(BackoffJitter.Decorrelated)]
        public void NextDelay_SameSeed_GivesTheSameSequence(BackoffJitter jitter)
        {
            Assert.Equal(Delays(jitter, 42, 30), Delays(jitter, 42, 30));
            Assert.NotEqual(Delays(jitter, 42, 30), Delays(jitter, 43, 30));
        }

        [Theory]
        [InlineData(BackoffJitter.Full)]
        [InlineData(BackoffJitter.Decorrelated)]
        public void Reset_AfterManyFailures_StartsAgainFromTheBase(BackoffJitter jitter)
        {
            ReconnectBackoff backoff = new ReconnectBackoff(new SeededRandomSource(3), Base, Cap, jitter);
            for (int i = 0; i < 20; i++)
            {
                backoff.NextDelayMilliseconds();
            }

            backoff.Reset();

            Assert.Equal(0, backoff.Attempts);
            int first = backoff.NextDelayMilliseconds();
            Assert.InRange(first, jitter == BackoffJitter.Full ? 0 : Base, jitter == BackoffJitter.Full ? Base : Base * 3);
        }

        [Fact]
        public void NextDelay_ScriptedDraws_MapExactlyOntoTheRange()
        {
            // Full jitter, first attempt: uniform in [0, 500], 501 values: draw 1003 -> 1003 % 501 = 1.
            ReconnectBackoff full = new ReconnectBackoff(new ScriptedRandomSource(1003, 500, 0), Base, Cap, BackoffJitter.Full);
            Assert.Equal(1, full.NextDelayMilliseconds());
            Assert.Equal(500, full.NextDelayMilliseconds()); // second attempt: [0, 1000]
            Assert.Equal(0, full.NextDelayMilliseconds());

            // Decorrelated, first attempt: uniform in [500, 1500], 1001 values: draw 1000 -> 1500.
            ReconnectBackoff decorrelated = new ReconnectBackoff(new ScriptedRandomSource(1000, 0), Base, Cap, BackoffJitter.Decorrelated);
            Assert.Equal(1500, decorrelated.NextDelayMilliseconds());
            Assert.Equal(500, decorrelated.NextDelayMilliseconds()); // [500, 4500]
        }

        [Fact]
        public void NextDelay_DrawInTheBiasedTail_IsRejectedAndDrawnAgain()
        {
            // 31 random bits give 2^31 values; for a span of 501 the top (2^31 - 1) % 501 + 1 values would
            // favour small delays, so they are refused. 0x7FFFFFFF lies in that tail; the top bit is ignored.
            ReconnectBackoff backoff = new ReconnectBackoff(new ScriptedRandomSource(0x7FFFFFFF, 0xFFFFFFFF, 0x80000000 | 7), Base, Cap, BackoffJitter.Full);
            Assert.Equal(7, backoff.NextDelayMilliseconds());
        }

        [Fact]
        public void NextDelay_BaseEqualsCap_AlwaysWithinBase()
        {
            ReconnectBackoff backoff = new ReconnectBackoff(new SeededRandomSource(5), 1000, 1000, BackoffJitter.Decorrelated);
            for (int i = 0; i < 100; i++)
            {
                Assert.Equal(1000, backoff.NextDelayMilliseconds());
            }
        }

        [Fact]
        public void NextDelay_LargestCap_NeverOverflows()
        {
            foreach (BackoffJitter jitter in new[] { BackoffJitter.Full, BackoffJitter.Decorrelated })
            {
                ReconnectBackoff backoff = new ReconnectBackoff(new SeededRandomSource(9), 1, ReconnectBackoff.MaxCapMilliseconds, jitter);
                for (int i = 0; i < 200; i++)
                {
                    Assert.InRange(backoff.NextDelayMilliseconds(), 0, ReconnectBackoff.MaxCapMilliseconds);
                }
            }
        }

        [Fact]
        public void NextDelay_AfterWarmUp_AllocatesNothing()
        {
            ReconnectBackoff backoff = new ReconnectBackoff(new SeededRandomSource(11), Base, Cap, BackoffJitter.Full);
            backoff.NextDelayMilliseconds();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                backoff.NextDelayMilliseconds();
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Theory]
        [InlineData(0, 1000)]
        [InlineData(-5, 1000)]
        [InlineData(1000, 999)]
        [InlineData(1, ReconnectBackoff.MaxCapMilliseconds + 1)]
        public void Constructor_OutOfRangeBounds_Throws(int baseMs, int capMs)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectBackoff(new SeededRandomSource(1), baseMs, capMs, BackoffJitter.Full));
        }

        [Fact]
        public void Constructor_UnknownJitterOrNoRandom_Throws()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectBackoff(new SeededRandomSource(1), Base, Cap, (BackoffJitter)7));
            Assert.Throws<ArgumentNullException>(() => new ReconnectBackoff(null!, Base, Cap, BackoffJitter.Full));
        }

        private static List<int> Delays(BackoffJitter jitter, int seed, int count)
        {
            ReconnectBackoff backoff = new ReconnectBackoff(new SeededRandomSource(seed), Base, Cap, jitter);
            List<int> delays = new List<int>();
            for (int i = 0; i < count; i++)
            {
                delays.Add(backoff.NextDelayMilliseconds());
            }

            return delays;
        }
    }
}
