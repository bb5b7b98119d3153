namespace MedDeviceAgent.Firmware.Core.Cbor
{
    /// <summary>Why a <see cref="CborReader"/> rejected its input. Values are fixed.</summary>
    public enum CborError
    {
        /// <summary>No error.</summary>
        None = 0,

        /// <summary>The input ends inside an item's head, or where an item must start.</summary>
        Truncated = 1,

        /// <summary>
        /// An integer, length, count or tag argument is not in its shortest form, or a float is not in the
        /// shortest of half/single/double that preserves its value, or a NaN is not the canonical half 0x7E00
        /// (deterministic encoding requires it).
        /// </summary>
        NonMinimal = 2,

        /// <summary>An indefinite-length item, a break code, or additional information 31 on any major type.</summary>
        Indefinite = 3,

        /// <summary>Nesting deeper than the configured bound.</summary>
        TooDeep = 4,

        /// <summary>A string or container longer than the configured bound or the input.</summary>
        TooLong = 5,

        /// <summary>Bytes follow the top-level item.</summary>
        TrailingBytes = 6,

        /// <summary>Reserved additional information (28-30), or a simple value below 32 encoded in two bytes.</summary>
        Reserved = 7,

        /// <summary>A text string is not valid UTF-8 (RFC 3629: no overlong forms, surrogates or values above U+10FFFF).</summary>
        InvalidUtf8 = 8,

        /// <summary>The item is not of the type the caller asked for.</summary>
        WrongType = 9,

        /// <summary>An integer does not fit the requested type.</summary>
        Overflow = 10,

        /// <summary>Map keys are not in ascending bytewise order of their encodings, or repeat.</summary>
        UnsortedKeys = 11,

        /// <summary>A read was attempted past the end of the enclosing array or map (or, at top level, after the one document item).</summary>
        EndOfContainer = 12,

        /// <summary>
        /// The end of an array or map, or of the document, was requested while items of it (or the content
        /// of a tag) remain to be read.
        /// </summary>
        ItemsRemaining = 13,
    }
}
