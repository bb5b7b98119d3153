using System;
using System.Globalization;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>A semantic version MAJOR.MINOR.PATCH as the manifest carries it (three unsigned integers).</summary>
    public readonly struct SemanticVersion : IEquatable<SemanticVersion>
    {
        /// <summary>Creates a version.</summary>
        public SemanticVersion(long major, long minor, long patch)
        {
            if (major < 0 || minor < 0 || patch < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(major), "version components are unsigned");
            }

            Major = major;
            Minor = minor;
            Patch = patch;
        }

        /// <summary>Major component.</summary>
        public long Major { get; }

        /// <summary>Minor component.</summary>
        public long Minor { get; }

        /// <summary>Patch component.</summary>
        public long Patch { get; }

        /// <summary>
        /// Parses "X.Y.Z": exactly three decimal components, each 0..4294967295 without sign,
        /// leading zeros (other than "0" itself), spaces or pre-release/build suffixes.
        /// </summary>
        /// <exception cref="CompanionException">Kind InvalidArgument, naming the problem.</exception>
        public static SemanticVersion Parse(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            string[] parts = text.Split('.');
            if (parts.Length != 3)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "version '" + text + "' is not MAJOR.MINOR.PATCH (e.g. 1.4.0)");
            }

            long[] values = new long[3];
            for (int i = 0; i < 3; i++)
            {
                string part = parts[i];
                bool digitsOnly = part.Length > 0 && part.Length <= 10;
                foreach (char c in part)
                {
                    digitsOnly &= c >= '0' && c <= '9';
                }

                if (!digitsOnly || (part.Length > 1 && part[0] == '0') ||
                    !uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out uint value))
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "version '" + text + "': component '" + part + "' is not a decimal number 0..4294967295 without leading zeros");
                }

                values[i] = value;
            }

            return new SemanticVersion(values[0], values[1], values[2]);
        }

        /// <inheritdoc/>
        public override string ToString()
        {
            return Major.ToString(CultureInfo.InvariantCulture) + "." + Minor.ToString(CultureInfo.InvariantCulture) + "." + Patch.ToString(CultureInfo.InvariantCulture);
        }

        /// <inheritdoc/>
        public bool Equals(SemanticVersion other)
        {
            return Major == other.Major && Minor == other.Minor && Patch == other.Patch;
        }

        /// <inheritdoc/>
        public override bool Equals(object? obj)
        {
            return obj is SemanticVersion other && Equals(other);
        }

        /// <inheritdoc/>
        public override int GetHashCode()
        {
            return HashCode.Combine(Major, Minor, Patch);
        }

        /// <summary>Equality.</summary>
        public static bool operator ==(SemanticVersion left, SemanticVersion right) => left.Equals(right);

        /// <summary>Inequality.</summary>
        public static bool operator !=(SemanticVersion left, SemanticVersion right) => !left.Equals(right);
    }
}
