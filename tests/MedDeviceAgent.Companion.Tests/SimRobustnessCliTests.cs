using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// 'mda sim' and 'mda demo' as a new user meets them (issue 11 items 3, 4 and 6): a full disk,
    /// identities, read-only status, the last result after a refusal, reruns, directory inputs.
    /// </summary>
    [Collection(CliCollection.Name)]
    public sealed class SimRobustnessCliTests : IDisposable
    {
        private const string DeviceClass = "pump-x1";
        private readonly TempDir temp = new TempDir();
        private readonly Func<string, IStorage> originalFlash = SimStateFolder.OpenFlash;

        public SimRobustnessCliTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            SimStateFolder.OpenFlash = originalFlash;
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        [Fact]
        public void Install_DiskFullWhileStaging_StorageFailureExitAndOldImageStillRuns()
        {
            (string pki, string device) = Provision();
            string package = CreatePackage(pki, "1.2.0", 3, 200 * 1024, "p.mdpkg");
            List<FullDiskStorage> disks = new List<FullDiskStorage>();
            SimStateFolder.OpenFlash = path =>
            {
                FullDiskStorage disk = new FullDiskStorage(new FileStorage(path), 64 * 1024);
                disks.Add(disk);
                return disk;
            };

            CliResult full = Mda.Run("sim", "install", "--state", device, package);
            SimStateFolder.OpenFlash = originalFlash;
            JsonElement after = Status(device);
            CliResult retry = Mda.Run("sim", "install", "--state", device, package);

            Assert.True(full.ExitCode == (int)UpdateResult.StorageFailure, full.ToString());
            Assert.Equal(1, disks.Sum(d => d.Refusals));
            Assert.Contains("No space left on device", full.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", full.Error, StringComparison.Ordinal);
            Assert.Contains("StorageFailure", full.Output, StringComparison.Ordinal);
            Assert.Equal("1.0.0", after.GetProperty("activeVersion").GetString());
            Assert.Equal(1, after.GetProperty("securityFloor").GetInt64());
            Assert.Equal("StorageFailure", after.GetProperty("lastResult").GetString());
            Assert.True(retry.ExitCode == ExitCodes.Ok, retry.ToString());
            Assert.Equal("1.2.0", Status(device).GetProperty("activeVersion").GetString());
        }

        [Theory]
        [InlineData(0)]
        [InlineData(20)]
        [InlineData(300)]
        public void Init_DiskFull_OutputErrorAndNoHalfMadeDevice(long freeBytes)
        {
            string rootPub = RootKey(PkiCliTests.InitPki(temp));
            SimStateFolder.OpenFlash = path => new FullDiskStorage(new FileStorage(path), freeBytes);
            string device = temp.File("device");

            CliResult init = Mda.Run("sim", "init", "--state", device, "--trust", rootPub, "--device-class", DeviceClass, "--device-id", "SN-1", "--vendor", "acme");

            Assert.True(init.ExitCode == ExitCodes.OutputError, init.ToString());
            Assert.Contains("No space left on device", init.Error, StringComparison.Ordinal);
            Assert.Contains("nothing was changed", init.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", init.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(device));
            Assert.Equal(new[] { "pki", "root.pub" }, Entries(temp.Path));
        }

        [Fact]
        public void Init_DiskFullOverExistingDevice_OldDeviceKeptUnchanged()
        {
            (string pki, string device) = Provision();
            Assert.Equal(ExitCodes.Ok, Mda.Run("sim", "install", "--state", device, CreatePackage(pki, "1.1.0", 2, 1000, "p.mdpkg")).ExitCode);
            File.WriteAllText(Path.Combine(device, "notes.txt"), "mine");
            Dictionary<string, byte[]> before = Snapshot(device);
            SimStateFolder.OpenFlash = path => new FullDiskStorage(new FileStorage(path), 100);

            CliResult init = Mda.Run("sim", "init", "--state", device, "--trust", temp.File("root.pub"), "--device-class", "other-class", "--device-id", "SN-2", "--vendor", "acme");

            Assert.Equal(ExitCodes.OutputError, init.ExitCode);
            Assert.Equal(before.Keys.OrderBy(k => k, StringComparer.Ordinal), Snapshot(device).Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (KeyValuePair<string, byte[]> file in before)
            {
                Assert.Equal(file.Value, File.ReadAllBytes(Path.Combine(device, file.Key)));
            }

            Assert.Equal(new[] { "device", "p.mdpkg", "p.mdpkg.bin", "pki", "root.pub" }, Entries(temp.Path));
        }

        [Fact]
        public void Init_OverExistingDevice_ReplacedAndUsersFilesKept()
        {
            (string pki, string device) = Provision();
            Assert.Equal(ExitCodes.Ok, Mda.Run("sim", "install", "--state", device, CreatePackage(pki, "1.1.0", 2, 1000, "p.mdpkg")).ExitCode);
            File.WriteAllText(Path.Combine(device, "notes.txt"), "mine");

            CliResult init = Mda.Run("sim", "init", "--state", device, "--trust", temp.File("root.pub"), "--device-class", "other-class", "--device-id", "SN-2", "--vendor", "acme");

            Assert.True(init.ExitCode == ExitCodes.Ok, init.ToString());
            JsonElement s = Status(device);
            Assert.Equal("other-class", s.GetProperty("deviceClass").GetString());
            Assert.Equal("1.0.0", s.GetProperty("activeVersion").GetString());
            Assert.Equal(JsonValueKind.Null, s.GetProperty("lastInstall").ValueKind);
            Assert.Equal("mine", File.ReadAllText(Path.Combine(device, "notes.txt")));
            Assert.Equal(new[] { "device", "p.mdpkg", "p.mdpkg.bin", "pki", "root.pub" }, Entries(temp.Path));
        }

        [Fact]
        public void Init_FolderWithOtherFiles_OutputErrorAndUntouched()
        {
            string rootPub = RootKey(PkiCliTests.InitPki(temp));
            string folder = temp.File("docs");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "thesis.txt"), "precious");

            CliResult init = Mda.Run("sim", "init", "--state", folder, "--trust", rootPub, "--device-class", DeviceClass, "--device-id", "SN-1");

            Assert.Equal(ExitCodes.OutputError, init.ExitCode);
            Assert.Equal(new[] { "thesis.txt" }, Entries(folder));
        }

        [Theory]
        [InlineData("--device-id", "")]
        [InlineData("--device-id", "SN 1")]
        [InlineData("--device-class", "bad class")]
        [InlineData("--device-class", "")]
        [InlineData("--vendor", "")]
        [InlineData("--vendor", "acme/corp")]
        [InlineData("--vendor", "a234567890123456789012345678901234567890123456789012345678901234x")]
        [InlineData("--security-counter", "-1")]
        [InlineData("--slot-capacity", "0")]
        public void Init_IdentityOrValuePackageCreateWouldRefuse_UsageAndNothingCreated(string option, string value)
        {
            string rootPub = RootKey(PkiCliTests.InitPki(temp));
            string device = temp.File("device");
            List<string> args = new List<string> { "sim", "init", "--state", device, "--trust", rootPub, "--device-class", DeviceClass, "--device-id", "SN-1", "--vendor", "acme" };
            int at = args.IndexOf(option);
            if (at >= 0)
            {
                args[at + 1] = value;
            }
            else
            {
                args.Add(option);
                args.Add(value);
            }

            CliResult init = Mda.Run(args.ToArray());

            Assert.True(init.ExitCode == ExitCodes.Usage, init.ToString());
            Assert.StartsWith("error: ", init.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", init.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(device));
        }

        [Fact]
        public void Init_DeviceClassPackageCreateRefuses_BothRefuseTheSameValue()
        {
            string pki = PkiCliTests.InitPki(temp);
            string rootPub = RootKey(pki);
            string payload = temp.Write("fw.bin", Encoding.ASCII.GetBytes("image"));
            string bad = "pump x1";

            CliResult init = Mda.Run("sim", "init", "--state", temp.File("device"), "--trust", rootPub, "--device-class", bad, "--device-id", "SN-1");
            CliResult create = Mda.Run("package", "create", "--pki", pki, "--payload", payload, "--version", "1.0.0", "--security-counter", "1", "--device-class", bad, "--out", temp.File("o.mdpkg"));

            Assert.Equal(ExitCodes.Usage, init.ExitCode);
            Assert.Equal(ExitCodes.Usage, create.ExitCode);
            Assert.Equal(create.Error.Replace("device class", "--device-class", StringComparison.Ordinal), init.Error);
        }

        [Fact]
        public void Status_RunTwice_ReadOnlyBootCountAndFlashUnchanged()
        {
            (_, string device) = Provision();
            Dictionary<string, byte[]> before = Snapshot(device);

            JsonElement first = Status(device);
            JsonElement second = Status(device);
            CliResult text = Mda.Run("sim", "status", "--state", device);

            Assert.Equal(first.GetProperty("bootCount").GetInt32(), second.GetProperty("bootCount").GetInt32());
            Assert.Equal(ExitCodes.Ok, text.ExitCode);
            Dictionary<string, byte[]> after = Snapshot(device);
            Assert.Equal(before.Keys, after.Keys);
            foreach (KeyValuePair<string, byte[]> file in before)
            {
                Assert.Equal(file.Value, after[file.Key]);
            }
        }

        [Fact]
        public void Status_AfterRejectedInstall_ShowsTheRejectionNotAccepted()
        {
            (string pki, string device) = Provision();
            Assert.Equal(ExitCodes.Ok, Mda.Run("sim", "install", "--state", device, CreatePackage(pki, "1.2.0", 3, 1000, "new.mdpkg")).ExitCode);
            string older = CreatePackage(pki, "1.1.0", 2, 1000, "old.mdpkg");

            Assert.Equal((int)UpdateResult.Rollback, Mda.Run("sim", "install", "--state", device, older).ExitCode);
            JsonElement s = Status(device);
            CliResult text = Mda.Run("sim", "status", "--state", device);

            Assert.Equal("Rollback", s.GetProperty("lastResult").GetString());
            Assert.Equal("Accepted", s.GetProperty("deviceLastResult").GetString());
            Assert.Equal((int)UpdateResult.Rollback, s.GetProperty("lastInstall").GetProperty("code").GetInt32());
            Assert.Equal(older, s.GetProperty("lastInstall").GetProperty("package").GetString());
            Assert.Contains("last     result Rollback", text.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("last result Accepted", text.Output, StringComparison.Ordinal);
        }

        [Fact]
        public void Install_DirectoryGivenAsPackageOrPayload_SaysItIsADirectory()
        {
            (string pki, string device) = Provision();
            Directory.CreateDirectory(temp.File("folder"));

            CliResult install = Mda.Run("sim", "install", "--state", device, temp.File("folder"));
            CliResult create = Mda.Run("package", "create", "--pki", pki, "--payload", temp.File("folder"), "--version", "1.0.0", "--security-counter", "1", "--device-class", DeviceClass, "--out", temp.File("o.mdpkg"));
            CliResult inspect = Mda.Run("package", "inspect", temp.File("folder"));

            foreach (CliResult result in new[] { install, create, inspect })
            {
                Assert.True(result.ExitCode == ExitCodes.InputError, result.ToString());
                Assert.Contains("is a directory", result.Error, StringComparison.Ordinal);
                Assert.DoesNotContain("does not exist", result.Error, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Demo_RerunInSameDir_SucceedsAgain()
        {
            string dir = temp.File("demo");

            CliResult first = Mda.Run("demo", "--dir", dir);
            CliResult second = Mda.Run("demo", "--dir", dir);

            Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
            Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
            Assert.Contains("Demo complete", second.Output, StringComparison.Ordinal);
        }

        [Fact]
        public void Demo_DirWithOtherFiles_OutputErrorAndUntouched()
        {
            string dir = temp.File("mine");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "keep.txt"), "x");

            CliResult demo = Mda.Run("demo", "--dir", dir);

            Assert.Equal(ExitCodes.OutputError, demo.ExitCode);
            Assert.Contains("error:", demo.Error, StringComparison.Ordinal);
            Assert.Equal(new[] { "keep.txt" }, Entries(dir));
        }

        private static JsonElement Status(string device)
        {
            CliResult status = Mda.Run("sim", "status", "--state", device, "--json");
            Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
            return status.Json();
        }

        private static string[] Entries(string dir)
        {
            string[] names = Array.ConvertAll(Directory.GetFileSystemEntries(dir), Path.GetFileName)!;
            Array.Sort(names, StringComparer.Ordinal);
            return names!;
        }

        private static Dictionary<string, byte[]> Snapshot(string dir)
        {
            Dictionary<string, byte[]> files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (string file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
            {
                files[Path.GetRelativePath(dir, file)] = File.ReadAllBytes(file);
            }

            return files;
        }

        private string RootKey(string pki)
        {
            string rootPub = temp.File("root.pub");
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "export-public", "--dir", pki, "--role", "root", "--out", rootPub).ExitCode);
            return rootPub;
        }

        private (string Pki, string Device) Provision()
        {
            string pki = PkiCliTests.InitPki(temp);
            string rootPub = RootKey(pki);
            string device = temp.File("device");
            CliResult init = Mda.Run("sim", "init", "--state", device, "--trust", rootPub, "--device-class", DeviceClass, "--device-id", "SN-1", "--vendor", "acme", "--security-counter", "1");
            Assert.True(init.ExitCode == ExitCodes.Ok, init.ToString());
            return (pki, device);
        }

        private string CreatePackage(string pki, string version, int counter, int size, string name)
        {
            byte[] payload = new byte[size];
            Encoding.ASCII.GetBytes("image " + version).CopyTo(payload, 0);
            string payloadPath = temp.Write(name + ".bin", payload);
            string output = temp.File(name);
            CliResult result = Mda.Run("package", "create", "--pki", pki, "--payload", payloadPath, "--version", version, "--security-counter", counter.ToString(System.Globalization.CultureInfo.InvariantCulture), "--device-class", DeviceClass, "--out", output);
            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            return output;
        }
    }
}
