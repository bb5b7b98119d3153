namespace MedDeviceAgent.Firmware.Core.Cbor
{
    /// <summary>Why a <see cref="CborReader"/> rejected its input. Values are fixed.</summary>
    public enum CborError
    {
        /// <summary>No error.</summary>
        None = 0,

        /// <summary>The input ends inside an item.</summary>
        Truncated = 1,

        /// <summary>An argument is not in its shortest form (deterministic encoding requires it).</summary>
        NonMinimal = 2,

        /// <summary>An indefinite-length item or a break code.</summary>
        Indefinite = 3,

        /// <summary>Nesting deeper than the configured bound.</summary>
        TooDeep = 4,

        /// <summary>A string or container longer than the configured bound or the input.</summary>
        TooLong = 5,

        /// <summary>Bytes follow the top-level item.</summary>
        TrailingBytes = 6,

        /// <summary>Reserved additional information (28-30) or an unassigned simple value encoding.</summary>
        Reserved = 7,

        /// <summary>A text string is not valid UTF-8.</summary>
        InvalidUtf8 = 8,

        /// <summary>The item is not of the type the caller asked for.</summary>
        WrongType = 9,

        /// <summary>An integer does not fit the requested type.</summary>
        Overflow = 10,

        /// <summary>Map keys are not in ascending bytewise order of their encodings, or repeat.</summary>
        UnsortedKeys = 11,

        /// <summary>A read was attempted past the end of the enclosing array or map.</summary>
        EndOfContainer = 12,
    }
}
