namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>Source of cryptographically strong random bytes (the ESP32 hardware RNG on the device).</summary>
    public interface IRandomSource
    {
        /// <summary>Fills <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        void Fill(byte[] buffer, int offset, int count);
    }
}
