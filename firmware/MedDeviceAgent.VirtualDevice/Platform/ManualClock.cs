using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>A clock the test or rig sets by hand; untrusted until told otherwise.</summary>
    public sealed class ManualClock : IClock
    {
        /// <summary>Creates a clock at <paramref name="utcNowSeconds"/>.</summary>
        public ManualClock(long utcNowSeconds, bool trusted)
        {
            UtcNowSeconds = utcNowSeconds;
            IsTrusted = trusted;
        }

        /// <inheritdoc />
        public long UtcNowSeconds { get; set; }

        /// <inheritdoc />
        public bool IsTrusted { get; set; }

        /// <summary>Moves the clock forward by <paramref name="seconds"/>.</summary>
        public void Advance(long seconds) => UtcNowSeconds += seconds;
    }
}
