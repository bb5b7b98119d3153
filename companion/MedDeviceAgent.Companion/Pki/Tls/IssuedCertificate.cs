using System;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>Public facts about one device or operator certificate the TLS PKI issued.</summary>
    public sealed class IssuedCertificate
    {
        /// <summary>Creates the summary.</summary>
        public IssuedCertificate(string name, string serialHex, string certificatePath, long notBefore, long notAfter, bool revoked, long revokedAt)
        {
            Name = name;
            SerialHex = serialHex;
            CertificatePath = certificatePath;
            NotBefore = notBefore;
            NotAfter = notAfter;
            Revoked = revoked;
            RevokedAt = revokedAt;
        }

        /// <summary>The certificate's CN: the device id or the operator name.</summary>
        public string Name { get; }

        /// <summary>Serial number, lower-case hex.</summary>
        public string SerialHex { get; }

        /// <summary>Full path of the certificate's PEM copy in the PKI directory.</summary>
        public string CertificatePath { get; }

        /// <summary>Start of validity, Unix seconds.</summary>
        public long NotBefore { get; }

        /// <summary>End of validity, Unix seconds.</summary>
        public long NotAfter { get; }

        /// <summary>True when the certificate is on the CRL.</summary>
        public bool Revoked { get; }

        /// <summary>When it was revoked (Unix seconds), 0 when it is not.</summary>
        public long RevokedAt { get; }

        /// <summary>Whole days from <paramref name="now"/> until expiry (negative once expired).</summary>
        public long DaysLeft(DateTimeOffset now)
        {
            return (long)Math.Floor((NotAfter - now.ToUnixTimeSeconds()) / 86400.0);
        }

        /// <summary>True when the certificate is live (not revoked) and expires within <paramref name="days"/> days of <paramref name="now"/> (or has expired).</summary>
        public bool ExpiresWithin(int days, DateTimeOffset now)
        {
            return !Revoked && NotAfter <= now.ToUnixTimeSeconds() + (days * 86400L);
        }
    }
}
