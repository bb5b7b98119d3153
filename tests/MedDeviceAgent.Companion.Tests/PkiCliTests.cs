using System;
using System.IO;
using System.Text.Json;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>'mda pki ...' through CliApp.Run: every success path and each error path with its exit code.</summary>
    [Collection(CliCollection.Name)]
    public sealed class PkiCliTests : IDisposable
    {
        private readonly TempDir temp = new TempDir();

        public PkiCliTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        internal static string InitPki(TempDir temp, string algorithm = "ed25519", string name = "pki")
        {
            string dir = temp.File(name);
            CliResult result = Mda.Run("pki", "init", "--dir", dir, "--algorithm", algorithm, "--vendor", "acme");
            Assert.True(result.ExitCode == 0, result.ToString());
            return dir;
        }

        [Theory]
        [InlineData("ed25519")]
        [InlineData("p256")]
        public void Init_NewDirectory_WritesEncryptedKeysStatementsAndMetadata(string algorithm)
        {
            string dir = temp.File("pki");

            CliResult result = Mda.Run("pki", "init", "--dir", dir, "--algorithm", algorithm, "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            JsonElement json = result.Json();
            Assert.Equal("meddeviceagent", json.GetProperty("vendorId").GetString());
            Assert.Equal(algorithm, json.GetProperty("root").GetProperty("algorithm").GetString());
            Assert.Equal(1, json.GetProperty("root").GetProperty("sequence").GetInt32());
            Assert.Equal(1, json.GetProperty("revocationList").GetProperty("version").GetInt32());
            Assert.False(json.GetProperty("updateSigner").GetProperty("revoked").GetBoolean());
            string[] keys = Directory.GetFiles(Path.Combine(dir, "keys"));
            Assert.Equal(3, keys.Length);
            foreach (string key in keys)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, FileModes.Of(key));
                Assert.StartsWith(EncryptedPrivateKeyFile.PemHeader, File.ReadAllText(key), StringComparison.Ordinal);
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, FileModes.Of(dir));
            string metadata = File.ReadAllText(Path.Combine(dir, "pki.json"));
            Assert.DoesNotContain("PRIVATE", metadata, StringComparison.Ordinal);
            Assert.DoesNotContain(Mda.Passphrase, metadata + result.Output + result.Error, StringComparison.Ordinal);
            Assert.Equal(3, Directory.GetFiles(Path.Combine(dir, "statements")).Length);
        }

        [Fact]
        public void Init_Text_NamesKeysAndNextStep()
        {
            CliResult result = Mda.Run("pki", "init", "--dir", temp.File("pki"), "--valid-days", "30");

            Assert.Equal(ExitCodes.Ok, result.ExitCode);
            Assert.Contains("Initialized PKI", result.Output, StringComparison.Ordinal);
            Assert.Contains("export-public", result.Output, StringComparison.Ordinal);
            PkiKeySummary signer = PkiDirectory.Open(temp.File("pki")).UpdateSigner!;
            Assert.InRange(signer.NotAfter - signer.NotBefore, (30 * 86400) + 299, (30 * 86400) + 301);
        }

        [Fact]
        public void Init_AlreadyInitialized_PkiErrorAndUntouched()
        {
            string dir = InitPki(temp);
            string before = File.ReadAllText(Path.Combine(dir, "pki.json"));

            CliResult again = Mda.Run("pki", "init", "--dir", dir);

            Assert.Equal(ExitCodes.PkiError, again.ExitCode);
            Assert.Contains("already holds a PKI", again.Error, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "pki.json")));
        }

        [Theory]
        [InlineData("--algorithm", "rsa")]
        [InlineData("--vendor", "acme corp")]
        [InlineData("--valid-days", "0")]
        [InlineData("--valid-days", "ten")]
        public void Init_BadOption_Usage(string option, string value)
        {
            CliResult result = Mda.Run("pki", "init", "--dir", temp.File("pki"), option, value);

            Assert.Equal(ExitCodes.Usage, result.ExitCode);
            Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(temp.File("pki/pki.json")));
        }

        [Fact]
        public void Init_NoPassphraseSource_WrongPassphraseExitAndNothingCreated()
        {
            Mda.SetPassphrase(null);

            CliResult result = Mda.Run("pki", "init", "--dir", temp.File("pki"));

            Assert.Equal(ExitCodes.WrongPassphrase, result.ExitCode);
            Assert.Contains("MDA_PASSPHRASE", result.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(temp.File("pki")));
        }

        [Fact]
        public void Init_ShortPassphrase_WrongPassphraseExit()
        {
            Mda.SetPassphrase("short");

            CliResult result = Mda.Run("pki", "init", "--dir", temp.File("pki"));

            Assert.Equal(ExitCodes.WrongPassphrase, result.ExitCode);
            Assert.Contains("at least 8", result.Error, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("pki init", "--dir|--algorithm|--vendor|--valid-days|--json|Exit codes")]
        [InlineData("pki delegate", "--dir|--role|--algorithm|--not-before|--not-after|--valid-days|--keep-key|--json")]
        [InlineData("pki revoke", "--dir|--key-id|--json")]
        [InlineData("pki rotate-root", "--dir|--algorithm|--json")]
        [InlineData("pki export-public", "--dir|--role|--out|--json")]
        [InlineData("package create", "--pki|--payload|--version|--security-counter|--device-class|--component|--expires|--format|--out|--json")]
        [InlineData("package inspect", "FILE|--json")]
        [InlineData("package verify", "FILE|--trust|--revocation-list|--at|--json|10-49")]
        [InlineData("sim init", "--state|--trust|--device-class|--device-id|--vendor|--image|--image-version|--security-counter|--slot-capacity|--untrusted-clock|--json")]
        [InlineData("sim verify", "FILE|--state|--json|rejection code")]
        [InlineData("sim install", "FILE|--state|--json|rejection code")]
        [InlineData("sim status", "--state|--json")]
        [InlineData("sim crypto-verify", "--alg|--public-key|--signature|--message|--json")]
        [InlineData("demo", "--dir|--algorithm")]
        public void Help_EveryCommand_ListsItsOptions(string command, string expected)
        {
            string[] args = (command + " --help").Split(' ');

            CliResult result = Mda.Run(args);

            Assert.Equal(ExitCodes.Ok, result.ExitCode);
            foreach (string item in expected.Split('|'))
            {
                Assert.Contains(item, result.Output, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Delegate_NewUpdateSigner_ReplacesAndRetiresOldKey()
        {
            string dir = InitPki(temp);
            string oldId = PkiDirectory.Open(dir).UpdateSigner!.PublicKey.KeyIdHex;

            CliResult result = Mda.Run("pki", "delegate", "--dir", dir, "--role", "update-signer", "--algorithm", "p256", "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            string newId = result.Json().GetProperty("delegated").GetProperty("keyId").GetString()!;
            Assert.NotEqual(oldId, newId);
            Assert.Equal(newId, PkiDirectory.Open(dir).UpdateSigner!.PublicKey.KeyIdHex);
            Assert.Equal("p256", result.Json().GetProperty("updateSigner").GetProperty("algorithm").GetString());
            Assert.Contains(oldId, File.ReadAllText(Path.Combine(dir, "pki.json")), StringComparison.Ordinal);
        }

        [Fact]
        public void Delegate_KeepKey_ReissuesWindowForSameKey()
        {
            string dir = InitPki(temp);
            string id = PkiDirectory.Open(dir).CommandSigner!.PublicKey.KeyIdHex;

            CliResult result = Mda.Run("pki", "delegate", "--dir", dir, "--role", "command-signer", "--keep-key", "--not-before", "2026-01-01", "--not-after", "2040-06-30T12:00:00Z");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            PkiKeySummary signer = PkiDirectory.Open(dir).CommandSigner!;
            Assert.Equal(id, signer.PublicKey.KeyIdHex);
            Assert.Equal("2026-01-01T00:00:00Z", UnixTime.ToIso(signer.NotBefore));
            Assert.Equal("2040-06-30T12:00:00Z", UnixTime.ToIso(signer.NotAfter));
        }

        [Fact]
        public void Delegate_MissingDirectory_PkiError()
        {
            CliResult result = Mda.Run("pki", "delegate", "--dir", temp.File("nope"), "--role", "update-signer");

            Assert.Equal(ExitCodes.PkiError, result.ExitCode);
            Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Delegate_WrongPassphrase_WrongPassphraseExitAndUnchanged()
        {
            string dir = InitPki(temp);
            string before = File.ReadAllText(Path.Combine(dir, "pki.json"));
            Mda.SetPassphrase("not-the-passphrase");

            CliResult result = Mda.Run("pki", "delegate", "--dir", dir, "--role", "update-signer");

            Assert.Equal(ExitCodes.WrongPassphrase, result.ExitCode);
            Assert.Contains("wrong passphrase", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("not-the-passphrase", result.Error, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "pki.json")));
        }

        [Theory]
        [InlineData("--not-after", "2030-01-01", "--valid-days", "3")]
        [InlineData("--not-before", "yesterday", "--valid-days", "3")]
        [InlineData("--not-before", "2001-01-01", "--not-after", "2002-01-01")]
        [InlineData("--not-before", "2035-01-01", "--not-after", "2034-01-01")]
        [InlineData("--role", "root", "--valid-days", "3")]
        public void Delegate_BadWindowOrRole_Usage(string option1, string value1, string option2, string value2)
        {
            string dir = InitPki(temp);
            string[] args = option1 == "--role"
                ? new[] { "pki", "delegate", "--dir", dir, option1, value1, option2, value2 }
                : new[] { "pki", "delegate", "--dir", dir, "--role", "update-signer", option1, value1, option2, value2 };

            CliResult result = Mda.Run(args);

            Assert.Equal(ExitCodes.Usage, result.ExitCode);
        }

        [Fact]
        public void Revoke_UpdateSigner_NewListVersionAndSigningBlockedUntilRedelegated()
        {
            string dir = InitPki(temp);
            string id = PkiDirectory.Open(dir).UpdateSigner!.PublicKey.KeyIdHex;
            string payload = temp.Write("fw.bin", TestHierarchy.Payload(100));

            CliResult revoked = Mda.Run("pki", "revoke", "--dir", dir, "--key-id", id.ToUpperInvariant(), "--json");
            CliResult blocked = Mda.Run("package", "create", "--pki", dir, "--payload", payload, "--version", "1.0.0", "--security-counter", "1", "--device-class", "c", "--out", temp.File("p.mdpkg"));
            bool writtenWhileBlocked = File.Exists(temp.File("p.mdpkg"));
            CliResult redelegated = Mda.Run("pki", "delegate", "--dir", dir, "--role", "update-signer");
            CliResult unblocked = Mda.Run("package", "create", "--pki", dir, "--payload", payload, "--version", "1.0.0", "--security-counter", "1", "--device-class", "c", "--out", temp.File("p.mdpkg"));

            Assert.True(revoked.ExitCode == ExitCodes.Ok, revoked.ToString());
            Assert.Equal(2, revoked.Json().GetProperty("revocationList").GetProperty("version").GetInt32());
            Assert.True(revoked.Json().GetProperty("revoked").GetProperty("changed").GetBoolean());
            Assert.Contains("delegate a new one", revoked.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.PkiError, blocked.ExitCode);
            Assert.Contains("revoked", blocked.Error, StringComparison.Ordinal);
            Assert.False(writtenWhileBlocked);
            Assert.Equal(ExitCodes.Ok, redelegated.ExitCode);
            Assert.True(unblocked.ExitCode == ExitCodes.Ok, unblocked.ToString());
        }

        [Fact]
        public void Revoke_AlreadyRevokedOrUnknown_ReportsWithoutNewVersion()
        {
            string dir = InitPki(temp);
            string unknown = new string('c', 32);

            CliResult first = Mda.Run("pki", "revoke", "--dir", dir, "--key-id", unknown);
            CliResult second = Mda.Run("pki", "revoke", "--dir", dir, "--key-id", unknown, "--json");

            Assert.Equal(ExitCodes.Ok, first.ExitCode);
            Assert.Contains("not a key this PKI issued", first.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Ok, second.ExitCode);
            Assert.False(second.Json().GetProperty("revoked").GetProperty("changed").GetBoolean());
            Assert.Equal(2, PkiDirectory.Open(dir).RevocationListVersion);
        }

        [Fact]
        public void Revoke_BeyondWhatADeviceStores_RefusedWithPkiError()
        {
            string dir = InitPki(temp);
            for (int i = 0; i < MedDeviceAgent.Protocol.PackageFormat.MaxRevokedKeys; i++)
            {
                string id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
                Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "revoke", "--dir", dir, "--key-id", id).ExitCode);
            }

            CliResult over = Mda.Run("pki", "revoke", "--dir", dir, "--key-id", Convert.ToHexStringLower(new byte[16]));

            Assert.Equal(ExitCodes.PkiError, over.ExitCode);
            Assert.Contains("the most a device stores", over.Error, StringComparison.Ordinal);
            Assert.Equal(1 + MedDeviceAgent.Protocol.PackageFormat.MaxRevokedKeys, PkiDirectory.Open(dir).RevocationListVersion);
        }

        [Fact]
        public void Revoke_RootOrBadInput_Rejected()
        {
            string dir = InitPki(temp);
            string root = PkiDirectory.Open(dir).Root.PublicKey.KeyIdHex;

            Assert.Equal(ExitCodes.PkiError, Mda.Run("pki", "revoke", "--dir", dir, "--key-id", root).ExitCode);
            Assert.Equal(ExitCodes.Usage, Mda.Run("pki", "revoke", "--dir", dir, "--key-id", "xyz").ExitCode);
            Assert.Equal(ExitCodes.Usage, Mda.Run("pki", "revoke", "--dir", dir).ExitCode);
            Mda.SetPassphrase("wrong-passphrase");
            Assert.Equal(ExitCodes.WrongPassphrase, Mda.Run("pki", "revoke", "--dir", dir, "--key-id", new string('a', 32)).ExitCode);
            Assert.Equal(1, PkiDirectory.Open(dir).RevocationListVersion);
        }

        [Fact]
        public void RotateRoot_NewSequenceAndReissuedStatements()
        {
            string dir = InitPki(temp);
            PkiDirectory before = PkiDirectory.Open(dir);

            CliResult result = Mda.Run("pki", "rotate-root", "--dir", dir, "--algorithm", "p256", "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            JsonElement json = result.Json();
            Assert.Equal(2, json.GetProperty("root").GetProperty("sequence").GetInt32());
            Assert.Equal("p256", json.GetProperty("root").GetProperty("algorithm").GetString());
            Assert.Equal(before.Root.PublicKey.KeyIdHex, json.GetProperty("previousRootKeyId").GetString());
            Assert.Equal(2, json.GetProperty("revocationList").GetProperty("version").GetInt32());
            Assert.Equal(1, json.GetProperty("rootRotations").GetInt32());
            Assert.Equal(before.UpdateSigner!.PublicKey.KeyIdHex, json.GetProperty("updateSigner").GetProperty("keyId").GetString());
        }

        [Fact]
        public void RotateRoot_WrongPassphraseOrMissingDir_Rejected()
        {
            string dir = InitPki(temp);
            Assert.Equal(ExitCodes.PkiError, Mda.Run("pki", "rotate-root", "--dir", temp.File("none")).ExitCode);
            Mda.SetPassphrase("wrong-passphrase");
            Assert.Equal(ExitCodes.WrongPassphrase, Mda.Run("pki", "rotate-root", "--dir", dir).ExitCode);
            Assert.Equal(1, PkiDirectory.Open(dir).Root.Sequence);
        }

        [Theory]
        [InlineData("root")]
        [InlineData("update-signer")]
        [InlineData("command-signer")]
        public void ExportPublic_EachRole_ReadableByOpenSslAndPublicKeyFile(string role)
        {
            string dir = InitPki(temp, "p256");
            string output = temp.File(role + ".pub.pem");

            CliResult result = Mda.Run("pki", "export-public", "--dir", dir, "--role", role, "--out", output, "--json");

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            OpenSsl.Ok("pkey", "-pubin", "-in", output, "-noout");
            PublicKeyInfo key = PublicKeyFile.Read(output);
            Assert.Equal(result.Json().GetProperty("keyId").GetString(), key.KeyIdHex);
            Assert.Equal(PkiDirectory.Open(dir).GetPublicKey(PkiDirectory.ParseRole(role)).KeyIdHex, key.KeyIdHex);
        }

        [Fact]
        public void ExportPublic_UnwritableOrMissing_ErrorsAndNothingWritten()
        {
            string dir = InitPki(temp);

            CliResult unwritable = Mda.Run("pki", "export-public", "--dir", dir, "--role", "root", "--out", temp.File("no-such-dir/root.pem"));
            CliResult missing = Mda.Run("pki", "export-public", "--dir", temp.File("none"), "--role", "root", "--out", temp.File("root.pem"));

            Assert.Equal(ExitCodes.OutputError, unwritable.ExitCode);
            Assert.Contains("cannot write", unwritable.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.PkiError, missing.ExitCode);
            Assert.Equal(new[] { "pki" }, Array.ConvertAll(Directory.GetFileSystemEntries(temp.Path), Path.GetFileName));
        }
    }
}
