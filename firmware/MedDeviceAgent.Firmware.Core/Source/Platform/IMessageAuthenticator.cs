namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// Computes HMAC-SHA256 tags with one device key (the per-device telemetry MAC key). On the device the
    /// adapter uses nanoFramework's native <c>HMACSHA256</c>; on the host, and wherever a portable
    /// implementation is wanted, <see cref="Crypto.PortableMessageAuthenticator"/>.
    /// </summary>
    /// <remarks>
    /// The key never leaves the implementation. Implementations fail by exception only for misuse (null,
    /// bad range); comparing tags is the caller's, in constant time (<see cref="Crypto.ConstantTime"/>).
    /// RAM and time depend on the implementation: the native adapter copies a sub-range into a temporary
    /// array (the native API hashes whole arrays) and allocates the 32-byte result per call.
    /// </remarks>
    public interface IMessageAuthenticator
    {
        /// <summary>
        /// Writes the 32-byte HMAC-SHA256 of <paramref name="count"/> bytes of <paramref name="data"/> from
        /// <paramref name="offset"/> to <paramref name="tag"/> at <paramref name="tagOffset"/>.
        /// </summary>
        void ComputeTag(byte[] data, int offset, int count, byte[] tag, int tagOffset);
    }
}
