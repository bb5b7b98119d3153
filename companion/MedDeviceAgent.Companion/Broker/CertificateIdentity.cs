using System.Security.Cryptography.X509Certificates;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>The MQTT identity a client certificate carries: its subject common name, if it is a valid identifier.</summary>
    public static class CertificateIdentity
    {
        /// <summary>
        /// The certificate's CN when it is 1-64 characters of <c>A-Z a-z 0-9 . _ -</c> (the project's identifier
        /// rule); otherwise null. The rule keeps MQTT wildcards and '/' out of identities, so an identity can be put
        /// into a topic (here and as Mosquitto's <c>%u</c>) without widening an ACL.
        /// </summary>
        public static string? CommonName(X509Certificate2? certificate)
        {
            if (certificate == null)
            {
                return null;
            }

            string name = certificate.GetNameInfo(X509NameType.SimpleName, false);
            return IsIdentifier(name) ? name : null;
        }

        /// <summary>True when <paramref name="name"/> is 1-64 characters of <c>A-Z a-z 0-9 . _ -</c>.</summary>
        public static bool IsIdentifier(string? name)
        {
            if (string.IsNullOrEmpty(name) || name.Length > 64)
            {
                return false;
            }

            foreach (char c in name)
            {
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
