using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>Where the ingest finds a device's telemetry key: the PKI (<see cref="DeviceKeyRing"/>) or, in tests, a fixed set.</summary>
    public interface IDeviceKeys
    {
        /// <summary>The authenticator of <paramref name="deviceId"/>'s live telemetry key, or null when the id has none (unknown or revoked).</summary>
        IMessageAuthenticator? Find(string deviceId);
    }
}
