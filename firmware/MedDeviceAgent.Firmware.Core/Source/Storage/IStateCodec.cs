namespace MedDeviceAgent.Firmware.Core.Storage
{
    /// <summary>
    /// Turns a state object into the body of a <see cref="StateStore"/> record and back. The store
    /// frames, checksums and alternates records without knowing what they hold; the codec lives
    /// with the state it encodes.
    /// </summary>
    public interface IStateCodec
    {
        /// <summary>The record format <see cref="Encode"/> writes (1..255).</summary>
        int Format { get; }

        /// <summary>Writes the body at <paramref name="offset"/>, at most <paramref name="capacity"/> bytes; returns its length.</summary>
        /// <remarks>Must not allocate: it runs at every staging checkpoint.</remarks>
        int Encode(byte[] buffer, int offset, int capacity);

        /// <summary>
        /// Reads a body of record format <paramref name="format"/> into the state. False when the
        /// format is unknown or the body is invalid: the store then treats the record as damaged.
        /// Every field of the state is set on success.
        /// </summary>
        bool Decode(int format, byte[] buffer, int offset, int length);
    }
}
