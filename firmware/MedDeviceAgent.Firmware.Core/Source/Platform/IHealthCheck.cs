namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// Decides whether a freshly booted test image works. Runs once per test boot; only a
    /// <c>true</c> answer confirms the update, anything else (false, an exception, a reset
    /// before the answer) makes the device revert on its next boot.
    /// </summary>
    public interface IHealthCheck
    {
        /// <summary>Checks the image running from <paramref name="slot"/>.</summary>
        bool Check(int slot);
    }
}
