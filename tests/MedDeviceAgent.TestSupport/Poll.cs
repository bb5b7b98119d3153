using System;
using System.Diagnostics;
using System.Threading;

namespace MedDeviceAgent.TestSupport
{
    /// <summary>Bounded waiting for a condition (instead of fixed sleeps).</summary>
    public static class Poll
    {
        /// <summary>Generous bound for anything that should happen within milliseconds on an idle machine.</summary>
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        /// <summary>Checks <paramref name="condition"/> every few milliseconds; true as soon as it holds, false after <paramref name="timeout"/>.</summary>
        public static bool Until(Func<bool> condition, TimeSpan timeout)
        {
            Stopwatch watch = Stopwatch.StartNew();
            while (true)
            {
                if (condition())
                {
                    return true;
                }

                if (watch.Elapsed >= timeout)
                {
                    return false;
                }

                Thread.Sleep(5);
            }
        }

        /// <summary>As <see cref="Until(Func{bool}, TimeSpan)"/> with <see cref="Timeout"/>.</summary>
        public static bool Until(Func<bool> condition) => Until(condition, Timeout);
    }
}
