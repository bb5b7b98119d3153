using System;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary><see cref="IRandomSource"/> for the ESP32.</summary>
    /// <remarks>
    /// The stable nanoFramework 1.x API lists expose no hardware RNG: nanoFramework.Hardware.Esp32 and
    /// nanoFramework.Runtime.Native have no random member, and System.Security.Cryptography has no CSPRNG.
    /// The best available source is <see cref="Random"/> from mscorlib, implemented natively by the firmware;
    /// whether the ESP32 port seeds it from the hardware RNG (esp_random) is not stated by the lists. Until a
    /// firmware API for esp_fill_random exists, the core must not use these bytes for long-term secrets; they
    /// suit nonces and jitter. RAM: a temporary buffer of <c>count</c> bytes per call when a sub-range is asked for.
    /// </remarks>
    internal sealed class HardwareRandomSource : IRandomSource
    {
        private readonly Random _random = new Random();

        /// <inheritdoc />
        public void Fill(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            if (offset == 0 && count == buffer.Length)
            {
                _random.NextBytes(buffer);
                return;
            }

            byte[] temp = new byte[count];
            _random.NextBytes(temp);
            Array.Copy(temp, 0, buffer, offset, count);
            Array.Clear(temp, 0, count);
        }
    }
}
