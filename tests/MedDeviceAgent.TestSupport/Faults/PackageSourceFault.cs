namespace MedDeviceAgent.TestSupport.Faults
{
    /// <summary>What a <see cref="FaultingPackageSource"/> does when a read reaches its fault offset.</summary>
    public enum PackageSourceFault
    {
        /// <summary>No fault: the source passes every read through.</summary>
        None = 0,

        /// <summary>The data ends at the offset (a read there returns 0), as a connection closed early looks today.</summary>
        EndOfData = 1,

        /// <summary>
        /// The transport fails at the offset. <see cref="Firmware.Core.Update.IPackageSource.Read"/> has no error
        /// return yet, so this throws <see cref="TransportFaultException"/>; once it can report a transport error
        /// distinct from end of data, this mode returns that error instead (the one place to change is
        /// <see cref="FaultingPackageSource"/>'s fault handling).
        /// </summary>
        TransportError = 2,

        /// <summary>The read at the offset blocks until <see cref="FaultingPackageSource.Release"/> (or the stall timeout), then goes on.</summary>
        Stall = 3,
    }
}
