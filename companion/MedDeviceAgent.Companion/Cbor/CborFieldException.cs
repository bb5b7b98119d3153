using System;

namespace MedDeviceAgent.Companion.Cbor
{
    /// <summary>A field of a decoded map is missing, of the wrong type or out of range; the message names it.</summary>
    public sealed class CborFieldException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public CborFieldException(string message)
            : base(message)
        {
        }
    }
}
