using System;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>The release-specific fields of a package (everything but the payload and the signing material).</summary>
    public sealed class PackageRequest
    {
        /// <summary>Largest security counter accepted (it must also fit MCUboot's 32-bit counter).</summary>
        public const long MaxSecurityCounter = uint.MaxValue;

        /// <summary>Longest identifier (vendor, device class, component).</summary>
        public const int MaxIdentifierLength = 64;

        /// <summary>Device class id the package is for.</summary>
        public string DeviceClassId { get; init; } = string.Empty;

        /// <summary>Component name, "app" unless told otherwise.</summary>
        public string Component { get; init; } = "app";

        /// <summary>Release version.</summary>
        public SemanticVersion Version { get; init; }

        /// <summary>Security counter (anti-rollback), 0..<see cref="MaxSecurityCounter"/>.</summary>
        public long SecurityCounter { get; init; }

        /// <summary>Creation time, Unix seconds.</summary>
        public long Created { get; init; }

        /// <summary>Expiry, Unix seconds, or -1 for none (end-of-support release).</summary>
        public long Expires { get; init; } = -1;

        /// <summary>Checks the fields; throws an InvalidArgument error naming the first bad one.</summary>
        public void Validate()
        {
            CheckIdentifier(DeviceClassId, "device class");
            CheckIdentifier(Component, "component");
            if (SecurityCounter < 0 || SecurityCounter > MaxSecurityCounter)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "security counter " + SecurityCounter + " is outside 0.." + MaxSecurityCounter);
            }

            if (Created < 0)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "creation time is before 1970");
            }

            if (Expires >= 0 && Expires <= Created)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "expiry " + UnixTime.ToIso(Expires) + " is not after the creation time");
            }
        }

        /// <summary>
        /// Checks an identifier (vendor id, device class, component): 1..64 characters from
        /// A-Z a-z 0-9 '.' '_' '-', so it compares unambiguously on every device.
        /// </summary>
        public static void CheckIdentifier(string value, string what)
        {
            bool ok = !string.IsNullOrEmpty(value) && value.Length <= MaxIdentifierLength;
            foreach (char c in value ?? string.Empty)
            {
                ok &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            }

            if (!ok)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, what + " '" + value + "' must be 1-" + MaxIdentifierLength + " characters of A-Z a-z 0-9 . _ -");
            }
        }
    }
}
