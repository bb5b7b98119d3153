using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;
using MedDeviceAgent.Companion.Tests.Support;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// The TLS PKI through 'mda pki ...': every certificate and the CRL checked by OpenSSL (an
    /// independent implementation), extensions, refusal of a second issue, bundle files and modes.
    /// OpenSSL missing makes these tests fail (Process.Start throws), never skip.
    /// </summary>
    [Collection(CliCollection.Name)]
    public sealed class PkiTlsCliTests : IDisposable
    {
        private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private readonly TempDir temp = new TempDir();

        public PkiTlsCliTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        internal static string IssueDevice(string pki, string id, string bundle, params string[] extra)
        {
            string[] args = new string[] { "pki", "issue-device", "--dir", pki, "--device-id", id, "--out", bundle };
            CliResult result = Mda.Run(Concat(args, extra));
            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            return bundle;
        }

        [Theory]
        [InlineData("ed25519")]
        [InlineData("p256")]
        public void Init_AnyRootAlgorithm_TlsCertificatesVerifyWithOpenSslIncludingCrlCheck(string algorithm)
        {
            string dir = PkiCliTests.InitPki(temp, algorithm);
            string tls = Path.Combine(dir, "tls");

            Assert.Contains(": OK", OpenSsl.Ok("verify", "-CAfile", Path.Combine(tls, "root-ca.pem"), Path.Combine(tls, "device-ca.pem")), StringComparison.Ordinal);
            Assert.Contains(": OK", OpenSsl.Ok("verify", "-CAfile", Path.Combine(tls, "ca.pem"), "-crl_check", "-CRLfile", Path.Combine(tls, "crl.pem"), Path.Combine(tls, "broker.pem")), StringComparison.Ordinal);
            string ca = OpenSsl.Ok("x509", "-in", Path.Combine(tls, "device-ca.pem"), "-noout", "-text");
            Assert.Contains("CA:TRUE, pathlen:0", ca, StringComparison.Ordinal);
            Assert.Contains("Certificate Sign, CRL Sign", ca, StringComparison.Ordinal);
            Assert.Contains("Subject Key Identifier", ca, StringComparison.Ordinal);
            Assert.Contains("Authority Key Identifier", ca, StringComparison.Ordinal);
            Assert.Contains("ecdsa-with-SHA256", ca, StringComparison.Ordinal);
            Assert.Contains("ASN1 OID: prime256v1", OpenSsl.Ok("x509", "-in", Path.Combine(tls, "root-ca.pem"), "-noout", "-text"), StringComparison.Ordinal);
            if (algorithm == "ed25519")
            {
                // The P-256 TLS root is certified by the Ed25519 offline root.
                Assert.Contains("ED25519", OpenSsl.Ok("x509", "-in", Path.Combine(tls, "offline-root.pem"), "-noout", "-text"), StringComparison.Ordinal);
                Assert.Contains(": OK", OpenSsl.Ok("verify", "-CAfile", Path.Combine(tls, "offline-root.pem"), Path.Combine(tls, "root-ca-cross.pem")), StringComparison.Ordinal);
                Assert.Equal(Modulus(Path.Combine(tls, "root-ca.pem")), Modulus(Path.Combine(tls, "root-ca-cross.pem")));
            }
            else
            {
                // The P-256 offline root is the TLS root: the certificate holds the root's public key.
                string rootPub = temp.File("root.pub.pem");
                Assert.Equal(0, Mda.Run("pki", "export-public", "--dir", dir, "--role", "root", "--out", rootPub).ExitCode);
                Assert.Equal(File.ReadAllText(rootPub).Trim(), OpenSsl.Ok("x509", "-in", Path.Combine(tls, "root-ca.pem"), "-noout", "-pubkey").Trim());
            }

            string[] tlsKeys = Directory.GetFiles(Path.Combine(tls, "keys"));
            Assert.Equal(algorithm == "ed25519" ? 3 : 2, tlsKeys.Length);
            foreach (string key in tlsKeys)
            {
                Assert.Equal(Private, FileModes.Of(key));
                Assert.StartsWith(EncryptedPrivateKeyFile.PemHeader, File.ReadAllText(key), StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Init_DefaultBrokerHosts_LocalhostAndLoopbacksWithServerAuth()
        {
            string dir = PkiCliTests.InitPki(temp, "p256");

            string text = OpenSsl.Ok("x509", "-in", Path.Combine(dir, "tls", "broker.pem"), "-noout", "-text");
            Assert.Contains("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1", text, StringComparison.Ordinal);
            Assert.Contains("TLS Web Server Authentication", text, StringComparison.Ordinal);
            Assert.DoesNotContain("TLS Web Client Authentication", text, StringComparison.Ordinal);
            Assert.Contains("CA:FALSE", text, StringComparison.Ordinal);
        }

        [Fact]
        public void Init_RepeatedBrokerHost_EachBecomesASubjectAltName()
        {
            string dir = temp.File("pki");

            CliResult result = Mda.Run("pki", "init", "--dir", dir, "--broker-host", "broker.example.org", "--broker-host", "10.1.2.3", "--broker-host", "fd00::7", "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            string text = OpenSsl.Ok("x509", "-in", Path.Combine(dir, "tls", "broker.pem"), "-noout", "-ext", "subjectAltName");
            Assert.Contains("DNS:broker.example.org, IP Address:10.1.2.3, IP Address:FD00:0:0:0:0:0:0:7", text, StringComparison.Ordinal);
            Assert.DoesNotContain("localhost", text, StringComparison.Ordinal);
            Assert.Equal(3, result.Json().GetProperty("tls").GetProperty("brokerHosts").GetArrayLength());
        }

        [Fact]
        public void Init_MalformedBrokerHost_UsageErrorAndNoPki()
        {
            string dir = temp.File("pki");

            CliResult result = Mda.Run("pki", "init", "--dir", dir, "--broker-host", "bad host!");

            Assert.Equal(ExitCodes.Usage, result.ExitCode);
            Assert.False(File.Exists(Path.Combine(dir, "pki.json")));
        }

        [Fact]
        public void IssueDevice_NewId_BundleVerifiesWithCrlCheckWithPrivateModesAndClientAuth()
        {
            string dir = PkiCliTests.InitPki(temp);
            string bundle = temp.File("bundle");

            CliResult result = Mda.Run("pki", "issue-device", "--dir", dir, "--device-id", "pump-0042", "--out", bundle, "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            string cert = Path.Combine(bundle, "cert.pem");
            Assert.Contains(": OK", OpenSsl.Ok("verify", "-CAfile", Path.Combine(bundle, "ca.pem"), "-crl_check", "-CRLfile", Path.Combine(dir, "tls", "crl.pem"), "-purpose", "sslclient", cert), StringComparison.Ordinal);
            Assert.NotEqual(0, OpenSsl.Run(null, "verify", "-CAfile", Path.Combine(bundle, "ca.pem"), "-purpose", "sslserver", cert).ExitCode);
            string text = OpenSsl.Ok("x509", "-in", cert, "-noout", "-text");
            Assert.Contains("CN = pump-0042", text, StringComparison.Ordinal);
            Assert.Contains("TLS Web Client Authentication", text, StringComparison.Ordinal);
            Assert.Contains("CA:FALSE", text, StringComparison.Ordinal);
            Assert.Contains("ASN1 OID: prime256v1", text, StringComparison.Ordinal);
            JsonElement json = result.Json();
            long days = (DateTimeOffset.Parse(json.GetProperty("notAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow).Days;
            Assert.InRange(days, TlsAuthority.DefaultValidDays - 1, TlsAuthority.DefaultValidDays);

            // The key matches the certificate and is the only private file that is a PEM key.
            Assert.Equal(OpenSsl.Ok("pkey", "-in", Path.Combine(bundle, "key.pem"), "-pubout").Trim(), OpenSsl.Ok("x509", "-in", cert, "-noout", "-pubkey").Trim());
            Assert.Equal(Private, FileModes.Of(Path.Combine(bundle, "key.pem")));
            Assert.Equal(Private, FileModes.Of(Path.Combine(bundle, "telemetry.key")));
            Assert.Equal(Private, FileModes.Of(Path.Combine(bundle, "network-deployment.json")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, FileModes.Of(bundle));

            // The telemetry key is 32 bytes, kept encrypted in the PKI for the companion.
            byte[] telemetry = File.ReadAllBytes(Path.Combine(bundle, "telemetry.key"));
            Assert.Equal(32, telemetry.Length);
            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(dir));
            Assert.Equal(telemetry, tls.UnlockTelemetryKey("pump-0042", Mda.Passphrase));
            string[] stored = Directory.GetFiles(Path.Combine(dir, "tls", "telemetry"));
            Assert.Single(stored);
            Assert.Equal(Private, FileModes.Of(stored[0]));
            Assert.StartsWith("-----BEGIN " + TelemetryKeyFile.PemLabel + "-----", File.ReadAllText(stored[0]), StringComparison.Ordinal);
            Assert.Equal(CompanionErrorKind.WrongPassphrase, Assert.Throws<CompanionException>(() => tls.UnlockTelemetryKey("pump-0042", "another-passphrase")).Kind);

            // Nothing secret reaches the console.
            string printed = result.Output + result.Error;
            Assert.DoesNotContain("PRIVATE KEY", printed, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(telemetry), printed, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(telemetry), printed, StringComparison.Ordinal);
        }

        [Fact]
        public void IssueDevice_NetworkDeploymentJson_HasNanoffCertificateFieldsAsBase64Pem()
        {
            string dir = PkiCliTests.InitPki(temp);
            string bundle = IssueDevice(dir, "dev-1", temp.File("b"));

            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "network-deployment.json")));
            JsonElement root = document.RootElement;
            string device = Encoding.ASCII.GetString(Convert.FromBase64String(root.GetProperty("DeviceCertificates").GetString()!));
            string ca = Encoding.ASCII.GetString(Convert.FromBase64String(root.GetProperty("CACertificates").GetString()!));
            Assert.Equal(File.ReadAllText(Path.Combine(bundle, "cert.pem")) + File.ReadAllText(Path.Combine(bundle, "key.pem")), device);
            Assert.Equal(File.ReadAllText(Path.Combine(bundle, "ca.pem")), ca);
            Assert.Equal(2, CountOf(ca, "-----BEGIN CERTIFICATE-----"));
            Assert.Equal(2, root.EnumerateObject().Count());
        }

        [Fact]
        public void IssueDevice_LiveId_RefusedWithPkiErrorAndNoSecondBundle()
        {
            string dir = PkiCliTests.InitPki(temp);
            IssueDevice(dir, "dev-1", temp.File("b1"));

            CliResult result = Mda.Run("pki", "issue-device", "--dir", dir, "--device-id", "dev-1", "--out", temp.File("b2"));

            Assert.Equal(ExitCodes.PkiError, result.ExitCode);
            Assert.Contains("live certificate", result.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(temp.File("b2")));
            Assert.Single(TlsAuthority.Open(PkiDirectory.Open(dir)).Devices);
        }

        [Fact]
        public void IssueDevice_OutFolderExists_OutputErrorAndNothingIssued()
        {
            string dir = PkiCliTests.InitPki(temp);
            Directory.CreateDirectory(temp.File("b"));

            CliResult result = Mda.Run("pki", "issue-device", "--dir", dir, "--device-id", "dev-1", "--out", temp.File("b"));

            Assert.Equal(ExitCodes.OutputError, result.ExitCode);
            Assert.Empty(Directory.GetFileSystemEntries(temp.File("b")));
            Assert.Empty(TlsAuthority.Open(PkiDirectory.Open(dir)).Devices);
        }

        [Fact]
        public void IssueDevice_WrongPassphrase_Exit4AndNothingIssued()
        {
            string dir = PkiCliTests.InitPki(temp);
            Mda.SetPassphrase("not-the-passphrase");

            CliResult result = Mda.Run("pki", "issue-device", "--dir", dir, "--device-id", "dev-1", "--out", temp.File("b"));

            Assert.Equal(ExitCodes.WrongPassphrase, result.ExitCode);
            Assert.False(Directory.Exists(temp.File("b")));
            Assert.Empty(TlsAuthority.Open(PkiDirectory.Open(dir)).Devices);
        }

        [Fact]
        public void RevokeDevice_IssuedId_CrlCheckFailsNewCrlNumberAndReissueAllowed()
        {
            string dir = PkiCliTests.InitPki(temp);
            string crl = Path.Combine(dir, "tls", "crl.pem");
            string first = IssueDevice(dir, "dev-1", temp.File("b1"));

            CliResult result = Mda.Run("pki", "revoke-device", "--dir", dir, "--device-id", "dev-1", "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.True(result.Json().GetProperty("changed").GetBoolean());
            Assert.Equal(2, result.Json().GetProperty("crlNumber").GetInt32());
            (int code, _, string error) = OpenSsl.Run(null, "verify", "-CAfile", Path.Combine(first, "ca.pem"), "-crl_check", "-CRLfile", crl, Path.Combine(first, "cert.pem"));
            Assert.NotEqual(0, code);
            Assert.Contains("certificate revoked", error + OpenSsl.Run(null, "verify", "-CAfile", Path.Combine(first, "ca.pem"), "-crl_check", "-CRLfile", crl, Path.Combine(first, "cert.pem")).Output, StringComparison.Ordinal);
            string crlText = OpenSsl.Ok("crl", "-in", crl, "-CAfile", Path.Combine(dir, "tls", "ca.pem"), "-noout", "-text");
            Assert.Contains("X509v3 CRL Number", crlText, StringComparison.Ordinal);
            Assert.Contains("Next Update", crlText, StringComparison.Ordinal);
            Assert.Contains("Version 2", crlText, StringComparison.Ordinal);
            Assert.Contains(OpenSsl.Ok("x509", "-in", Path.Combine(first, "cert.pem"), "-noout", "-serial").Trim().Substring("serial=".Length), crlText, StringComparison.OrdinalIgnoreCase);

            // A new certificate (new key) for the same id after revocation verifies under the same CRL.
            string second = IssueDevice(dir, "dev-1", temp.File("b2"));
            Assert.Contains(": OK", OpenSsl.Ok("verify", "-CAfile", Path.Combine(second, "ca.pem"), "-crl_check", "-CRLfile", crl, Path.Combine(second, "cert.pem")), StringComparison.Ordinal);
            Assert.NotEqual(File.ReadAllText(Path.Combine(first, "key.pem")), File.ReadAllText(Path.Combine(second, "key.pem")));

            CliResult again = Mda.Run("pki", "revoke-device", "--dir", dir, "--device-id", "dev-1", "--json");
            Assert.Equal(3, again.Json().GetProperty("crlNumber").GetInt32());
            CliResult nothingLeft = Mda.Run("pki", "revoke-device", "--dir", dir, "--device-id", "dev-1", "--json");
            Assert.Equal(ExitCodes.Ok, nothingLeft.ExitCode);
            Assert.False(nothingLeft.Json().GetProperty("changed").GetBoolean());
            Assert.Equal(3, nothingLeft.Json().GetProperty("crlNumber").GetInt32());
        }

        [Fact]
        public void RevokeDevice_NeverIssuedId_PkiError()
        {
            string dir = PkiCliTests.InitPki(temp);

            CliResult result = Mda.Run("pki", "revoke-device", "--dir", dir, "--device-id", "ghost");

            Assert.Equal(ExitCodes.PkiError, result.ExitCode);
            Assert.Contains("ghost", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void RefreshCrl_Issued_NextNumberAndStillVerifies()
        {
            string dir = PkiCliTests.InitPki(temp);
            string bundle = IssueDevice(dir, "dev-1", temp.File("b"));

            CliResult result = Mda.Run("pki", "refresh-crl", "--dir", dir, "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.Equal(2, result.Json().GetProperty("crlNumber").GetInt32());
            Assert.Contains(": OK", OpenSsl.Ok("verify", "-CAfile", Path.Combine(bundle, "ca.pem"), "-crl_check", "-CRLfile", Path.Combine(dir, "tls", "crl.pem"), Path.Combine(bundle, "cert.pem")), StringComparison.Ordinal);
        }

        [Fact]
        public void IssueOperator_Name_ClientAuthCertificateVerifiesWithoutTelemetryKey()
        {
            string dir = PkiCliTests.InitPki(temp);
            string bundle = temp.File("ops");

            CliResult result = Mda.Run("pki", "issue-operator", "--dir", dir, "--name", "companion", "--out", bundle);

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            string cert = Path.Combine(bundle, "cert.pem");
            Assert.Contains(": OK", OpenSsl.Ok("verify", "-CAfile", Path.Combine(bundle, "ca.pem"), "-crl_check", "-CRLfile", Path.Combine(dir, "tls", "crl.pem"), "-purpose", "sslclient", cert), StringComparison.Ordinal);
            Assert.Contains("CN = companion", OpenSsl.Ok("x509", "-in", cert, "-noout", "-subject"), StringComparison.Ordinal);
            Assert.Equal(Private, FileModes.Of(Path.Combine(bundle, "key.pem")));
            Assert.False(File.Exists(Path.Combine(bundle, "telemetry.key")));
            Assert.DoesNotContain("PRIVATE KEY", result.Output + result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void RevokeOperator_IssuedName_CrlCheckFails()
        {
            string dir = PkiCliTests.InitPki(temp);
            string bundle = temp.File("ops");
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "issue-operator", "--dir", dir, "--name", "companion", "--out", bundle).ExitCode);

            CliResult result = Mda.Run("pki", "revoke-operator", "--dir", dir, "--name", "companion", "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.True(result.Json().GetProperty("changed").GetBoolean());
            (int code, string output, string error) = OpenSsl.Run(null, "verify", "-CAfile", Path.Combine(bundle, "ca.pem"), "-crl_check", "-CRLfile", Path.Combine(dir, "tls", "crl.pem"), Path.Combine(bundle, "cert.pem"));
            Assert.NotEqual(0, code);
            Assert.Contains("certificate revoked", output + error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.PkiError, Mda.Run("pki", "revoke-operator", "--dir", dir, "--name", "nobody").ExitCode);
        }

        [Fact]
        public void IssueDevice_IdIsAnOperatorName_RefusedBothWays()
        {
            string dir = PkiCliTests.InitPki(temp);
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "issue-operator", "--dir", dir, "--name", "companion", "--out", temp.File("ops")).ExitCode);
            IssueDevice(dir, "dev-1", temp.File("b1"));

            CliResult device = Mda.Run("pki", "issue-device", "--dir", dir, "--device-id", "companion", "--out", temp.File("b2"));
            CliResult operatorNamedLikeDevice = Mda.Run("pki", "issue-operator", "--dir", dir, "--name", "dev-1", "--out", temp.File("ops2"));

            Assert.Equal(ExitCodes.PkiError, device.ExitCode);
            Assert.Equal(ExitCodes.PkiError, operatorNamedLikeDevice.ExitCode);
            Assert.False(Directory.Exists(temp.File("b2")));
            Assert.False(Directory.Exists(temp.File("ops2")));
        }

        [Fact]
        public void ListDevices_CertificateExpiringWithinWarnDays_WarnsOnStderrAndInJson()
        {
            string dir = PkiCliTests.InitPki(temp);
            IssueDevice(dir, "short-lived", temp.File("b1"), "--valid-days", "5");
            IssueDevice(dir, "long-lived", temp.File("b2"));

            CliResult result = Mda.Run("pki", "list-devices", "--dir", dir, "--warn-days", "30", "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            JsonElement json = result.Json();
            Assert.Equal(2, json.GetProperty("devices").GetArrayLength());
            Assert.Equal(1, json.GetProperty("warnings").GetArrayLength());
            Assert.Contains("short-lived", json.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
            Assert.Contains("warning: device 'short-lived'", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("long-lived", result.Error, StringComparison.Ordinal);

            CliResult quiet = Mda.Run("pki", "list-devices", "--dir", dir, "--warn-days", "3");
            Assert.Equal(ExitCodes.Ok, quiet.ExitCode);
            Assert.Equal(string.Empty, quiet.Error);
        }

        [Fact]
        public void ListDevices_RevokedCertificateNearExpiry_NoWarning()
        {
            string dir = PkiCliTests.InitPki(temp);
            IssueDevice(dir, "dev-1", temp.File("b1"), "--valid-days", "2");
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "revoke-device", "--dir", dir, "--device-id", "dev-1").ExitCode);

            CliResult result = Mda.Run("pki", "list-devices", "--dir", dir, "--json");

            Assert.Equal(0, result.Json().GetProperty("warnings").GetArrayLength());
            Assert.True(result.Json().GetProperty("devices")[0].GetProperty("revoked").GetBoolean());
        }

        [Fact]
        public void TlsInit_PkiWithoutTls_CreatesItOnceThenRefuses()
        {
            string dir = PkiCliTests.InitPki(temp);
            Directory.Delete(Path.Combine(dir, "tls"), recursive: true);

            CliResult result = Mda.Run("pki", "tls-init", "--dir", dir, "--broker-host", "mqtt.local");
            CliResult again = Mda.Run("pki", "tls-init", "--dir", dir);

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.Contains("DNS:mqtt.local", OpenSsl.Ok("x509", "-in", Path.Combine(dir, "tls", "broker.pem"), "-noout", "-ext", "subjectAltName"), StringComparison.Ordinal);
            Assert.Equal(ExitCodes.PkiError, again.ExitCode);
        }

        [Fact]
        public void IssueDevice_PkiWithoutTls_PkiErrorNamingTlsInit()
        {
            string dir = PkiCliTests.InitPki(temp);
            Directory.Delete(Path.Combine(dir, "tls"), recursive: true);

            CliResult result = Mda.Run("pki", "issue-device", "--dir", dir, "--device-id", "dev-1", "--out", temp.File("b"));

            Assert.Equal(ExitCodes.PkiError, result.ExitCode);
            Assert.Contains("tls-init", result.Error, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("issue-device")]
        [InlineData("revoke-device")]
        [InlineData("issue-operator")]
        [InlineData("revoke-operator")]
        [InlineData("list-devices")]
        [InlineData("refresh-crl")]
        [InlineData("tls-init")]
        public void Help_TlsCommand_DocumentsExitCodes(string command)
        {
            CliResult result = Mda.Run("pki", command, "--help");

            Assert.Equal(ExitCodes.Ok, result.ExitCode);
            Assert.Contains("Exit codes", result.Output, StringComparison.Ordinal);
            Assert.Contains("--dir", result.Output, StringComparison.Ordinal);
        }

        private static string Modulus(string certificate)
        {
            return OpenSsl.Ok("x509", "-in", certificate, "-noout", "-pubkey");
        }

        private static int CountOf(string text, string part)
        {
            int count = 0;
            for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }

        private static string[] Concat(string[] first, string[] second)
        {
            string[] all = new string[first.Length + second.Length];
            first.CopyTo(all, 0);
            second.CopyTo(all, first.Length);
            return all;
        }
    }
}
