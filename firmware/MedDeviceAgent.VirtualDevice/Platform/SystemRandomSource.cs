using System;
using System.Security.Cryptography;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>The host's CSPRNG.</summary>
    public sealed class SystemRandomSource : IRandomSource
    {
        /// <inheritdoc />
        public void Fill(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
    }
}
