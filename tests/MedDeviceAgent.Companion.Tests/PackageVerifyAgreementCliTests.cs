using System;
using System.IO;
using System.Text.Json;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// 'mda package verify' and 'mda sim verify' give the same verdict, because both are the
    /// firmware core's; and package verify's report claims only the checks it made.
    /// </summary>
    [Collection(CliCollection.Name)]
    public sealed class PackageVerifyAgreementCliTests : IDisposable
    {
        private const string Vendor = "meddeviceagent";
        private const string DeviceClass = "pump-x1";
        private readonly TempDir temp = new TempDir();

        public PackageVerifyAgreementCliTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        [Fact]
        public void PackageVerifyAndSimVerify_FreshPackageByte457Flipped_BothBadSignature()
        {
            // The reported case: the old companion stack said 26 KeyIdMismatch, the device 30 BadSignature.
            // With this class the envelope is 526 bytes and offset 457 falls in the manifest's signer
            // key id, which the old stack compared before checking the signature.
            (string pki, string root, string device) = Provision(string.Empty);
            string fresh = Create(pki, "fresh.mdpkg", 200 * 1024, "pump-x1-ward-icu", 3);
            byte[] bytes = File.ReadAllBytes(fresh);
            byte[] signer = Convert.FromHexString(Mda.Run("package", "inspect", fresh, "--json").Json().GetProperty("manifest").GetProperty("signerKeyId").GetString()!);
            int manifestSigner = bytes.AsSpan(0, 8 + ((bytes[6] << 8) | bytes[7])).LastIndexOf(signer);
            Assert.True(manifestSigner <= 457 && 457 < manifestSigner + 16, "offset 457 lies in the manifest's signer key id (at " + manifestSigner + ")");
            bytes[457] ^= 0x01;
            string flipped = temp.Write("flipped.mdpkg", bytes);

            CliResult companion = Mda.Run("package", "verify", "--trust", root, flipped);
            CliResult sim = Mda.Run("sim", "verify", "--state", device, flipped);

            Assert.Equal((int)UpdateResult.BadSignature, sim.ExitCode);
            Assert.True(companion.ExitCode == sim.ExitCode, companion.ToString());
        }

        [Fact]
        public void PackageVerify_DeviceFactsGiven_SameVerdictsAsSimVerifyAndAllChecked()
        {
            (string pki, string root, string device) = Provision(string.Empty);
            string good = Create(pki, "good.mdpkg", 100, DeviceClass, 3);
            string foreign = Create(pki, "foreign.mdpkg", 100, "ventilator-v2", 3);
            string older = Create(pki, "older.mdpkg", 100, DeviceClass, 0);
            string[] facts = { "--vendor", Vendor, "--device-class", DeviceClass, "--security-floor", "1", "--slot-capacity", "1572864" };

            foreach (string package in new[] { good, foreign, older })
            {
                CliResult companion = Mda.Run([.. new[] { "package", "verify", "--trust", root, package }, .. facts]);
                CliResult sim = Mda.Run("sim", "verify", "--state", device, package);
                Assert.True(companion.ExitCode == sim.ExitCode, Path.GetFileName(package) + ": " + companion + "\n" + sim);
            }

            Assert.Equal((int)UpdateResult.WrongDeviceClass, Mda.Run("sim", "verify", "--state", device, foreign).ExitCode);
            Assert.Equal((int)UpdateResult.Rollback, Mda.Run("sim", "verify", "--state", device, older).ExitCode);
            JsonElement accepted = Mda.Run([.. new[] { "package", "verify", "--trust", root, good, "--json" }, .. facts]).Json();
            Assert.Equal(0, accepted.GetProperty("notChecked").GetArrayLength());
            Assert.Contains("device class 'pump-x1'", accepted.GetProperty("checked").ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void PackageVerify_DeviceFactsNotGiven_SuccessLineSaysWhatWasNotChecked()
        {
            (string pki, string root, _) = Provision(string.Empty);
            string foreign = Create(pki, "foreign.mdpkg", 100, "ventilator-v2", 0);

            CliResult text = Mda.Run("package", "verify", "--trust", root, foreign);
            JsonElement json = Mda.Run("package", "verify", "--trust", root, foreign, "--json").Json();

            Assert.Equal(ExitCodes.Ok, text.ExitCode);
            string headline = text.Output.Split('\n')[0];
            Assert.StartsWith("ACCEPTED", headline, StringComparison.Ordinal);
            Assert.Contains("NOT checked: vendor, device class, security-counter floor, slot capacity", headline, StringComparison.Ordinal);
            Assert.DoesNotContain("meant for this device", text.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("rollback", json.GetProperty("meaning").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(4, json.GetProperty("notChecked").GetArrayLength());
            Assert.DoesNotContain("device class", json.GetProperty("checked").ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void PackageVerify_RotatedRootTrustedAsFirstRoot_InvalidRootChainLikeTheDevice()
        {
            (string pki, _, _) = Provision(string.Empty);
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "rotate-root", "--dir", pki).ExitCode);
            string newRoot = temp.File("new-root.pem");
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "export-public", "--dir", pki, "--role", "root", "--out", newRoot).ExitCode);
            string package = Create(pki, "p.mdpkg", 100, DeviceClass, 3);
            string device = temp.File("device-new-root");
            Assert.Equal(ExitCodes.Ok, Mda.Run("sim", "init", "--state", device, "--trust", newRoot, "--device-class", DeviceClass, "--device-id", "SN-2", "--vendor", Vendor).ExitCode);

            CliResult sim = Mda.Run("sim", "verify", "--state", device, package);
            CliResult asFirst = Mda.Run("package", "verify", "--trust", newRoot, package);
            CliResult asSecond = Mda.Run("package", "verify", "--trust", newRoot, "--root-sequence", "2", package);

            Assert.Equal((int)UpdateResult.InvalidRootChain, sim.ExitCode);
            Assert.Equal(sim.ExitCode, asFirst.ExitCode);
            Assert.True(asSecond.ExitCode == ExitCodes.Ok, asSecond.ToString());
        }

        [Fact]
        public void PackageVerify_BadDeviceFactsOrMcuBootWithThem_Usage()
        {
            (string pki, string root, _) = Provision(string.Empty);
            string package = Create(pki, "p.mdpkg", 100, DeviceClass, 3);
            string payload = temp.Write("img.bin", TestHierarchy.Payload(64));
            Assert.Equal(ExitCodes.Ok, Mda.Run("package", "create", "--pki", pki, "--payload", payload, "--version", "1.0.0", "--security-counter", "1", "--format", "mcuboot", "--out", temp.File("fw.img")).ExitCode);

            Assert.Equal(ExitCodes.Usage, Mda.Run("package", "verify", "--trust", root, "--root-sequence", "0", package).ExitCode);
            Assert.Equal(ExitCodes.Usage, Mda.Run("package", "verify", "--trust", root, "--security-floor", "-1", package).ExitCode);
            Assert.Equal(ExitCodes.Usage, Mda.Run("package", "verify", "--trust", root, "--slot-capacity", "0", package).ExitCode);
            Assert.Equal(ExitCodes.Usage, Mda.Run("package", "verify", "--trust", root, "--device-class", "bad class", package).ExitCode);
            Assert.Equal(ExitCodes.Usage, Mda.Run("package", "verify", "--trust", root, "--vendor", Vendor, temp.File("fw.img")).ExitCode);
        }

        /// <summary>A PKI (default vendor), its exported root, and a virtual device of that vendor and <see cref="DeviceClass"/> with floor 1.</summary>
        private (string Pki, string Root, string Device) Provision(string suffix)
        {
            string pki = temp.File("pki" + suffix);
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "init", "--dir", pki).ExitCode);
            string root = temp.File("root" + suffix + ".pem");
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "export-public", "--dir", pki, "--role", "root", "--out", root).ExitCode);
            string device = temp.File("device" + suffix);
            CliResult init = Mda.Run("sim", "init", "--state", device, "--trust", root, "--device-class", DeviceClass, "--device-id", "SN-1", "--vendor", Vendor, "--security-counter", "1");
            Assert.True(init.ExitCode == ExitCodes.Ok, init.ToString());
            return (pki, root, device);
        }

        private string Create(string pki, string name, int payloadSize, string deviceClass, int counter)
        {
            string payload = temp.Write(name + ".bin", TestHierarchy.Payload(payloadSize));
            string output = temp.File(name);
            CliResult result = Mda.Run("package", "create", "--pki", pki, "--payload", payload, "--version", "1.2.0", "--security-counter", counter.ToString(System.Globalization.CultureInfo.InvariantCulture), "--device-class", deviceClass, "--out", output);
            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            return output;
        }
    }
}
