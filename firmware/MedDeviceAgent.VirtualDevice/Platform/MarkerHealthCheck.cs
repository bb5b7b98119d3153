using System;
using System.Text;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Update;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>
    /// The virtual device's health check: an image is unhealthy when it contains the ASCII marker
    /// <see cref="FailMarker"/> (how tests and the demo make an image that does not confirm), when
    /// the slot holds fewer bytes than the image, or when <see cref="ForceFailure"/> is set. Only the
    /// image's bytes, <c>[0, imageSize)</c> of the slot, are judged: whatever follows them is not
    /// part of the image.
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
        public bool Check(int slot, int imageSize)
        {
            Runs++;
            if (ForceFailure || imageSize <= 0)
            {
                return false;
            }

            string name = UpdateEngine.SlotName(slot);
            if (_storage.GetLength(name) < imageSize)
            {
                return false;
            }

            // Scan in blocks (overlapping by the marker length) so large images are never loaded whole.
            byte[] marker = Encoding.ASCII.GetBytes(FailMarker);
            byte[] block = new byte[64 * 1024];
            int position = 0;
            while (position < imageSize)
            {
                int read = _storage.Read(name, position, block, 0, Math.Min(block.Length, imageSize - position));
                if (read <= 0)
                {
                    return false;
                }

                if (block.AsSpan(0, read).IndexOf(marker) >= 0)
                {
                    return false;
                }

                if (position + read >= imageSize)
                {
                    break;
                }

                position += Math.Max(1, read - (marker.Length - 1));
            }

            return true;
        }
    }
}
