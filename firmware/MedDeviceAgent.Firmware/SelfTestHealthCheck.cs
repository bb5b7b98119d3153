using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Update;

namespace MedDeviceAgent.Firmware
{
    /// <summary>
    /// The device's health check for a test boot: the image counts as healthy when the agent came up
    /// far enough to run it and its flash answers for the whole image: the slot holds at least the
    /// image's bytes and its first and last byte read back. A crash or reset before this answer leaves
    /// the update unconfirmed, and the core reverts on the next boot.
    /// </summary>
    /// <remarks>
    /// Judges only <c>[0, imageSize)</c>: bytes a longer earlier image left behind in the slot do not
    /// count. Cost: one length query and two one-byte reads (the engine has already hashed the image
    /// against its signed digest before asking). RAM: a one-byte buffer.
    /// </remarks>
    internal sealed class SelfTestHealthCheck : IHealthCheck
    {
        private readonly IStorage _storage;
        private readonly byte[] _probe = new byte[1];

        /// <summary>Creates the check over the device's flash.</summary>
        public SelfTestHealthCheck(IStorage storage)
        {
            _storage = storage;
        }

        /// <inheritdoc />
        public bool Check(int slot, int imageSize)
        {
            if (imageSize <= 0)
            {
                return false;
            }

            // The state records were just read and written by the engine; the image must be readable too.
            string name = UpdateEngine.SlotName(slot);
            return _storage.GetLength(name) >= imageSize
                && _storage.Read(name, 0, _probe, 0, 1) == 1
                && _storage.Read(name, imageSize - 1, _probe, 0, 1) == 1;
        }
    }
}
