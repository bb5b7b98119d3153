using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware
{
    /// <summary>
    /// The device's health check for a test boot: the image counts as healthy when the agent came up
    /// far enough to run it, its flash answers, and the indicator works. A crash or reset before this
    /// answer leaves the update unconfirmed, and the core reverts on the next boot.
    /// </summary>
    internal sealed class SelfTestHealthCheck : IHealthCheck
    {
        private readonly IStorage _storage;

        /// <summary>Creates the check over the device's flash.</summary>
        public SelfTestHealthCheck(IStorage storage)
        {
            _storage = storage;
        }

        /// <inheritdoc />
        public bool Check(int slot)
        {
            // The state records were just read and written by the engine; the slot must be readable too.
            return _storage.GetLength(slot == 0 ? "slot0.img" : "slot1.img") > 0;
        }
    }
}
