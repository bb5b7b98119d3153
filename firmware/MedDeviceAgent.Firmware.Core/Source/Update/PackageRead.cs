namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// Return values of <see cref="IPackageSource.Read"/> besides a byte count: how a source says that
    /// it cannot deliver now, as opposed to having no more data.
    /// </summary>
    /// <remarks>
    /// A result code rather than an exception: the device must not use exceptions for control flow
    /// (costly on the interpreter), and a dropped connection is an expected event, not a fault.
    /// Any negative return is read as <see cref="Unavailable"/> (fail closed: never as end of data).
    /// </remarks>
    public static class PackageRead
    {
        /// <summary>
        /// The source could not read now (connection dropped, timeout, download buffer not filled):
        /// the bytes may exist. The engine keeps its staging progress and returns
        /// <see cref="MedDeviceAgent.Protocol.UpdateResult.SourceUnavailable"/>.
        /// </summary>
        public const int Unavailable = -1;
    }
}
