namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// Persistent storage of named blobs (files on the device's internal flash, drive I:).
    /// Every mutating call is one write: a power cut may tear the write in progress at any byte,
    /// and may not happen in the middle of two calls at once. The core never assumes atomic replace.
    /// </summary>
    /// <remarks>
    /// Names are short ASCII identifiers without path separators. Implementations must not cache
    /// writes across calls (each call reaches the medium before it returns).
    /// </remarks>
    public interface IStorage
    {
        /// <summary>Length of the named blob in bytes, or -1 when it does not exist.</summary>
        int GetLength(string name);

        /// <summary>Reads up to <paramref name="count"/> bytes from <paramref name="position"/>; returns the number read (0 at the end or when absent).</summary>
        int Read(string name, int position, byte[] buffer, int offset, int count);

        /// <summary>Writes <paramref name="count"/> bytes at <paramref name="position"/>, creating or extending the blob.</summary>
        void Write(string name, int position, byte[] buffer, int offset, int count);

        /// <summary>Deletes the named blob; no effect when it does not exist.</summary>
        void Delete(string name);
    }
}
