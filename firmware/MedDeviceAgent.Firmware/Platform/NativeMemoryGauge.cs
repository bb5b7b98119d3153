using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary>Free managed heap for telemetry, from <c>nanoFramework.Runtime.Native.GC.Run(false)</c>.</summary>
    /// <remarks>
    /// Timing: <c>GC.Run</c> runs a collection (no compaction), a few milliseconds on an ESP32, once per telemetry
    /// period. Allocates nothing itself.
    /// </remarks>
    internal sealed class NativeMemoryGauge : IMemoryGauge
    {
        /// <inheritdoc />
        public long FreeBytes
        {
            get { return nanoFramework.Runtime.Native.GC.Run(false); }
        }
    }
}
