using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>A trusted clock stopped at one instant: the time a package is verified at (the host clock or '--at').</summary>
    internal sealed class FixedClock : IClock
    {
        /// <summary>Creates the clock at <paramref name="unixSeconds"/>.</summary>
        public FixedClock(long unixSeconds)
        {
            UtcNowSeconds = unixSeconds;
        }

        /// <inheritdoc />
        public long UtcNowSeconds { get; }

        /// <inheritdoc />
        public bool IsTrusted => true;
    }
}
