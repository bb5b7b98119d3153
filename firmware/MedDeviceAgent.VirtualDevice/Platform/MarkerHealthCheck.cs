using System;
using System.Text;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Update;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>
    /// The virtual device's health check: an image is unhealthy when it contains the ASCII marker
    /// <see cref="FailMarker"/> (how tests and the demo make an image that does not confirm), or when
    /// <see cref="ForceFailure"/> is set.
    /// </summary>
    public sealed class MarkerHealthCheck : IHealthCheck
    {
        /// <summary>Bytes that make an image fail its health check.</summary>
        public const string FailMarker = "MDA-HEALTH-CHECK-FAIL";

        private readonly IStorage _storage;

        /// <summary>Creates the check over the device's storage.</summary>
        public MarkerHealthCheck(IStorage storage)
        {
            ArgumentNullException.ThrowIfNull(storage);
            _storage = storage;
        }

        /// <summary>When true every check fails.</summary>
        public bool ForceFailure { get; set; }

        /// <summary>Number of checks run.</summary>
        public int Runs { get; private set; }

        /// <inheritdoc />
        public bool Check(int slot)
        {
            Runs++;
            if (ForceFailure)
            {
                return false;
            }

            string name = UpdateEngine.SlotName(slot);
            int length = _storage.GetLength(name);
            if (length <= 0)
            {
                return false;
            }

            byte[] image = new byte[length];
            _storage.Read(name, 0, image, 0, length);
            return image.AsSpan().IndexOf(Encoding.ASCII.GetBytes(FailMarker)) < 0;
        }
    }
}
