namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary>ESP32 adapter (skeleton).</summary>
    internal sealed class SntpClock
    {
    }
}
