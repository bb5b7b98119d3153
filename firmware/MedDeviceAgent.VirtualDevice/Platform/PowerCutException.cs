using System;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>
    /// Thrown by <see cref="FileStorage"/> when an injected power cut happens: the device stops
    /// executing at that instant. Tests catch it, then "power on" a fresh device on the same storage.
    /// </summary>
    public sealed class PowerCutException : Exception
    {
        /// <summary>Creates the exception for the cut at write number <paramref name="writeIndex"/> (1-based).</summary>
        public PowerCutException(long writeIndex)
            : base("Injected power cut at write " + writeIndex.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            WriteIndex = writeIndex;
        }

        /// <summary>The 1-based index of the write that was torn.</summary>
        public long WriteIndex { get; }
    }
}
