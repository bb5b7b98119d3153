using System;
using System.Collections.Generic;
using System.Net;
using System.Text.RegularExpressions;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>
    /// A name the broker is reached by, as it goes into the broker certificate's subjectAltName: an IP
    /// address (iPAddress entry, IPv4 or IPv6) or a DNS name (dNSName entry).
    /// </summary>
    public static class BrokerHost
    {
        /// <summary>The names used when none are given: localhost, 127.0.0.1 and ::1.</summary>
        public static IReadOnlyList<string> Defaults { get; } = new[] { "localhost", "127.0.0.1", "::1" };

        // RFC 1123 labels; a "*." wildcard is not accepted (one broker, exact names).
        private static readonly Regex DnsName = new Regex("^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant);

        /// <summary>True when <paramref name="host"/> is an IP address literal.</summary>
        public static bool IsIpAddress(string host)
        {
            ArgumentNullException.ThrowIfNull(host);
            return IPAddress.TryParse(host, out _) && (host.Contains(':', StringComparison.Ordinal) || host.Split('.').Length == 4);
        }

        /// <summary>Checks and normalizes the list (IP addresses in canonical form, DNS names lower case, duplicates dropped).</summary>
        /// <exception cref="CompanionException">InvalidArgument for an empty list or a name that is neither an IP address nor a DNS name.</exception>
        public static List<string> Normalize(IEnumerable<string> hosts)
        {
            ArgumentNullException.ThrowIfNull(hosts);
            List<string> result = new List<string>();
            foreach (string host in hosts)
            {
                string value;
                if (IsIpAddress(host))
                {
                    value = IPAddress.Parse(host).ToString();
                }
                else if (DnsName.IsMatch(host))
                {
                    value = host.ToLowerInvariant();
                }
                else
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--broker-host '" + host + "' is neither an IP address nor a DNS name");
                }

                if (!result.Contains(value))
                {
                    result.Add(value);
                }
            }

            if (result.Count == 0)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "the broker certificate needs at least one --broker-host");
            }

            return result;
        }
    }
}
