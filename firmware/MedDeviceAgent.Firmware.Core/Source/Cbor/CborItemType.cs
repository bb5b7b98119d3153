namespace MedDeviceAgent.Firmware.Core.Cbor
{
    /// <summary>The kind of the next item a <see cref="CborReader"/> sees. Values are fixed.</summary>
    public enum CborItemType
    {
        /// <summary>No item: the reader failed or the input is exhausted.</summary>
        Invalid = -1,

        /// <summary>Major type 0.</summary>
        UnsignedInteger = 0,

        /// <summary>Major type 1.</summary>
        NegativeInteger = 1,

        /// <summary>Major type 2.</summary>
        ByteString = 2,

        /// <summary>Major type 3.</summary>
        TextString = 3,

        /// <summary>Major type 4.</summary>
        Array = 4,

        /// <summary>Major type 5.</summary>
        Map = 5,

        /// <summary>Major type 6.</summary>
        Tag = 6,

        /// <summary>false, true, null, undefined or another simple value.</summary>
        Simple = 7,

        /// <summary>A half, single or double precision float.</summary>
        Float = 8,
    }
}
