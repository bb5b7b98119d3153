namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// Decides whether a freshly booted test image works. Runs once per test boot; only a
    /// <c>true</c> answer confirms the update, anything else (false, an exception, a reset
    /// before the answer) makes the device revert on its next boot.
    /// </summary>
    public interface IHealthCheck
    {
        /// <summary>
        /// Checks the image running from <paramref name="slot"/>, which is the first
        /// <paramref name="imageSize"/> bytes of the slot: bytes at or beyond
        /// <paramref name="imageSize"/> are not part of the image and must not decide the answer.
        /// </summary>
        /// <remarks>
        /// Compatibility: the size parameter was added so that stale bytes left in a slot by an
        /// earlier, longer image cannot fail (or pass) a later one. The engine calls this only after
        /// the slot's first <paramref name="imageSize"/> bytes matched the signed digest.
        /// </remarks>
        bool Check(int slot, int imageSize);
    }
}
