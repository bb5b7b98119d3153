using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// 'mda package create' judges the PKI's signing material with the device's verifier before it
    /// signs (issue 11 item 1): statement files that pki.json still calls fine but a device would
    /// refuse stop the command with a PKI error and no output.
    /// </summary>
    [Collection(CliCollection.Name)]
    public sealed class SigningMaterialCliTests : IDisposable
    {
        private readonly TempDir temp = new TempDir();

        public SigningMaterialCliTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        [Theory]
        [InlineData("flipped-signature-byte", "InvalidDelegation")]
        [InlineData("garbage-statement", "InvalidDelegation")]
        [InlineData("signed-by-foreign-root", "InvalidDelegation")]
        [InlineData("command-signer-delegation", "WrongKeyRole")]
        [InlineData("expired-statement", "DelegationExpired")]
        [InlineData("other-key-delegated", "KeyIdMismatch")]
        [InlineData("revoked-in-list", "KeyRevoked")]
        public void Create_SigningMaterialADeviceRefuses_PkiErrorAndNothingWritten(string corruption, string verdict)
        {
            string pki = PkiCliTests.InitPki(temp);
            Corrupt(pki, corruption);
            string payload = temp.Write("fw.bin", TestHierarchy.Payload(4000));

            CliResult mdpkg = Mda.Run("package", "create", "--pki", pki, "--payload", payload, "--version", "1.0.0", "--security-counter", "1", "--device-class", "pump-x1", "--out", temp.File("o.mdpkg"));
            CliResult mcuboot = Mda.Run("package", "create", "--pki", pki, "--payload", payload, "--version", "1.0.0", "--security-counter", "1", "--format", "mcuboot", "--out", temp.File("o.img"));

            Assert.True(mdpkg.ExitCode == ExitCodes.PkiError, mdpkg.ToString());
            Assert.Contains(verdict, mdpkg.Error, StringComparison.Ordinal);
            Assert.Contains("nothing was signed", mdpkg.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", mdpkg.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.PkiError, mcuboot.ExitCode);
            Assert.False(File.Exists(temp.File("o.mdpkg")));
            Assert.False(File.Exists(temp.File("o.img")));
        }

        [Fact]
        public void Create_AfterRootRotation_MaterialJudgedFromFirstAndCurrentRootAccepted()
        {
            string pki = PkiCliTests.InitPki(temp);
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "rotate-root", "--dir", pki).ExitCode);
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "rotate-root", "--dir", pki, "--algorithm", "p256").ExitCode);
            string payload = temp.Write("fw.bin", TestHierarchy.Payload(4000));

            CliResult result = Mda.Run("package", "create", "--pki", pki, "--payload", payload, "--version", "1.0.0", "--security-counter", "1", "--device-class", "pump-x1", "--out", temp.File("o.mdpkg"));

            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            Assert.Equal(3, PkiDirectory.Open(pki).Roots.Count);
        }

        [Fact]
        public void Create_BrokenRotationStatement_PkiErrorInvalidRootChain()
        {
            string pki = PkiCliTests.InitPki(temp);
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "rotate-root", "--dir", pki).ExitCode);
            JsonNode meta = Metadata(pki);
            string rotation = Path.Combine(pki, meta["rootRotations"]![0]!["file"]!.GetValue<string>());
            FlipLastByte(rotation);
            string payload = temp.Write("fw.bin", TestHierarchy.Payload(4000));

            CliResult result = Mda.Run("package", "create", "--pki", pki, "--payload", payload, "--version", "1.0.0", "--security-counter", "1", "--device-class", "pump-x1", "--out", temp.File("o.mdpkg"));

            Assert.Equal(ExitCodes.PkiError, result.ExitCode);
            Assert.Contains("InvalidRootChain", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(temp.File("o.mdpkg")));
        }

        private static void Corrupt(string pki, string corruption)
        {
            PkiDirectory directory = PkiDirectory.Open(pki);
            JsonNode meta = Metadata(pki);
            string delegationFile = Path.Combine(pki, meta["updateSigner"]!["delegationFile"]!.GetValue<string>());
            PublicKeyInfo signer = directory.UpdateSigner!.PublicKey;
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            switch (corruption)
            {
                case "flipped-signature-byte":
                    FlipLastByte(delegationFile);
                    break;
                case "garbage-statement":
                    File.WriteAllBytes(delegationFile, TestHierarchy.Payload(120));
                    break;
                case "signed-by-foreign-root":
                    SigningKey foreign = SigningKey.Generate(CoseAlgorithm.EdDSA);
                    File.WriteAllBytes(delegationFile, new Delegation(signer, KeyRole.UpdateSigner, now - 60, now + 86400, foreign.PublicKey.KeyId).Sign(foreign));
                    break;
                case "command-signer-delegation":
                    meta["updateSigner"]!["delegationFile"] = meta["commandSigner"]!["delegationFile"]!.GetValue<string>();
                    File.WriteAllText(Path.Combine(pki, PkiDirectory.MetadataFileName), meta.ToJsonString());
                    break;
                case "expired-statement":
                    SigningKey root = directory.Unlock(PkiKeyRole.Root, Mda.Passphrase);
                    File.WriteAllBytes(delegationFile, new Delegation(signer, KeyRole.UpdateSigner, now - (10 * 86400), now - 86400, root.PublicKey.KeyId).Sign(root));
                    break;
                case "other-key-delegated":
                    SigningKey rootKey = directory.Unlock(PkiKeyRole.Root, Mda.Passphrase);
                    SigningKey other = SigningKey.Generate(CoseAlgorithm.EdDSA);
                    File.WriteAllBytes(delegationFile, new Delegation(other.PublicKey, KeyRole.UpdateSigner, now - 60, now + 86400, rootKey.PublicKey.KeyId).Sign(rootKey));
                    break;
                case "revoked-in-list":
                    SigningKey r = directory.Unlock(PkiKeyRole.Root, Mda.Passphrase);
                    string listFile = Path.Combine(pki, meta["revocationList"]!["file"]!.GetValue<string>());
                    File.WriteAllBytes(listFile, new RevocationList(1, new List<byte[]> { signer.KeyId }, now, r.PublicKey.KeyId).Sign(r));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(corruption));
            }
        }

        private static JsonNode Metadata(string pki)
        {
            return JsonNode.Parse(File.ReadAllText(Path.Combine(pki, PkiDirectory.MetadataFileName)))!;
        }

        private static void FlipLastByte(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            bytes[^1] ^= 0x01;
            File.WriteAllBytes(path, bytes);
        }
    }
}
