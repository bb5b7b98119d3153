namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>Random-access reader of an update package (a file on the host, a download buffer on the device).</summary>
    public interface IPackageSource
    {
        /// <summary>Total length of the package in bytes.</summary>
        long Length { get; }

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns the number read (0 at the end).</summary>
        int Read(long position, byte[] buffer, int offset, int count);
    }
}
