using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Tests.Support;

namespace MedDeviceAgent.Firmware.Core.Tests.Platform
{
    /// <summary>A work-yield hook that counts its calls and records the thread CPU time of each.</summary>
    internal sealed class RecordingWorkYield : IWorkYield
    {
        public int Calls { get; private set; }

        public List<long> CpuTimes { get; } = new List<long>();

        public void Yield()
        {
            Calls++;
            CpuTimes.Add(ThreadCpuClock.Nanoseconds());
        }

        public void Clear()
        {
            Calls = 0;
            CpuTimes.Clear();
        }
    }
}
