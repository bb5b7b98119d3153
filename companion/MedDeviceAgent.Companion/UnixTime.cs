using System;
using System.Globalization;

namespace MedDeviceAgent.Companion
{
    /// <summary>Unix-seconds helpers (the package format's time unit).</summary>
    public static class UnixTime
    {
        /// <summary>Earliest Unix time an ISO 8601 date can show (0001-01-01).</summary>
        private const long MinSeconds = -62135596800;

        /// <summary>Latest Unix time an ISO 8601 date can show (9999-12-31T23:59:59Z).</summary>
        private const long MaxSeconds = 253402300799;

        /// <summary>
        /// ISO 8601 UTC text of <paramref name="unixSeconds"/>, e.g. 2027-01-31T12:00:00Z; a value
        /// beyond the years 1-9999 (a package may carry any 64-bit time) is shown as its number of seconds.
        /// </summary>
        public static string ToIso(long unixSeconds)
        {
            if (unixSeconds < MinSeconds || unixSeconds > MaxSeconds)
            {
                return unixSeconds.ToString(CultureInfo.InvariantCulture) + " (Unix seconds, beyond year 9999)";
            }

            return DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
    }
}
