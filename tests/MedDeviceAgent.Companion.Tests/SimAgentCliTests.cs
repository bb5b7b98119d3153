using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.Companion.Tests.Support;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>'mda sim init --bundle', 'mda sim run' and 'mda sim fleet' through CliApp.Run, against the embedded broker.</summary>
    [Collection(CliCollection.Name)]
    public sealed class SimAgentCliTests : IDisposable
    {
        private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private readonly TempDir temp = new TempDir();

        public SimAgentCliTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        [Fact]
        public void SimInitBundle_IssuedBundle_DeviceIdFromCertificateAndSecretsPrivate()
        {
            (string pki, string root) = Pki();
            string bundle = PkiTlsCliTests.IssueDevice(pki, "dev-cli-1", temp.File("bundle"));
            string state = temp.File("device");

            CliResult init = Mda.Run("sim", "init", "--state", state, "--bundle", bundle, "--trust", root, "--device-class", "pump-x1", "--json");
            Assert.True(init.ExitCode == ExitCodes.Ok, init.ToString());
            Assert.Equal("dev-cli-1", init.Json().GetProperty("deviceId").GetString());
            Assert.Equal(Private, FileModes.Of(Path.Combine(state, "key.pem")));
            Assert.Equal(Private, FileModes.Of(Path.Combine(state, "telemetry.key")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(bundle, "telemetry.key")), File.ReadAllBytes(Path.Combine(state, "telemetry.key")));
            Assert.Equal(File.ReadAllText(Path.Combine(bundle, "cert.pem")), File.ReadAllText(Path.Combine(state, "cert.pem")));
        }

        [Fact]
        public void SimInitBundle_KeyOfAnotherDevice_RefusedWithExit3AndNothingCreated()
        {
            (string pki, string root) = Pki();
            string a = PkiTlsCliTests.IssueDevice(pki, "dev-cli-a", temp.File("a"));
            string b = PkiTlsCliTests.IssueDevice(pki, "dev-cli-b", temp.File("b"));
            File.Copy(Path.Combine(b, "key.pem"), Path.Combine(a, "key.pem"), true);
            string state = temp.File("device");

            CliResult init = Mda.Run("sim", "init", "--state", state, "--bundle", a, "--trust", root, "--device-class", "pump-x1");
            Assert.True(init.ExitCode == ExitCodes.InputError, init.ToString());
            Assert.Contains("do not match", init.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(state));
        }

        [Fact]
        public void SimInitBundle_CommonNameNotADeviceId_RefusedWithExit3()
        {
            (_, string root) = Pki();
            string bundle = temp.File("forged");
            Directory.CreateDirectory(bundle);
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            CertificateRequest request = new CertificateRequest("CN=not a/device+id", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(Path.Combine(bundle, "cert.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(bundle, "ca.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(bundle, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            File.WriteAllBytes(Path.Combine(bundle, "telemetry.key"), new byte[32]);

            CliResult init = Mda.Run("sim", "init", "--state", temp.File("device"), "--bundle", bundle, "--trust", root, "--device-class", "pump-x1");
            Assert.True(init.ExitCode == ExitCodes.InputError, init.ToString());
            Assert.Contains("not a valid device id", init.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void SimInit_DeviceIdOtherThanTheBundlesOrNeither_UsageExit2()
        {
            (string pki, string root) = Pki();
            string bundle = PkiTlsCliTests.IssueDevice(pki, "dev-cli-c", temp.File("bundle"));
            CliResult other = Mda.Run("sim", "init", "--state", temp.File("d1"), "--bundle", bundle, "--device-id", "dev-cli-x", "--trust", root, "--device-class", "pump-x1");
            CliResult neither = Mda.Run("sim", "init", "--state", temp.File("d2"), "--trust", root, "--device-class", "pump-x1");
            Assert.True(other.ExitCode == ExitCodes.Usage, other.ToString());
            Assert.True(neither.ExitCode == ExitCodes.Usage, neither.ToString());
        }

        [Fact]
        public void SimRun_Count_ExitsZeroOnceThatManyAreAcknowledged()
        {
            (string pki, string root) = Pki();
            string state = Device(pki, root, "dev-run-1");
            EmbeddedBroker broker = PkiBroker.Start(pki, Mda.Passphrase);
            try
            {
                CliResult run = Mda.Run("sim", "run", "--state", state, "--broker", "127.0.0.1:" + broker.Port, "--period", "0.1", "--count", "3", "--duration", "60", "--json");
                Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
                JsonElement summary = run.Json();
                Assert.True(summary.GetProperty("acked").GetInt64() >= 3);
                Assert.True(summary.GetProperty("countReached").GetBoolean());
                Assert.Equal(0, summary.GetProperty("dropped").GetInt64());

                // A second run is a new boot; what the first left queued goes first.
                CliResult again = Mda.Run("sim", "run", "--state", state, "--broker", "127.0.0.1:" + broker.Port, "--period", "0.1", "--count", "2", "--duration", "60", "--json");
                Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
                Assert.True(again.Json().GetProperty("boot").GetInt64() > summary.GetProperty("boot").GetInt64());
            }
            finally
            {
                PkiBroker.Stop(broker);
            }
        }

        [Fact]
        public void SimRun_BrokerUnreachable_CountNotReachedExit8AndMessagesStayQueued()
        {
            (string pki, string root) = Pki();
            string state = Device(pki, root, "dev-run-2");
            CliResult run = Mda.Run("sim", "run", "--state", state, "--broker", "127.0.0.1:1", "--period", "0.2", "--count", "5", "--duration", "1.5", "--json");
            Assert.True(run.ExitCode == ExitCodes.NotCompleted, run.ToString());
            JsonElement summary = run.Json();
            Assert.Equal(0, summary.GetProperty("acked").GetInt64());
            Assert.True(summary.GetProperty("pending").GetInt64() >= 3);
            Assert.True(summary.GetProperty("connectFailures").GetInt64() >= 1);
        }

        [Fact]
        public void SimRun_DeviceWithoutBundleOrBadBroker_Refused()
        {
            (_, string root) = Pki();
            string plain = temp.File("plain");
            Assert.Equal(ExitCodes.Ok, Mda.Run("sim", "init", "--state", plain, "--trust", root, "--device-class", "pump-x1", "--device-id", "SN-9").ExitCode);
            CliResult noBundle = Mda.Run("sim", "run", "--state", plain, "--broker", "127.0.0.1:8883", "--count", "1");
            CliResult badBroker = Mda.Run("sim", "run", "--state", plain, "--broker", "localhost", "--count", "1");
            CliResult noDevice = Mda.Run("sim", "run", "--state", temp.File("nothing"), "--broker", "127.0.0.1:8883");
            Assert.True(noBundle.ExitCode == ExitCodes.InputError, noBundle.ToString());
            Assert.Contains("--bundle", noBundle.Error, StringComparison.Ordinal);
            Assert.True(badBroker.ExitCode == ExitCodes.Usage, badBroker.ToString());
            Assert.True(noDevice.ExitCode == ExitCodes.InputError, noDevice.ToString());
        }

        [Fact]
        public void SimFleet_ThreeDevices_AllConnectAndDeliverAndARerunReusesTheBundlesAsTheNextBoot()
        {
            (string pki, _) = Pki();
            EmbeddedBroker broker = PkiBroker.Start(pki, Mda.Passphrase);
            try
            {
                string work = temp.File("fleet");
                CliResult first = Mda.Run("sim", "fleet", "--pki", pki, "--devices", "3", "--broker", "127.0.0.1:" + broker.Port, "--period", "0.2", "--duration", "3", "--work", work, "--workers", "2", "--json");
                Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
                JsonElement a = first.Json();
                Assert.Equal(3, a.GetProperty("connected").GetInt32());
                Assert.Equal(3, a.GetProperty("bundlesIssued").GetInt32());
                Assert.True(a.GetProperty("acked").GetInt64() >= 9, first.ToString());
                Assert.Equal(0, a.GetProperty("lost").GetInt64());
                Assert.True(a.GetProperty("latencyP99Ms").GetDouble() > 0);
                Assert.True(Directory.Exists(Path.Combine(work, "bundles", "fleet-00003")));

                Assert.Equal("1", File.ReadAllText(Path.Combine(work, "last-boot")).Trim());

                // A rerun is the next boot (an ingest that stored the first run would otherwise refuse it as replays), and
                // --timeline lists every message it queued.
                string timeline = temp.File("timeline.csv");
                CliResult second = Mda.Run("sim", "fleet", "--pki", pki, "--devices", "3", "--broker", "127.0.0.1:" + broker.Port, "--period", "0.2", "--duration", "1", "--work", work, "--timeline", timeline, "--json");
                Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
                JsonElement b = second.Json();
                Assert.Equal(0, b.GetProperty("bundlesIssued").GetInt32());
                Assert.Equal(3, b.GetProperty("connected").GetInt32());
                Assert.True(b.GetProperty("steadyMessages").GetInt64() > 0, second.ToString());
                Assert.Equal("2", File.ReadAllText(Path.Combine(work, "last-boot")).Trim());
                string[] lines = File.ReadAllLines(timeline);
                Assert.Equal("device,boot,sequence,queued_unix_ms,steady", lines[0]);
                Assert.Contains(lines.Skip(1), l => l.EndsWith(",1", StringComparison.Ordinal));
                Assert.Equal(b.GetProperty("queued").GetInt64(), lines.Length - 1);
                Assert.All(lines.Skip(1), l => Assert.Equal("2", l.Split(',')[1]));
                Assert.Equal(new[] { "fleet-00001", "fleet-00002", "fleet-00003" }, lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().OrderBy(x => x, StringComparer.Ordinal));
                Assert.All(lines.Skip(1).GroupBy(l => l.Split(',')[0]), g => Assert.Equal(Enumerable.Range(0, g.Count()).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), g.Select(l => l.Split(',')[2])));

                File.WriteAllText(Path.Combine(work, "last-boot"), "not a number\n");
                CliResult damaged = Mda.Run("sim", "fleet", "--pki", pki, "--devices", "3", "--broker", "127.0.0.1:" + broker.Port, "--duration", "1", "--work", work);
                Assert.True(damaged.ExitCode == ExitCodes.InputError, damaged.ToString());
                Assert.Contains("last-boot", damaged.Error, StringComparison.Ordinal);
            }
            finally
            {
                PkiBroker.Stop(broker);
            }
        }

        [Fact]
        public void SimFleet_BadArguments_UsageExit2AndMissingPkiExit5()
        {
            CliResult zero = Mda.Run("sim", "fleet", "--pki", temp.File("p"), "--devices", "0", "--broker", "127.0.0.1:8883");
            CliResult broker = Mda.Run("sim", "fleet", "--pki", temp.File("p"), "--devices", "2", "--broker", "127.0.0.1:99999");
            CliResult pki = Mda.Run("sim", "fleet", "--pki", temp.File("p"), "--devices", "2", "--broker", "127.0.0.1:8883", "--duration", "1");
            Assert.True(zero.ExitCode == ExitCodes.Usage, zero.ToString());
            Assert.True(broker.ExitCode == ExitCodes.Usage, broker.ToString());
            Assert.True(pki.ExitCode == ExitCodes.PkiError, pki.ToString());
        }

        private (string Pki, string RootPub) Pki()
        {
            string pki = PkiCliTests.InitPki(temp);
            string root = temp.File("root.pub");
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "export-public", "--dir", pki, "--role", "root", "--out", root).ExitCode);
            return (pki, root);
        }

        private string Device(string pki, string root, string id)
        {
            string bundle = PkiTlsCliTests.IssueDevice(pki, id, temp.File("bundle-" + id));
            string state = temp.File("state-" + id);
            CliResult init = Mda.Run("sim", "init", "--state", state, "--bundle", bundle, "--trust", root, "--device-class", "pump-x1");
            Assert.True(init.ExitCode == ExitCodes.Ok, init.ToString());
            return state;
        }
    }
}
