using System;
using System.Globalization;
using System.IO;

namespace MedDeviceAgent.TestSupport.Faults
{
    /// <summary>
    /// Thrown by <see cref="FaultingPackageSource"/> in <see cref="PackageSourceFault.TransportError"/> mode:
    /// the connection the package was read from dropped at <see cref="Position"/>.
    /// </summary>
    public sealed class TransportFaultException : IOException
    {
        /// <summary>Creates the exception for a read at <paramref name="position"/>.</summary>
        public TransportFaultException(long position)
            : base("Injected transport error at package offset " + position.ToString(CultureInfo.InvariantCulture))
        {
            Position = position;
        }

        /// <summary>The package offset of the read that failed.</summary>
        public long Position { get; }
    }
}
