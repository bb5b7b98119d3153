using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;

namespace MedDeviceAgent.Cli
{
    /// <summary>Option factories shared by the command groups, with parsers that report bad values as usage errors (exit 2).</summary>
    internal static class CliOptions
    {
        /// <summary>--json.</summary>
        public static Option<bool> Json()
        {
            return new Option<bool>("--json") { Description = "Write the report as JSON on stdout (for scripts); errors still go to stderr" };
        }

        /// <summary>A required directory or file path option.</summary>
        public static Option<string> RequiredPath(string name, string description)
        {
            return new Option<string>(name) { Description = description, Required = true };
        }

        /// <summary>--algorithm ed25519|p256.</summary>
        public static Option<string?> Algorithm(string description, bool withDefault)
        {
            Option<string?> option = new Option<string?>("--algorithm") { Description = description };
            if (withDefault)
            {
                option.DefaultValueFactory = _ => KeyAlgorithms.Ed25519Name;
            }

            option.AcceptOnlyFromAmong(KeyAlgorithms.Ed25519Name, KeyAlgorithms.P256Name);
            return option;
        }

        /// <summary>An ISO 8601 date/time option (UTC unless an offset is given).</summary>
        public static Option<DateTimeOffset?> Time(string name, string description)
        {
            return new Option<DateTimeOffset?>(name)
            {
                Description = description,
                CustomParser = result => ParseTime(result, name),
            };
        }

        /// <summary>A positive day count option.</summary>
        public static Option<int?> Days(string name, string description)
        {
            return new Option<int?>(name)
            {
                Description = description,
                CustomParser = result =>
                {
                    string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int days) || days < 1 || days > 36500)
                    {
                        result.AddError(name + ": '" + text + "' is not a whole number of days from 1 to 36500");
                        return null;
                    }

                    return days;
                },
            };
        }

        /// <summary>--version X.Y.Z.</summary>
        public static Option<SemanticVersion> Version()
        {
            return new Option<SemanticVersion>("--version")
            {
                Description = "Release version MAJOR.MINOR.PATCH, e.g. 1.4.0 (MCUboot: major/minor <= 255, patch <= 65535)",
                Required = true,
                CustomParser = result =>
                {
                    try
                    {
                        return SemanticVersion.Parse(result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty);
                    }
                    catch (CompanionException e)
                    {
                        result.AddError("--version: " + e.Message);
                        return default;
                    }
                },
            };
        }

        /// <summary>--security-counter N.</summary>
        public static Option<long> SecurityCounter()
        {
            return new Option<long>("--security-counter")
            {
                Description = "Anti-rollback counter 0.." + PackageRequest.MaxSecurityCounter + "; devices refuse packages below their confirmed floor",
                Required = true,
                CustomParser = result =>
                {
                    string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                    if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value > PackageRequest.MaxSecurityCounter)
                    {
                        result.AddError("--security-counter: '" + text + "' is not a whole number from 0 to " + PackageRequest.MaxSecurityCounter);
                        return 0;
                    }

                    return value;
                },
            };
        }

        /// <summary>--key-id HEX (32 hex digits).</summary>
        public static Option<byte[]> KeyIdOption(string description)
        {
            return new Option<byte[]>("--key-id")
            {
                Description = description,
                Required = true,
                CustomParser = result =>
                {
                    try
                    {
                        return KeyId.Parse(result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty);
                    }
                    catch (CompanionException e)
                    {
                        result.AddError("--key-id: " + e.Message);
                        return Array.Empty<byte>();
                    }
                },
            };
        }

        private static DateTimeOffset? ParseTime(ArgumentResult result, string name)
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            string[] formats =
            {
                "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
                "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
            };
            if (DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value) && value.Year >= 1970)
            {
                return value;
            }

            result.AddError(name + ": '" + text + "' is not an ISO 8601 date or date-time (e.g. 2027-01-31 or 2027-01-31T12:00:00Z)");
            return null;
        }
    }
}
