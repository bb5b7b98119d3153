namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>Wall-clock time as the device knows it.</summary>
    /// <remarks>On ESP32 the clock is wrong until SNTP sets it: <see cref="IsTrusted"/> says whether it has been.</remarks>
    public interface IClock
    {
        /// <summary>Current UTC time in seconds since the Unix epoch.</summary>
        long UtcNowSeconds { get; }

        /// <summary>True once the time comes from a trusted source (SNTP or a signed time), false after a cold boot.</summary>
        bool IsTrusted { get; }
    }
}
