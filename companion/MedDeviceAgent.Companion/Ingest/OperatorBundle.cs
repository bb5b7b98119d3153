using System;
using System.IO;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// The operator identity a monitor connects with: a bundle folder from <c>mda pki issue-operator</c> (ca.pem,
    /// cert.pem, key.pem). Without <c>--operator</c> the monitor uses <see cref="DefaultFolderName"/> inside the PKI
    /// folder, issuing operator <see cref="DefaultName"/> into it on first use.
    /// </summary>
    /// <remarks>Two monitors on one shared subscription need two identities (the broker allows one session per client id = CN): give each its own --operator.</remarks>
    public static class OperatorBundle
    {
        /// <summary>Name (certificate CN, MQTT client id) of the default monitor operator.</summary>
        public const string DefaultName = "mda-monitor";

        /// <summary>Folder of the default operator bundle inside the PKI folder.</summary>
        public const string DefaultFolderName = "monitor-operator";

        /// <summary>The default bundle of <paramref name="pkiDirectory"/>, issuing it (valid <see cref="TlsAuthority.DefaultValidDays"/> days) when it is missing.</summary>
        /// <exception cref="CompanionException">PkiError, WrongPassphrase, OutputError from issuing.</exception>
        public static string EnsureDefault(string pkiDirectory, string passphrase, DateTimeOffset now)
        {
            string bundle = Path.Combine(pkiDirectory, DefaultFolderName);
            if (Directory.Exists(bundle))
            {
                return bundle;
            }

            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(pkiDirectory));
            if (tls.HasLiveOperator(DefaultName))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "operator '" + DefaultName + "' has a live certificate but its bundle '" + bundle + "' is gone; pass --operator BUNDLE, or revoke it ('mda pki revoke-operator --name " + DefaultName + "') so that the next monitor issues a new one");
            }

            tls.IssueOperator(DefaultName, TlsAuthority.DefaultValidDays, bundle, passphrase, now);
            return bundle;
        }

        /// <summary>Fills the TLS paths of <paramref name="options"/> from <paramref name="bundle"/>; checks that the files exist.</summary>
        /// <exception cref="CompanionException">InputError when a file is missing.</exception>
        public static void Apply(string bundle, MonitorOptions options)
        {
            ArgumentNullException.ThrowIfNull(options);
            options.CaPath = Require(bundle, ProvisioningBundle.CaFile);
            options.CertificatePath = Require(bundle, ProvisioningBundle.CertificateFile);
            options.KeyPath = Require(bundle, ProvisioningBundle.KeyFile);
        }

        private static string Require(string bundle, string name)
        {
            string path = Path.GetFullPath(Path.Combine(bundle, name));
            if (!File.Exists(path))
            {
                throw new CompanionException(CompanionErrorKind.InputError, "operator bundle file missing: " + path + " (make one with 'mda pki issue-operator --dir DIR --name NAME --out BUNDLE')");
            }

            return path;
        }
    }
}
