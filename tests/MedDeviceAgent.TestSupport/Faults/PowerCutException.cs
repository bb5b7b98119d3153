using System;
using System.Globalization;

namespace MedDeviceAgent.TestSupport.Faults
{
    /// <summary>
    /// Thrown by <see cref="FaultInjectingStorage"/> when an injected power cut happens, and by every
    /// call on it until <see cref="FaultInjectingStorage.PowerOn"/>: the device stops executing at
    /// that instant. Tests catch it, then "power on" a fresh device on the same medium.
    /// </summary>
    public sealed class PowerCutException : Exception
    {
        /// <summary>Creates the exception for the cut at write number <paramref name="writeIndex"/> (1-based).</summary>
        public PowerCutException(long writeIndex)
            : base("Injected power cut at write " + writeIndex.ToString(CultureInfo.InvariantCulture))
        {
            WriteIndex = writeIndex;
        }

        /// <summary>The 1-based index of the write that was torn (or the last write before the cut).</summary>
        public long WriteIndex { get; }
    }
}
