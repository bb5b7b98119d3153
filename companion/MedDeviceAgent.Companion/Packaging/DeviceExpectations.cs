using System;
using System.Collections.Generic;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// The device facts a package can be checked against: vendor, device class, security-counter
    /// floor and slot capacity. Each is optional; one left out is not checked, and the
    /// verification report says so (a device always checks all four against its own values).
    /// </summary>
    public sealed class DeviceExpectations
    {
        /// <summary>Name of the vendor check in <see cref="VerificationReport.NotChecked"/>.</summary>
        public const string VendorCheck = "vendor";

        /// <summary>Name of the device class check in <see cref="VerificationReport.NotChecked"/>.</summary>
        public const string DeviceClassCheck = "device class";

        /// <summary>Name of the anti-rollback check in <see cref="VerificationReport.NotChecked"/>.</summary>
        public const string SecurityFloorCheck = "security-counter floor";

        /// <summary>Name of the payload size check in <see cref="VerificationReport.NotChecked"/>.</summary>
        public const string SlotCapacityCheck = "slot capacity";

        /// <summary>Nothing about the device is known: none of the four checks is made.</summary>
        public static DeviceExpectations None { get; } = new DeviceExpectations();

        /// <summary>The device's vendor id, or null to leave the vendor unchecked.</summary>
        public string? VendorId { get; init; }

        /// <summary>The device's class id, or null to leave the class unchecked.</summary>
        public string? DeviceClassId { get; init; }

        /// <summary>The device's confirmed security-counter floor, or null to leave rollback unchecked.</summary>
        public long? SecurityFloor { get; init; }

        /// <summary>The largest payload the device's slot holds in bytes, or null to leave the size unchecked.</summary>
        public int? SlotCapacity { get; init; }

        /// <summary>Throws an InvalidArgument error naming the first value no device could hold.</summary>
        /// <remarks>Vendor and class follow the identifier rule of <see cref="PackageRequest.CheckIdentifier"/>, which devices share.</remarks>
        public void Validate()
        {
            if (VendorId != null)
            {
                PackageRequest.CheckIdentifier(VendorId, "vendor id");
            }

            if (DeviceClassId != null)
            {
                PackageRequest.CheckIdentifier(DeviceClassId, "device class");
            }

            if (SecurityFloor < 0)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "security-counter floor " + SecurityFloor + " is negative");
            }

            if (SlotCapacity < 1)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "slot capacity " + SlotCapacity + " must be at least 1 byte");
            }
        }

        /// <summary>The names of the checks these expectations leave out, in verification order.</summary>
        public IReadOnlyList<string> Unchecked()
        {
            List<string> names = new List<string>();
            if (VendorId == null)
            {
                names.Add(VendorCheck);
            }

            if (DeviceClassId == null)
            {
                names.Add(DeviceClassCheck);
            }

            if (!SecurityFloor.HasValue)
            {
                names.Add(SecurityFloorCheck);
            }

            if (!SlotCapacity.HasValue)
            {
                names.Add(SlotCapacityCheck);
            }

            return names;
        }
    }
}
