using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Tests.Support
{
    /// <summary>An <see cref="IRandomSource"/> that hands out the given 32-bit draws (little-endian) in order, then fails.</summary>
    internal sealed class ScriptedRandomSource : IRandomSource
    {
        private readonly Queue<uint> _draws;

        public ScriptedRandomSource(params uint[] draws)
        {
            _draws = new Queue<uint>(draws);
        }

        public void Fill(byte[] buffer, int offset, int count)
        {
            Assert.Equal(4, count);
            uint value = _draws.Dequeue();
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }
    }
}
