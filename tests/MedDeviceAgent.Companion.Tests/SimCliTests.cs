using System;
using System.IO;
using System.Text;
using System.Text.Json;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// 'mda sim ...' and 'mda demo' through CliApp.Run: packages made by the companion are judged by
    /// the firmware core's verifier on the virtual device; OpenSSL keys and signatures verify with it.
    /// </summary>
    [Collection(CliCollection.Name)]
    public sealed class SimCliTests : IDisposable
    {
        private const string DeviceClass = "pump-x1";
        private readonly TempDir temp = new TempDir();

        public SimCliTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        [Theory]
        [InlineData("ed25519")]
        [InlineData("p256")]
        public void Install_CompanionPackage_ConfirmedAndStatusShowsIt(string algorithm)
        {
            (string pki, string device) = Provision(algorithm);
            string package = CreatePackage(pki, "1.2.0", 3, DeviceClass, "p.mdpkg");

            CliResult verify = Mda.Run("sim", "verify", "--state", device, package);
            CliResult install = Mda.Run("sim", "install", "--state", device, package, "--json");
            CliResult status = Mda.Run("sim", "status", "--state", device, "--json");

            Assert.True(verify.ExitCode == ExitCodes.Ok, verify.ToString());
            Assert.True(install.ExitCode == ExitCodes.Ok, install.ToString());
            Assert.Equal("Accepted", install.Json().GetProperty("result").GetString());
            JsonElement s = status.Json();
            Assert.Equal("1.2.0", s.GetProperty("activeVersion").GetString());
            Assert.Equal(3, s.GetProperty("securityFloor").GetInt64());
            Assert.Equal(1, s.GetProperty("activeSlot").GetInt32());
            Assert.Equal("None", s.GetProperty("pendingPhase").GetString());
        }

        [Fact]
        public void Install_TamperedOlderAndForeignPackages_ExitWithTheirCodes()
        {
            (string pki, string device) = Provision("ed25519");
            string current = CreatePackage(pki, "1.2.0", 3, DeviceClass, "current.mdpkg");
            string older = CreatePackage(pki, "1.1.0", 2, DeviceClass, "older.mdpkg");
            string foreign = CreatePackage(pki, "1.2.0", 3, "ventilator-v2", "foreign.mdpkg");
            byte[] bytes = File.ReadAllBytes(current);
            bytes[^1] ^= 0x80;
            string tampered = temp.Write("tampered.mdpkg", bytes);
            Assert.Equal(ExitCodes.Ok, Mda.Run("sim", "install", "--state", device, current).ExitCode);

            CliResult t = Mda.Run("sim", "install", "--state", device, tampered);
            CliResult o = Mda.Run("sim", "install", "--state", device, older);
            CliResult f = Mda.Run("sim", "verify", "--state", device, foreign);

            Assert.Equal((int)UpdateResult.DigestMismatch, t.ExitCode);
            Assert.Contains("DigestMismatch", t.Output, StringComparison.Ordinal);
            Assert.Equal((int)UpdateResult.Rollback, o.ExitCode);
            Assert.Contains("rollback", o.Output, StringComparison.Ordinal);
            Assert.Equal((int)UpdateResult.WrongDeviceClass, f.ExitCode);
            Assert.Equal(3, Mda.Run("sim", "status", "--state", device, "--json").Json().GetProperty("securityFloor").GetInt64());
        }

        [Fact]
        public void Install_AfterRootRotation_DeviceWalksChainFromOldAnchor()
        {
            (string pki, string device) = Provision("ed25519");
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "rotate-root", "--dir", pki, "--algorithm", "p256").ExitCode);
            string package = CreatePackage(pki, "2.0.0", 5, DeviceClass, "rotated.mdpkg");

            CliResult install = Mda.Run("sim", "install", "--state", device, package);

            Assert.True(install.ExitCode == ExitCodes.Ok, install.ToString());
            JsonElement s = Mda.Run("sim", "status", "--state", device, "--json").Json();
            Assert.Equal(2, s.GetProperty("rootSequence").GetInt32());
            Assert.Equal("p256", s.GetProperty("rootAlgorithm").GetString());
        }

        [Fact]
        public void Install_PackageOfRevokedSigner_RefusedOnceDeviceKnowsTheList()
        {
            (string pki, string device) = Provision("ed25519");
            string oldPackage = CreatePackage(pki, "1.1.0", 4, DeviceClass, "old-signer.mdpkg");
            string oldId = PkiDirectory.Open(pki).UpdateSigner!.PublicKey.KeyIdHex;
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "revoke", "--dir", pki, "--key-id", oldId).ExitCode);
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "delegate", "--dir", pki, "--role", "update-signer").ExitCode);
            string newPackage = CreatePackage(pki, "1.2.0", 5, DeviceClass, "new-signer.mdpkg");

            Assert.Equal(ExitCodes.Ok, Mda.Run("sim", "install", "--state", device, newPackage).ExitCode);
            CliResult replay = Mda.Run("sim", "verify", "--state", device, oldPackage);

            Assert.Equal((int)UpdateResult.KeyRevoked, replay.ExitCode);
            Assert.Equal(2, Mda.Run("sim", "status", "--state", device, "--json").Json().GetProperty("revocationListVersion").GetInt32());
        }

        [Fact]
        public void Commands_MissingInputs_ExitWithInputError()
        {
            (_, string device) = Provision("ed25519");

            Assert.Equal(ExitCodes.InputError, Mda.Run("sim", "init", "--state", temp.File("d2"), "--trust", temp.File("none.pem"), "--device-class", "c", "--device-id", "x").ExitCode);
            Assert.Equal(ExitCodes.InputError, Mda.Run("sim", "status", "--state", temp.File("no-device")).ExitCode);
            CliResult missing = Mda.Run("sim", "install", "--state", device, temp.File("none.mdpkg"));
            Assert.Equal(ExitCodes.InputError, missing.ExitCode);
            Assert.Contains("none.mdpkg", missing.Error, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Usage, Mda.Run("sim", "install", "--state", device).ExitCode);
        }

        [Fact]
        public void CryptoVerify_OpenSslEd25519KeyAndSignature_ValidAndTamperedInvalid()
        {
            string key = temp.File("ed.key");
            OpenSsl.Ok("genpkey", "-algorithm", "ed25519", "-out", key);
            OpenSsl.Ok("pkey", "-in", key, "-pubout", "-out", temp.File("ed.pub"));
            string message = temp.Write("msg.bin", Encoding.ASCII.GetBytes("signed by openssl"));
            OpenSsl.Ok("pkeyutl", "-sign", "-rawin", "-inkey", key, "-in", message, "-out", temp.File("ed.sig"));
            string sig = Convert.ToHexString(File.ReadAllBytes(temp.File("ed.sig")));
            string other = temp.Write("other.bin", Encoding.ASCII.GetBytes("signed by openssL"));

            CliResult valid = Mda.Run("sim", "crypto-verify", "--alg", "ed25519", "--public-key", temp.File("ed.pub"), "--signature", sig, "--message", message);
            CliResult invalid = Mda.Run("sim", "crypto-verify", "--alg", "ed25519", "--public-key", temp.File("ed.pub"), "--signature", sig, "--message", other);

            Assert.True(valid.ExitCode == ExitCodes.Ok, valid.ToString());
            Assert.Equal(ExitCodes.SignatureInvalid, invalid.ExitCode);
        }

        [Fact]
        public void CryptoVerify_OpenSslP256KeyAndSignature_ValidAndTamperedInvalid()
        {
            string key = temp.File("ec.key");
            OpenSsl.Ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
            OpenSsl.Ok("pkey", "-in", key, "-pubout", "-out", temp.File("ec.pub"));
            string message = temp.Write("msg.bin", Encoding.ASCII.GetBytes("ES256 by openssl"));
            OpenSsl.Ok("dgst", "-sha256", "-sign", key, "-out", temp.File("ec.der"), message);
            byte[] raw = EcdsaSignatureFormat.DerToRaw(File.ReadAllBytes(temp.File("ec.der")))!;
            string sig = Convert.ToHexString(raw);
            raw[10] ^= 0x01;

            CliResult valid = Mda.Run("sim", "crypto-verify", "--alg", "es256", "--public-key", temp.File("ec.pub"), "--signature", sig, "--message", message, "--json");
            CliResult invalid = Mda.Run("sim", "crypto-verify", "--alg", "es256", "--public-key", temp.File("ec.pub"), "--signature", Convert.ToHexString(raw), "--message", message);
            CliResult wrongAlg = Mda.Run("sim", "crypto-verify", "--alg", "ed25519", "--public-key", temp.File("ec.pub"), "--signature", sig, "--message", message);

            Assert.True(valid.ExitCode == ExitCodes.Ok, valid.ToString());
            Assert.True(valid.Json().GetProperty("valid").GetBoolean());
            Assert.Equal(ExitCodes.SignatureInvalid, invalid.ExitCode);
            Assert.Equal(ExitCodes.InputError, wrongAlg.ExitCode);
        }

        [Fact]
        public void CryptoVerify_CompanionSignatureCheckedByOpenSslAndDevice_BothAccept()
        {
            SigningKey key = SigningKey.Generate(CoseAlgorithm.EdDSA);
            string pub = temp.File("k.pub");
            PublicKeyFile.Write(pub, key.PublicKey);
            byte[] message = Encoding.ASCII.GetBytes("companion-signed");
            string messagePath = temp.Write("m.bin", message);
            byte[] signature = key.Sign(message);
            string sigPath = temp.Write("m.sig", signature);

            OpenSsl.Ok("pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in", messagePath, "-sigfile", sigPath);
            CliResult device = Mda.Run("sim", "crypto-verify", "--alg", "ed25519", "--public-key", pub, "--signature", Convert.ToHexString(signature), "--message", messagePath);

            Assert.True(device.ExitCode == ExitCodes.Ok, device.ToString());
        }

        [Fact]
        public void Demo_DefaultRun_EveryStepBehavesAsExpected()
        {
            CliResult demo = Mda.Run("demo", "--dir", temp.File("demo"));

            Assert.True(demo.ExitCode == ExitCodes.Ok, demo.ToString());
            Assert.Contains("Demo complete", demo.Output, StringComparison.Ordinal);
            Assert.Contains("(DigestMismatch)", demo.Output, StringComparison.Ordinal);
            Assert.Contains("(Rollback)", demo.Output, StringComparison.Ordinal);
            Assert.Contains("(WrongDeviceClass)", demo.Output, StringComparison.Ordinal);
            Assert.Contains("(HealthCheckFailed)", demo.Output, StringComparison.Ordinal);
            Assert.Contains("(session resumed)", demo.ToString(), StringComparison.Ordinal);
            Assert.Contains("store: 5 messages of SN-000042", demo.Output, StringComparison.Ordinal);
            Assert.Contains("(broker stopped)", demo.Output, StringComparison.Ordinal);
        }

        private (string Pki, string Device) Provision(string algorithm)
        {
            string pki = PkiCliTests.InitPki(temp, algorithm);
            string rootPub = temp.File("root.pub");
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "export-public", "--dir", pki, "--role", "root", "--out", rootPub).ExitCode);
            string device = temp.File("device");
            CliResult init = Mda.Run("sim", "init", "--state", device, "--trust", rootPub, "--device-class", DeviceClass, "--device-id", "SN-1", "--vendor", "acme", "--security-counter", "1");
            Assert.True(init.ExitCode == ExitCodes.Ok, init.ToString());
            return (pki, device);
        }

        private string CreatePackage(string pki, string version, int counter, string deviceClass, string name)
        {
            string payload = temp.Write(name + ".bin", Encoding.ASCII.GetBytes("image " + version + " for " + deviceClass));
            string output = temp.File(name);
            CliResult result = Mda.Run("package", "create", "--pki", pki, "--payload", payload, "--version", version, "--security-counter", counter.ToString(System.Globalization.CultureInfo.InvariantCulture), "--device-class", deviceClass, "--out", output);
            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            return output;
        }
    }
}
