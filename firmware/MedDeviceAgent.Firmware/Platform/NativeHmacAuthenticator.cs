using System;
using System.Security.Cryptography;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary><see cref="IMessageAuthenticator"/> over nanoFramework's native <see cref="HMACSHA256"/> (mbedTLS on the ESP32).</summary>
    /// <remarks>
    /// The native API hashes a whole array and returns a new 32-byte array: a sub-range is copied into a
    /// temporary array first, so one tag costs the 32-byte result plus, for a sub-range, <c>count</c> bytes
    /// (the telemetry encoder's MAC_structure, under 250 bytes). The key is copied once, at construction,
    /// into the native instance; the caller should wipe its own copy. Agrees with the core's portable
    /// <c>HmacSha256</c> on the RFC 4231 vectors (tests/MedDeviceAgent.Firmware.Core.Tests, against .NET's
    /// HMACSHA256, which shares this call shape). Not thread-safe.
    /// </remarks>
    internal sealed class NativeHmacAuthenticator : IMessageAuthenticator
    {
        private readonly HMACSHA256 _hmac;

        /// <summary>Keys the native HMAC with <paramref name="key"/> (the per-device telemetry key, 32 bytes).</summary>
        public NativeHmacAuthenticator(byte[] key)
        {
            if (key == null)
            {
                throw new ArgumentNullException("key");
            }

            _hmac = new HMACSHA256(key);
        }

        /// <inheritdoc />
        public void ComputeTag(byte[] data, int offset, int count, byte[] tag, int tagOffset)
        {
            if (data == null || tag == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset > data.Length - count || tagOffset < 0 || tagOffset > tag.Length - 32)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            byte[] input = data;
            if (offset != 0 || count != data.Length)
            {
                input = new byte[count];
                Array.Copy(data, offset, input, 0, count);
            }

            byte[] result = _hmac.ComputeHash(input);
            Array.Copy(result, 0, tag, tagOffset, 32);
            Array.Clear(result, 0, result.Length);
        }
    }
}
