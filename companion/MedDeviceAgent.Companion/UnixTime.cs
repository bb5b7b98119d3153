using System;
using System.Globalization;

namespace MedDeviceAgent.Companion
{
    /// <summary>Unix-seconds helpers (the package format's time unit).</summary>
    public static class UnixTime
    {
        /// <summary>ISO 8601 UTC text of <paramref name="unixSeconds"/>, e.g. 2027-01-31T12:00:00Z.</summary>
        public static string ToIso(long unixSeconds)
        {
            return DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
    }
}
