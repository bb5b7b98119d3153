using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;
using MedDeviceAgent.Companion.Tests.Support;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// The PKI's telemetry wrapping key and batch issuance: device keys wrapped under one vault and bound to their device
    /// and certificate, earlier PBES2 key files still read, the vault made once even by concurrent issuers, and
    /// <see cref="TlsAuthority.IssueDevices"/> issuing many devices (more than one register chunk) with the same checks
    /// as a single issue.
    /// </summary>
    [Collection(CliCollection.Name)]
    public sealed class TelemetryKeyVaultTests : IDisposable
    {
        private readonly TempDir temp = new TempDir();

        public TelemetryKeyVaultTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        [Fact]
        public void IssueDevice_TelemetryKey_WrappedUnderTheVaultAndUnlockedWithIt()
        {
            string dir = PkiCliTests.InitPki(temp);
            Assert.False(TelemetryKeyVault.Exists(dir));
            string bundle = PkiTlsCliTests.IssueDevice(dir, "dev-1", temp.File("b1"));

            Assert.True(TelemetryKeyVault.Exists(dir));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, FileModes.Of(Path.Combine(dir, TelemetryKeyVault.RelativePath)));
            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(dir));
            using TelemetryKeyVault vault = tls.OpenTelemetryVault(Mda.Passphrase);
            Assert.Equal(File.ReadAllBytes(Path.Combine(bundle, "telemetry.key")), tls.UnlockTelemetryKey("dev-1", Mda.Passphrase, () => vault));
            Assert.Equal(CompanionErrorKind.WrongPassphrase, Assert.Throws<CompanionException>(() => tls.OpenTelemetryVault("another-passphrase")).Kind);
        }

        [Fact]
        public void UnlockTelemetryKey_FileOfAnotherDeviceSwappedIn_RefusedAsPkiError()
        {
            string dir = PkiCliTests.InitPki(temp);
            PkiTlsCliTests.IssueDevice(dir, "dev-1", temp.File("b1"));
            PkiTlsCliTests.IssueDevice(dir, "dev-2", temp.File("b2"));
            string[] files = Directory.GetFiles(Path.Combine(dir, "tls", "telemetry")).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            Assert.Equal(2, files.Length);

            // dev-1's file now holds dev-2's wrapped key: the binding to id and serial refuses it.
            File.Copy(files[1], files[0], true);
            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(dir));

            CompanionException refused = Assert.Throws<CompanionException>(() => tls.UnlockTelemetryKey("dev-1", Mda.Passphrase));
            Assert.Equal(CompanionErrorKind.PkiError, refused.Kind);
            Assert.Contains("dev-1", refused.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void UnlockTelemetryKey_AlteredWrappedKey_RefusedAsPkiError()
        {
            string dir = PkiCliTests.InitPki(temp);
            PkiTlsCliTests.IssueDevice(dir, "dev-1", temp.File("b1"));
            string file = Directory.GetFiles(Path.Combine(dir, "tls", "telemetry")).Single();
            string text = File.ReadAllText(file);
            byte[] wrapped = Convert.FromBase64String(string.Concat(text.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
            wrapped[20] ^= 1;
            File.WriteAllText(file, System.Security.Cryptography.PemEncoding.WriteString(TelemetryKeyFile.PemLabel, wrapped) + "\n");

            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(dir));

            Assert.Equal(CompanionErrorKind.PkiError, Assert.Throws<CompanionException>(() => tls.UnlockTelemetryKey("dev-1", Mda.Passphrase)).Kind);
        }

        [Fact]
        public void UnlockTelemetryKey_EarlierPbes2File_StillReadWithThePassphrase()
        {
            string dir = PkiCliTests.InitPki(temp);
            string bundle = PkiTlsCliTests.IssueDevice(dir, "dev-1", temp.File("b1"));
            string file = Directory.GetFiles(Path.Combine(dir, "tls", "telemetry")).Single();
            byte[] key = File.ReadAllBytes(Path.Combine(bundle, "telemetry.key"));
            TelemetryKeyFile.WriteLegacy(file, key, Mda.Passphrase);
            Assert.StartsWith("-----BEGIN " + TelemetryKeyFile.LegacyPemLabel + "-----", File.ReadAllText(file), StringComparison.Ordinal);

            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(dir));

            Assert.Equal(key, tls.UnlockTelemetryKey("dev-1", Mda.Passphrase, () => throw new InvalidOperationException("an earlier file needs no vault")));
            Assert.Equal(CompanionErrorKind.WrongPassphrase, Assert.Throws<CompanionException>(() => tls.UnlockTelemetryKey("dev-1", "another-passphrase")).Kind);
            DeviceKeyRing ring = new DeviceKeyRing(dir, Mda.Passphrase);
            Assert.NotNull(ring.Find("dev-1"));
        }

        [Fact]
        public void OpenOrCreate_ConcurrentIssuers_OneWrappingKeyForAll()
        {
            string dir = PkiCliTests.InitPki(temp);
            byte[] key = TelemetryKeyFile.Generate();
            TelemetryKeyVault[] vaults = new TelemetryKeyVault[4];
            Parallel.For(0, vaults.Length, i => vaults[i] = TelemetryKeyVault.OpenOrCreate(dir, Mda.Passphrase));
            try
            {
                byte[] wrapped = vaults[0].Wrap(key, "dev-1", "0a");
                for (int i = 1; i < vaults.Length; i++)
                {
                    Assert.Equal(key, vaults[i].Unwrap(wrapped, "dev-1", "0a"));
                }

                Assert.Equal(new[] { "telemetry-wrapping-key.pem" }, Directory.GetFiles(Path.Combine(dir, "tls", "keys"), "telemetry-*").Select(Path.GetFileName));
                Assert.Throws<CompanionException>(() => vaults[1].Unwrap(wrapped, "dev-1", "0b"));
            }
            finally
            {
                foreach (TelemetryKeyVault vault in vaults)
                {
                    vault.Dispose();
                }
            }
        }

        [Fact]
        public void IssueDevices_MoreThanOneChunk_EveryBundleWholeRegisteredAndItsKeyUnlocks()
        {
            string dir = PkiCliTests.InitPki(temp);
            string folder = temp.File("bundles");
            Directory.CreateDirectory(folder);
            List<KeyValuePair<string, string>> devices = Enumerable.Range(1, 300).Select(i => new KeyValuePair<string, string>("fleet-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), Path.Combine(folder, "d" + i))).ToList();
            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(dir));
            List<int> progress = new List<int>();

            IReadOnlyList<IssuedCertificate> issued = tls.IssueDevices(devices, 30, Mda.Passphrase, DateTimeOffset.UtcNow, progress.Add);

            Assert.Equal(devices.Select(d => d.Key), issued.Select(c => c.Name));
            Assert.Equal(new[] { 256, 300 }, progress);
            TlsAuthority reopened = TlsAuthority.Open(PkiDirectory.Open(dir));
            Assert.Equal(300, reopened.Devices.Count(d => !d.Revoked));
            Assert.Equal(300, issued.Select(c => c.SerialHex).Distinct().Count());
            using TelemetryKeyVault vault = reopened.OpenTelemetryVault(Mda.Passphrase);
            foreach (KeyValuePair<string, string> device in devices)
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(device.Value, "telemetry.key")), reopened.UnlockTelemetryKey(device.Key, Mda.Passphrase, () => vault));
            }

            string tlsFolder = Path.Combine(dir, "tls");
            foreach (KeyValuePair<string, string> device in new[] { devices[0], devices[255], devices[256], devices[299] })
            {
                Assert.Contains(": OK", OpenSsl.Ok("verify", "-CAfile", Path.Combine(tlsFolder, "ca.pem"), "-crl_check", "-CRLfile", Path.Combine(tlsFolder, "crl.pem"), Path.Combine(device.Value, "cert.pem")), StringComparison.Ordinal);
                Assert.Contains("CN=" + device.Key, OpenSsl.Ok("x509", "-in", Path.Combine(device.Value, "cert.pem"), "-noout", "-subject").Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            }
        }

        [Fact]
        public void IssueDevices_LiveOrRepeatedIdOrExistingFolder_RefusedBeforeAnythingIsMade()
        {
            string dir = PkiCliTests.InitPki(temp);
            PkiTlsCliTests.IssueDevice(dir, "dev-1", temp.File("b1"));
            TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(dir));
            Directory.CreateDirectory(temp.File("exists"));
            KeyValuePair<string, string> fresh = new KeyValuePair<string, string>("dev-2", temp.File("b2"));

            CompanionException live = Assert.Throws<CompanionException>(() => tls.IssueDevices(new[] { fresh, new KeyValuePair<string, string>("dev-1", temp.File("b3")) }, 30, Mda.Passphrase, DateTimeOffset.UtcNow, null));
            CompanionException twice = Assert.Throws<CompanionException>(() => tls.IssueDevices(new[] { fresh, new KeyValuePair<string, string>("dev-2", temp.File("b4")) }, 30, Mda.Passphrase, DateTimeOffset.UtcNow, null));
            CompanionException folder = Assert.Throws<CompanionException>(() => tls.IssueDevices(new[] { fresh, new KeyValuePair<string, string>("dev-5", temp.File("exists")) }, 30, Mda.Passphrase, DateTimeOffset.UtcNow, null));

            Assert.Equal(CompanionErrorKind.PkiError, live.Kind);
            Assert.Equal(CompanionErrorKind.InvalidArgument, twice.Kind);
            Assert.Equal(CompanionErrorKind.OutputError, folder.Kind);
            Assert.Single(TlsAuthority.Open(PkiDirectory.Open(dir)).Devices);
            Assert.False(Directory.Exists(temp.File("b2")));
            Assert.Single(Directory.GetFiles(Path.Combine(dir, "tls", "telemetry")));
        }
    }
}
