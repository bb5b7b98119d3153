using System;
using System.IO;
using System.Text.Json;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>'mda package ...' through CliApp.Run, and the PKI round trips the brief names.</summary>
    [Collection(CliCollection.Name)]
    public sealed class PackageCliTests : IDisposable
    {
        private readonly TempDir temp = new TempDir();

        public PackageCliTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        private string Payload(int size = 20000) => temp.Write("fw.bin", TestHierarchy.Payload(size));

        private CliResult Create(string pki, string output, params string[] extra)
        {
            string[] args = new[] { "package", "create", "--pki", pki, "--payload", temp.File("fw.bin"), "--version", "1.4.2", "--security-counter", "12", "--out", output };
            if (Array.IndexOf(extra, "--format") < 0 || extra[Array.IndexOf(extra, "--format") + 1] == "mdpkg")
            {
                args = [.. args, "--device-class", "pump-x1"];
            }

            return Mda.Run([.. args, .. extra]);
        }

        private string ExportRoot(string pki, string name = "root.pub.pem")
        {
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "export-public", "--dir", pki, "--role", "root", "--out", temp.File(name)).ExitCode);
            return temp.File(name);
        }

        [Theory]
        [InlineData("ed25519")]
        [InlineData("p256")]
        public void CreateVerifyInspect_RoundTrip_Accepted(string algorithm)
        {
            string pki = PkiCliTests.InitPki(temp, algorithm);
            Payload();
            string root = ExportRoot(pki);

            CliResult created = Create(pki, temp.File("fw.mdpkg"), "--component", "bootloader", "--expires", "2099-01-01", "--json");
            CliResult verified = Mda.Run("package", "verify", "--trust", root, temp.File("fw.mdpkg"), "--json");
            CliResult inspected = Mda.Run("package", "inspect", temp.File("fw.mdpkg"), "--json");
            CliResult text = Mda.Run("package", "verify", "--trust", root, temp.File("fw.mdpkg"));

            Assert.True(created.ExitCode == ExitCodes.Ok, created.ToString());
            Assert.True(verified.ExitCode == ExitCodes.Ok, verified.ToString());
            JsonElement verdict = verified.Json();
            Assert.True(verdict.GetProperty("accepted").GetBoolean());
            Assert.Equal("Accepted", verdict.GetProperty("result").GetString());
            Assert.Equal("pump-x1", verdict.GetProperty("manifest").GetProperty("deviceClassId").GetString());
            JsonElement manifest = inspected.Json().GetProperty("manifest");
            Assert.Equal("acme", manifest.GetProperty("vendorId").GetString());
            Assert.Equal("bootloader", manifest.GetProperty("component").GetString());
            Assert.Equal("1.4.2", manifest.GetProperty("version").GetString());
            Assert.Equal(12, manifest.GetProperty("securityCounter").GetInt32());
            Assert.Equal(20000, manifest.GetProperty("payloadSize").GetInt32());
            Assert.Equal("2099-01-01T00:00:00Z", manifest.GetProperty("expires").GetString());
            JsonElement delegation = inspected.Json().GetProperty("delegation");
            Assert.Equal("update-signer", delegation.GetProperty("role").GetString());
            Assert.Equal(PkiDirectory.Open(pki).Root.PublicKey.KeyIdHex, delegation.GetProperty("issuerKeyId").GetString());
            Assert.Equal(manifest.GetProperty("signerKeyId").GetString(), inspected.Json().GetProperty("envelope").GetProperty("keyId").GetString());
            Assert.Equal(1, inspected.Json().GetProperty("revocationList").GetProperty("version").GetInt32());
            Assert.StartsWith("ACCEPTED", text.Output, StringComparison.Ordinal);
        }

        [Fact]
        public void Inspect_Text_ShowsEveryFieldAndSaysNotVerified()
        {
            string pki = PkiCliTests.InitPki(temp);
            Payload();
            Create(pki, temp.File("fw.mdpkg"));

            CliResult result = Mda.Run("package", "inspect", temp.File("fw.mdpkg"));

            Assert.Equal(ExitCodes.Ok, result.ExitCode);
            foreach (string label in new[] { "not verified", "envelope length:", "payload digest:", "security counter:", "signer key id:", "revocation list version:", "not after:", "issuer key id:", "revoked key ids:", "bytes present:" })
            {
                Assert.Contains(label, result.Output, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Verify_TamperedPayloadWrongRootAndExpiry_ExitIsTheVerdict()
        {
            string pki = PkiCliTests.InitPki(temp);
            Payload();
            string root = ExportRoot(pki);
            string expiry = DateTimeOffset.UtcNow.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            string afterExpiry = DateTimeOffset.UtcNow.AddDays(12).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Create(pki, temp.File("fw.mdpkg"), "--expires", expiry);
            byte[] bytes = File.ReadAllBytes(temp.File("fw.mdpkg"));
            bytes[^5] ^= 0x10;
            string tampered = temp.Write("tampered.mdpkg", bytes);
            string otherRoot = ExportRoot(PkiCliTests.InitPki(temp, "ed25519", "other"), "other.pub.pem");

            CliResult digest = Mda.Run("package", "verify", "--trust", root, tampered);
            CliResult wrongRoot = Mda.Run("package", "verify", "--trust", otherRoot, temp.File("fw.mdpkg"), "--json");
            CliResult expired = Mda.Run("package", "verify", "--trust", root, temp.File("fw.mdpkg"), "--at", afterExpiry);
            CliResult delegationOver = Mda.Run("package", "verify", "--trust", root, temp.File("fw.mdpkg"), "--at", "2090-01-01");

            Assert.Equal((int)UpdateResult.DigestMismatch, digest.ExitCode);
            Assert.Contains("REJECTED (DigestMismatch, 36)", digest.Output, StringComparison.Ordinal);
            Assert.Equal((int)UpdateResult.InvalidDelegation, wrongRoot.ExitCode);
            Assert.Equal("InvalidDelegation", wrongRoot.Json().GetProperty("result").GetString());
            Assert.Contains("current root", wrongRoot.Json().GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal((int)UpdateResult.Expired, expired.ExitCode);
            Assert.Equal((int)UpdateResult.DelegationExpired, delegationOver.ExitCode);
        }

        [Fact]
        public void Verify_RevokedSigner_KeyRevokedWithStoredList()
        {
            string pki = PkiCliTests.InitPki(temp);
            Payload();
            string root = ExportRoot(pki);
            Create(pki, temp.File("fw.mdpkg"));
            string signer = PkiDirectory.Open(pki).UpdateSigner!.PublicKey.KeyIdHex;

            CliResult revoke = Mda.Run("pki", "revoke", "--dir", pki, "--key-id", signer, "--json");
            string list = revoke.Json().GetProperty("revoked").GetProperty("revocationListFile").GetString()!;
            CliResult withoutList = Mda.Run("package", "verify", "--trust", root, temp.File("fw.mdpkg"));
            CliResult withList = Mda.Run("package", "verify", "--trust", root, temp.File("fw.mdpkg"), "--revocation-list", list);

            Assert.Equal(ExitCodes.Ok, withoutList.ExitCode);
            Assert.Equal((int)UpdateResult.KeyRevoked, withList.ExitCode);
            Assert.Equal(29, withList.ExitCode);
            Assert.Contains(signer, withList.Output, StringComparison.Ordinal);
        }

        [Fact]
        public void RotateRoot_PackagesStillVerifyFromOldRootAndNewRoot()
        {
            string pki = PkiCliTests.InitPki(temp);
            Payload();
            string oldRoot = ExportRoot(pki, "old.pub.pem");
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "rotate-root", "--dir", pki).ExitCode);
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "rotate-root", "--dir", pki, "--algorithm", "p256").ExitCode);
            string newRoot = ExportRoot(pki, "new.pub.pem");
            Create(pki, temp.File("fw.mdpkg"));

            CliResult fromOld = Mda.Run("package", "verify", "--trust", oldRoot, temp.File("fw.mdpkg"), "--json");
            CliResult fromNew = Mda.Run("package", "verify", "--trust", newRoot, "--root-sequence", "3", temp.File("fw.mdpkg"), "--json");
            CliResult inspected = Mda.Run("package", "inspect", temp.File("fw.mdpkg"), "--json");

            Assert.True(fromOld.ExitCode == ExitCodes.Ok, fromOld.ToString());
            Assert.Equal(2, fromOld.Json().GetProperty("rootRotationsApplied").GetInt32());
            Assert.Equal(PublicKeyFile.Read(newRoot).KeyIdHex, fromOld.Json().GetProperty("currentRootKeyId").GetString());
            Assert.Equal(ExitCodes.Ok, fromNew.ExitCode);
            Assert.Equal(3, fromOld.Json().GetProperty("revocationListVersion").GetInt32());
            Assert.Equal(2, inspected.Json().GetProperty("rootRotations").GetArrayLength());
            Assert.Equal(3, inspected.Json().GetProperty("rootRotations")[1].GetProperty("sequence").GetInt32());
        }

        [Fact]
        public void CreateMcuBoot_InspectAndVerifyAgainstUpdateSignerKey()
        {
            string pki = PkiCliTests.InitPki(temp, "p256");
            Payload();
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "export-public", "--dir", pki, "--role", "update-signer", "--out", temp.File("us.pem")).ExitCode);

            CliResult created = Create(pki, temp.File("fw.img"), "--format", "mcuboot", "--json");
            CliResult inspected = Mda.Run("package", "inspect", temp.File("fw.img"), "--json");
            CliResult verified = Mda.Run("package", "verify", "--trust", temp.File("us.pem"), temp.File("fw.img"));
            CliResult againstRoot = Mda.Run("package", "verify", "--trust", ExportRoot(pki), temp.File("fw.img"));

            Assert.True(created.ExitCode == ExitCodes.Ok, created.ToString());
            Assert.Equal("mcuboot", inspected.Json().GetProperty("format").GetString());
            Assert.Equal("1.4.2+0", inspected.Json().GetProperty("header").GetProperty("version").GetString());
            Assert.Equal(12, inspected.Json().GetProperty("securityCounter").GetInt32());
            Assert.Equal(4, inspected.Json().GetProperty("tlvs").GetArrayLength());
            Assert.Equal("ECDSASIG", inspected.Json().GetProperty("tlvs")[3].GetProperty("type").GetString());
            Assert.True(verified.ExitCode == ExitCodes.Ok, verified.ToString());
            Assert.Equal((int)UpdateResult.KeyIdMismatch, againstRoot.ExitCode);
        }

        [Theory]
        [InlineData("--version", "1.2")]
        [InlineData("--version", "v1.2.3")]
        [InlineData("--security-counter", "-1")]
        [InlineData("--security-counter", "4294967296")]
        [InlineData("--expires", "2001-01-01")]
        [InlineData("--expires", "soon")]
        [InlineData("--format", "zip")]
        [InlineData("--device-class", "bad class")]
        public void Create_BadOption_UsageAndNothingWritten(string option, string value)
        {
            string pki = PkiCliTests.InitPki(temp);
            Payload();

            CliResult result = Mda.Run("package", "create", "--pki", pki, "--payload", temp.File("fw.bin"), "--version", "1.0.0", "--security-counter", "1", "--device-class", "c", "--out", temp.File("o.mdpkg"), option, value);

            Assert.Equal(ExitCodes.Usage, result.ExitCode);
            Assert.Contains("error:", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(temp.File("o.mdpkg")));
        }

        [Fact]
        public void Create_FormatSpecificOptionRules_Usage()
        {
            string pki = PkiCliTests.InitPki(temp);
            Payload();

            // Option rules are checked before the key is unlocked: a wrong passphrase must not mask them.
            Mda.SetPassphrase("wrong-passphrase");
            CliResult noClass = Mda.Run("package", "create", "--pki", pki, "--payload", temp.File("fw.bin"), "--version", "1.0.0", "--security-counter", "1", "--out", temp.File("o.mdpkg"));
            CliResult mcubootExpiry = Create(pki, temp.File("o.img"), "--format", "mcuboot", "--expires", "2090-01-01");
            CliResult mcubootVersion = Mda.Run("package", "create", "--pki", pki, "--payload", temp.File("fw.bin"), "--version", "256.0.0", "--security-counter", "1", "--format", "mcuboot", "--out", temp.File("o.img"));
            CliResult sameFile = Mda.Run("package", "create", "--pki", pki, "--payload", temp.File("fw.bin"), "--version", "1.0.0", "--security-counter", "1", "--device-class", "c", "--out", temp.File("fw.bin"));

            Assert.Equal(ExitCodes.Usage, noClass.ExitCode);
            Assert.Contains("--device-class is required", noClass.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Usage, mcubootExpiry.ExitCode);
            Assert.Equal(ExitCodes.Usage, mcubootVersion.ExitCode);
            Assert.Equal(ExitCodes.Usage, sameFile.ExitCode);
            Assert.Equal(20000, new FileInfo(temp.File("fw.bin")).Length);
        }

        [Fact]
        public void Create_MissingOrEmptyPayload_InputError()
        {
            string pki = PkiCliTests.InitPki(temp);

            CliResult missing = Create(pki, temp.File("o.mdpkg"));
            temp.Write("fw.bin", Array.Empty<byte>());
            CliResult empty = Create(pki, temp.File("o.mdpkg"));

            Assert.Equal(ExitCodes.InputError, missing.ExitCode);
            Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.InputError, empty.ExitCode);
            Assert.Contains("empty", empty.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(temp.File("o.mdpkg")));
        }

        [Fact]
        public void Create_UnwritableOutput_OutputErrorAndNothingLeftBehind()
        {
            string pki = PkiCliTests.InitPki(temp);
            Payload();
            Directory.CreateDirectory(temp.File("out/existing-dir"));
            File.WriteAllText(temp.File("out/existing-dir/keep"), "x");

            CliResult noDirectory = Create(pki, temp.File("missing/o.mdpkg"));
            CliResult isDirectory = Create(pki, temp.File("out/existing-dir"));
            CliResult mcuboot = Create(pki, temp.File("out/existing-dir"), "--format", "mcuboot");

            Assert.Equal(ExitCodes.OutputError, noDirectory.ExitCode);
            Assert.Equal(ExitCodes.OutputError, isDirectory.ExitCode);
            Assert.Equal(ExitCodes.OutputError, mcuboot.ExitCode);
            Assert.Contains("cannot write", isDirectory.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(temp.File("missing")));
            Assert.Equal(new[] { "existing-dir" }, Array.ConvertAll(Directory.GetFileSystemEntries(temp.File("out")), Path.GetFileName));
        }

        [Fact]
        public void Create_WrongPassphraseOrMissingPki_Rejected()
        {
            string pki = PkiCliTests.InitPki(temp);
            Payload();

            CliResult missingPki = Create(temp.File("none"), temp.File("o.mdpkg"));
            Mda.SetPassphrase("wrong-passphrase");
            CliResult wrong = Create(pki, temp.File("o.mdpkg"));

            Assert.Equal(ExitCodes.PkiError, missingPki.ExitCode);
            Assert.Equal(ExitCodes.WrongPassphrase, wrong.ExitCode);
            Assert.False(File.Exists(temp.File("o.mdpkg")));
        }

        [Fact]
        public void Create_LargePayload_ProgressOnStderrOnly()
        {
            string pki = PkiCliTests.InitPki(temp);
            Payload(5 * 1024 * 1024);
            string root = ExportRoot(pki);

            CliResult result = Create(pki, temp.File("big.mdpkg"), "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.Contains("hashing payload: 100%", result.Error, StringComparison.Ordinal);
            Assert.Contains("writing payload:  50%", result.Error, StringComparison.Ordinal);
            Assert.Equal(5 * 1024 * 1024, result.Json().GetProperty("manifest").GetProperty("payloadSize").GetInt32());
            Assert.Equal(ExitCodes.Ok, Mda.Run("package", "verify", "--trust", root, temp.File("big.mdpkg")).ExitCode);
        }

        [Fact]
        public void InspectAndVerify_MissingOrGarbageInput_InputError()
        {
            string pki = PkiCliTests.InitPki(temp);
            string root = ExportRoot(pki);
            string garbage = temp.Write("garbage.bin", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });

            Assert.Equal(ExitCodes.InputError, Mda.Run("package", "inspect", temp.File("none.mdpkg")).ExitCode);
            CliResult inspectGarbage = Mda.Run("package", "inspect", garbage);
            Assert.Equal(ExitCodes.InputError, inspectGarbage.ExitCode);
            Assert.Contains("BadMagic", inspectGarbage.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.InputError, Mda.Run("package", "verify", "--trust", root, temp.File("none.mdpkg")).ExitCode);
            Assert.Equal(ExitCodes.InputError, Mda.Run("package", "verify", "--trust", temp.File("none.pem"), garbage).ExitCode);
            Assert.Equal((int)UpdateResult.BadMagic, Mda.Run("package", "verify", "--trust", root, garbage).ExitCode);
            Assert.Equal(ExitCodes.Usage, Mda.Run("package", "verify", "--trust", root, garbage, "--at", "noon").ExitCode);
            Assert.Equal(ExitCodes.Usage, Mda.Run("package", "verify", garbage).ExitCode);
        }
    }
}
