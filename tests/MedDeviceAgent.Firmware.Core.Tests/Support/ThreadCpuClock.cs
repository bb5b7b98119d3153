using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MedDeviceAgent.Firmware.Core.Tests.Support
{
    /// <summary>
    /// CPU time consumed by the calling thread, in nanoseconds: a measure of work that a preempting scheduler
    /// does not inflate (the test machine is shared). Linux: clock_gettime(CLOCK_THREAD_CPUTIME_ID); elsewhere
    /// wall-clock time, which is only an approximation.
    /// </summary>
    internal static class ThreadCpuClock
    {
        private const int ClockThreadCpuTime = 3;

        /// <summary>The calling thread's CPU time, ns.</summary>
        public static long Nanoseconds()
        {
            if (OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTime, out Timespec ts) == 0)
            {
                return (ts.Seconds * 1_000_000_000L) + ts.Nanoseconds;
            }

            return (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
        }

        // Blittable signature: no marshalling code is needed, so the source-generated form brings nothing.
#pragma warning disable SYSLIB1054, CA1401, CA5392
        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int clock_gettime(int clockId, out Timespec time);
#pragma warning restore SYSLIB1054, CA1401, CA5392

        [StructLayout(LayoutKind.Sequential)]
        private struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
