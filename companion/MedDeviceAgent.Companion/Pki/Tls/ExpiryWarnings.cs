using System;
using System.Collections.Generic;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>
    /// The warnings the companion gives before the TLS PKI lapses: live device certificates expiring within the
    /// horizon (or expired), the broker certificate expiring within it, and the CRL's next update within
    /// min(horizon, <see cref="TlsAuthority.CrlValidDays"/> / 3) days. One text per warning, without a "warning:" prefix;
    /// <c>mda pki list-devices</c> and <c>mda broker</c> print the same texts.
    /// </summary>
    public static class ExpiryWarnings
    {
        /// <summary>The warnings for <paramref name="tls"/> at <paramref name="now"/> with a horizon of <paramref name="days"/> days; empty when all is well.</summary>
        public static IReadOnlyList<string> For(TlsAuthority tls, int days, DateTimeOffset now)
        {
            ArgumentNullException.ThrowIfNull(tls);
            List<string> warnings = new List<string>();
            foreach (IssuedCertificate device in tls.ExpiringWithin(days, now))
            {
                long left = device.DaysLeft(now);
                warnings.Add(left < 0
                    ? "device '" + device.Name + "' certificate " + device.SerialHex + " expired on " + UnixTime.ToIso(device.NotAfter) + "; revoke it and issue a new one"
                    : "device '" + device.Name + "' certificate " + device.SerialHex + " expires in " + left + " days (" + UnixTime.ToIso(device.NotAfter) + "); revoke it and issue a new one before then");
            }

            if (tls.BrokerNotAfter <= now.ToUnixTimeSeconds() + (days * 86400L))
            {
                warnings.Add("the broker certificate expires on " + UnixTime.ToIso(tls.BrokerNotAfter));
            }

            if (tls.CrlNextUpdate <= now.ToUnixTimeSeconds() + (Math.Min(days, TlsAuthority.CrlValidDays / 3) * 86400L))
            {
                warnings.Add("the CRL's next update is " + UnixTime.ToIso(tls.CrlNextUpdate) + "; re-sign it with 'mda pki refresh-crl' before then (brokers refuse clients once it has passed)");
            }

            return warnings;
        }
    }
}
