using System;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>
    /// The host's stand-in for the device's free heap: a fixed budget (the ESP32's typical managed heap) minus nothing,
    /// so virtual devices report a stable, device-like figure rather than the host's gigabytes.
    /// </summary>
    /// <remarks>Allocation-free; the value is configuration, not a measurement of the host.</remarks>
    public sealed class FixedMemoryGauge : IMemoryGauge
    {
        /// <summary>Default: 96 KiB, in the range of an ESP32 without PSRAM.</summary>
        public const long DefaultFreeBytes = 96 * 1024;

        /// <summary>Creates a gauge that reports <paramref name="freeBytes"/>.</summary>
        public FixedMemoryGauge(long freeBytes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(freeBytes);
            FreeBytes = freeBytes;
        }

        /// <inheritdoc />
        public long FreeBytes { get; }
    }
}
