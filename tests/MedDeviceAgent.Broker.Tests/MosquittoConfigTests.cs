using System;
using System.IO;
using System.Net;
using MedDeviceAgent.Broker.Tests.Support;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Broker;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>The generated Mosquitto files (the broker started from them is in <see cref="BrokerEnforcementTests"/>), and the CLI's refusals.</summary>
    public sealed class MosquittoConfigTests
    {
        [Fact]
        public void Write_FromPki_ConfigAndAclSayWhatTheEmbeddedBrokerEnforces()
        {
            using TestPki pki = new TestPki("ops-1", "ops-2");
            string output = Path.Combine(pki.Directory, "out");
            MosquittoConfig.Write(pki.Files, TestPki.Passphrase, IPAddress.Loopback, 18883, new BrokerLimits(), null, output);
            string config = File.ReadAllText(Path.Combine(output, MosquittoConfig.ConfigFileName));
            foreach (string line in new[]
            {
                "listener 18883 127.0.0.1", "cafile " + pki.Files.CaPath, "certfile " + pki.Files.CertificatePath, "keyfile " + Path.Combine(output, MosquittoConfig.KeyFileName),
                "crlfile " + pki.Files.CrlPath, "require_certificate true", "use_identity_as_username true", "use_username_as_clientid true",
                "tls_version tlsv1.2", "allow_anonymous false", "acl_file " + Path.Combine(output, MosquittoConfig.AclFileName), "max_packet_size 66560",
                "max_queued_messages 100000", "persistence true", "persistence_location " + Path.Combine(output, MosquittoConfig.PersistenceFolderName) + "/",
                "autosave_interval " + MosquittoConfig.AutosaveIntervalSeconds,
            })
            {
                Assert.Contains(line + "\n", config, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("\nuser ", config, StringComparison.Ordinal);
            Assert.Single(config.Split("\nlistener "), s => s.Length > 0 && char.IsDigit(s[0]));
            string acl = File.ReadAllText(Path.Combine(output, MosquittoConfig.AclFileName));
            Assert.Contains("pattern readwrite mda/v1/+/%u/#\n", acl, StringComparison.Ordinal);
            Assert.Contains("user ops-2\ntopic read mda/v1/#\ntopic write mda/v1/+/+/cmd/#\ntopic write mda/v1/+/+/update/#\n", acl, StringComparison.Ordinal);

            // The key Mosquitto reads is the PKI's broker key, in clear and private to the owner.
            string keyPath = Path.Combine(output, MosquittoConfig.KeyFileName);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
            }

            using System.Security.Cryptography.X509Certificates.X509Certificate2 pair = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(pki.Files.CertificatePath, keyPath);
            Assert.True(pair.HasPrivateKey);
            Assert.DoesNotContain("ENCRYPTED", File.ReadAllText(keyPath), StringComparison.Ordinal);
        }

        [Fact]
        public void Cli_MosquittoConfigWithMissingPkiFiles_Exit3()
        {
            string empty = Directory.CreateTempSubdirectory("mda-broker-empty-").FullName;
            try
            {
                StringWriter error = new StringWriter();
                int code = CliApp.Run(new[] { "broker", "mosquitto-config", "--pki", empty, "--port", "18883", "--out", Path.Combine(empty, "out") }, TextWriter.Null, error);
                Assert.Equal(3, code);
                Assert.Contains("pki.json", error.ToString(), StringComparison.Ordinal);
                Assert.False(Directory.Exists(Path.Combine(empty, "out")));
                Assert.Equal(3, CliApp.Run(new[] { "broker", "--pki", empty, "--port", "18883", "--duration", "1" }, TextWriter.Null, TextWriter.Null));
            }
            finally
            {
                Directory.Delete(empty, true);
            }
        }

        [Fact]
        public void Cli_PkiWithoutTlsHierarchy_Exit5NamingTlsInit()
        {
            string root = Directory.CreateTempSubdirectory("mda-broker-notls-").FullName;
            try
            {
                string dir = Path.Combine(root, "pki");
                DateTimeOffset now = DateTimeOffset.UtcNow;
                MedDeviceAgent.Companion.Pki.PkiDirectory.Initialize(dir, MedDeviceAgent.Protocol.CoseAlgorithm.EdDSA, TestPki.Vendor, now.ToUnixTimeSeconds() - 300, now.AddDays(30).ToUnixTimeSeconds(), TestPki.Passphrase, now);
                StringWriter error = new StringWriter();
                Assert.Equal(5, CliApp.Run(new[] { "broker", "--pki", dir, "--port", "18883", "--duration", "1" }, TextWriter.Null, error));
                Assert.Contains("mda pki tls-init", error.ToString(), StringComparison.Ordinal);
                Assert.Equal(5, CliApp.Run(new[] { "broker", "mosquitto-config", "--pki", dir, "--port", "18883", "--out", Path.Combine(root, "out") }, TextWriter.Null, TextWriter.Null));
                Assert.False(Directory.Exists(Path.Combine(root, "out")));
            }
            finally
            {
                Directory.Delete(root, true);
            }
        }

        [Fact]
        public void LoadServerCertificate_WrongPassphrase_WrongPassphraseKind()
        {
            using TestPki pki = new TestPki();
            CompanionException wrong = Assert.Throws<CompanionException>(() => pki.Files.LoadServerCertificate("not-the-passphrase"));
            Assert.Equal(CompanionErrorKind.WrongPassphrase, wrong.Kind);
            Assert.Equal(CompanionErrorKind.WrongPassphrase, Assert.Throws<CompanionException>(() => pki.Files.ExportKeyPem("not-the-passphrase")).Kind);
            using System.Security.Cryptography.X509Certificates.X509Certificate2 right = pki.Files.LoadServerCertificate(TestPki.Passphrase);
            Assert.True(right.HasPrivateKey);
        }

        [Fact]
        public void Cli_Broker_WarnsAtStartAboutExpiringCertificatesAndCrl()
        {
            using TestPki pki = new TestPki("ops-1");
            pki.Tls.IssueDevice("dev-short", 10, Path.Combine(pki.Directory, "..", "dev-short"), TestPki.Passphrase, DateTimeOffset.UtcNow);
            pki.IssueClient("dev-long");
            StringWriter quiet = new StringWriter();
            string port = BrokersFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(0, CliApp.Run(new[] { "broker", "--pki", pki.Directory, "--port", port, "--duration", "1", "--warn-days", "5" }, TextWriter.Null, quiet));
            Assert.DoesNotContain("warning:", quiet.ToString(), StringComparison.Ordinal);

            // The CRL re-signed as if 25 days ago: its next update is 5 days away.
            pki.Tls.RefreshCrl(TestPki.Passphrase, DateTimeOffset.UtcNow.AddDays(-25));
            StringWriter error = new StringWriter();
            Assert.Equal(0, CliApp.Run(new[] { "broker", "--pki", pki.Directory, "--port", port, "--duration", "1", "--warn-days", "800" }, TextWriter.Null, error));
            string text = error.ToString();
            Assert.Contains("warning: device 'dev-short' certificate ", text, StringComparison.Ordinal);
            Assert.Matches("expires in (9|10) days", text);
            Assert.Contains("warning: device 'dev-long' certificate ", text, StringComparison.Ordinal);
            Assert.Contains("warning: the broker certificate expires on ", text, StringComparison.Ordinal);
            Assert.Contains("warning: the CRL's next update is ", text, StringComparison.Ordinal);

            StringWriter defaults = new StringWriter();
            Assert.Equal(0, CliApp.Run(new[] { "broker", "--pki", pki.Directory, "--port", port, "--duration", "1" }, TextWriter.Null, defaults));
            Assert.Contains("warning: device 'dev-short'", defaults.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("dev-long", defaults.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("broker certificate", defaults.ToString(), StringComparison.Ordinal);
            Assert.Contains("warning: the CRL's next update", defaults.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Cli_BadPort_Exit2()
        {
            Assert.Equal(2, CliApp.Run(new[] { "broker", "--pki", "x", "--port", "70000" }, TextWriter.Null, TextWriter.Null));
            Assert.Equal(2, CliApp.Run(new[] { "broker", "--pki", "x", "--bind", "not-an-ip" }, TextWriter.Null, TextWriter.Null));
        }

        [Fact]
        public void Cli_Broker_RunsForDurationAndReportsCounters()
        {
            using TestPki pki = new TestPki("ops-1");
            StringWriter output = new StringWriter();
            int port = BrokersFixture.FreePort();
            int code = CliApp.Run(new[] { "broker", "--pki", pki.Directory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "1" }, output, TextWriter.Null);
            Assert.Equal(0, code);
            Assert.Contains("broker listening on 127.0.0.1:" + port, output.ToString(), StringComparison.Ordinal);
            Assert.Contains("broker stopped; refused: 0", output.ToString(), StringComparison.Ordinal);
        }
    }
}
