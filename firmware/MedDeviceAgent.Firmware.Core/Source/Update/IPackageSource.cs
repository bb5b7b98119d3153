namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>Random-access reader of an update package (a file on the host, a download buffer on the device).</summary>
    public interface IPackageSource
    {
        /// <summary>Total length of the package in bytes.</summary>
        long Length { get; }

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes at <paramref name="position"/>. Returns the number
        /// read (1..<paramref name="count"/>), 0 at the end of the data, or
        /// <see cref="PackageRead.Unavailable"/> (any negative value) when the transport failed: a
        /// dropped connection is not the end of the package, and not a reason to reject it.
        /// </summary>
        /// <remarks>
        /// Must not throw for a transport failure: return <see cref="PackageRead.Unavailable"/>. A later
        /// read of the same position may succeed (after a reconnect).
        /// </remarks>
        int Read(long position, byte[] buffer, int offset, int count);
    }
}
