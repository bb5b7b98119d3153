using System;
using System.Security.Cryptography;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// The core's <see cref="IMessageAuthenticator"/> seam on .NET's HMAC-SHA256 (hardware SHA extensions where the
    /// CPU has them): the companion verifies with the core's verifier, only the hash primitive is the platform's.
    /// </summary>
    /// <remarks>Keeps a copy of the 32-byte key; allocation-free per tag. Thread-safe (no state but the key).</remarks>
    public sealed class HostMessageAuthenticator : IMessageAuthenticator
    {
        private readonly byte[] _key;

        /// <summary>Holds a copy of <paramref name="key"/>.</summary>
        public HostMessageAuthenticator(byte[] key)
        {
            ArgumentNullException.ThrowIfNull(key);
            _key = (byte[])key.Clone();
        }

        /// <inheritdoc />
        public void ComputeTag(byte[] data, int offset, int count, byte[] tag, int tagOffset)
        {
            ArgumentNullException.ThrowIfNull(data);
            ArgumentNullException.ThrowIfNull(tag);
            HMACSHA256.HashData(_key, data.AsSpan(offset, count), tag.AsSpan(tagOffset, HMACSHA256.HashSizeInBytes));
        }
    }
}
