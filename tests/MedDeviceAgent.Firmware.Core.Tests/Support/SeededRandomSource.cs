using System;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Tests.Support
{
    /// <summary>A deterministic <see cref="IRandomSource"/> (System.Random with a seed): the same seed gives the same bytes.</summary>
    internal sealed class SeededRandomSource : IRandomSource
    {
        private readonly Random _random;

        public SeededRandomSource(int seed)
        {
#pragma warning disable CA5394 // Deterministic test randomness, not security.
            _random = new Random(seed);
#pragma warning restore CA5394
        }

        public int Fills { get; private set; }

        public void Fill(byte[] buffer, int offset, int count)
        {
            Fills++;
#pragma warning disable CA5394
            _random.NextBytes(buffer.AsSpan(offset, count));
#pragma warning restore CA5394
        }
    }
}
