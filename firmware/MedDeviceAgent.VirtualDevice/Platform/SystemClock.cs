using System;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>The host's clock, trusted (the host keeps it with NTP).</summary>
    public sealed class SystemClock : IClock
    {
        /// <inheritdoc />
        public long UtcNowSeconds => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        /// <inheritdoc />
        public bool IsTrusted => true;
    }
}
