using System;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Telemetry
{
    /// <summary>
    /// One device the receiver knows: its class and id (as in its topics), the key id its messages name, the
    /// authenticator holding its telemetry key, and the (boot, sequence) high-water mark of the last
    /// accepted message.
    /// </summary>
    /// <remarks>
    /// RAM: the strings, a copy of the key id, the authenticator. The high-water mark is the only state
    /// that changes; a receiver that must survive restarts persists <see cref="LastBoot"/> and
    /// <see cref="LastSequence"/> with each stored message and registers them again on start.
    /// </remarks>
    public sealed class TelemetryDevice
    {
        /// <summary>Registers a device; <paramref name="lastBoot"/> -1 when nothing was accepted yet.</summary>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The key id is empty, or the high-water mark is out of range.</exception>
        public TelemetryDevice(string deviceClass, string deviceId, byte[] keyId, IMessageAuthenticator authenticator, long lastBoot, long lastSequence)
        {
            if (deviceClass == null || deviceId == null || keyId == null || authenticator == null)
            {
                throw new ArgumentNullException(nameof(deviceId));
            }

            if (keyId.Length == 0 || lastBoot < -1 || lastBoot > TelemetryPayloadCodec.MaxCounter || lastSequence < 0 || lastSequence > TelemetryPayloadCodec.MaxCounter)
            {
                throw new ArgumentOutOfRangeException(nameof(keyId));
            }

            DeviceClass = deviceClass;
            DeviceId = deviceId;
            KeyId = new byte[keyId.Length];
            Array.Copy(keyId, KeyId, keyId.Length);
            Authenticator = authenticator;
            LastBoot = lastBoot;
            LastSequence = lastBoot < 0 ? 0 : lastSequence;
        }

        /// <summary>Device class (second topic level).</summary>
        public string DeviceClass { get; private set; }

        /// <summary>Device id (third topic level; CN of its certificate).</summary>
        public string DeviceId { get; private set; }

        /// <summary>The kid its messages must carry.</summary>
        public byte[] KeyId { get; private set; }

        /// <summary>Holds the device's telemetry key.</summary>
        public IMessageAuthenticator Authenticator { get; private set; }

        /// <summary>Boot counter of the last accepted message, or -1.</summary>
        public long LastBoot { get; internal set; }

        /// <summary>Sequence of the last accepted message (0 when none).</summary>
        public long LastSequence { get; internal set; }
    }
}
