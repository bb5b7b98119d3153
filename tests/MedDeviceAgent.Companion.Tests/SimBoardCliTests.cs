using System;
using System.IO;
using System.Text.Json;
using MedDeviceAgent.Cli;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice;
using MedDeviceAgent.VirtualDevice.Boards;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>'mda sim init --board X': the virtual device takes its slot capacity from the board file.</summary>
    [Collection(CliCollection.Name)]
    public sealed class SimBoardCliTests : IDisposable
    {
        private const string DeviceClass = "pump-x1";
        private readonly TempDir temp = new TempDir();

        public SimBoardCliTests()
        {
            Mda.SetPassphrase(Mda.Passphrase);
        }

        public void Dispose()
        {
            Mda.SetPassphrase(null);
            temp.Dispose();
        }

        [Fact]
        public void Install_BoardEsp32FourMegabyte_OneByteOverSlotExits35AndExactSlotInstalls()
        {
            int capacity = BoardCatalog.Get("esp32-4mb").SlotCapacityBytes;
            (string pki, string rootPub) = Pki();
            string device = temp.File("device");
            CliResult init = Mda.Run("sim", "init", "--state", device, "--trust", rootPub, "--device-class", DeviceClass, "--device-id", "SN-1", "--vendor", "acme", "--board", "esp32-4mb");
            Assert.True(init.ExitCode == ExitCodes.Ok, init.ToString());
            Assert.Equal("esp32-4mb", SimConfig.Load(device).Board);
            Assert.Equal(capacity, SimConfig.Load(device).SlotCapacity);

            string over = CreatePackage(pki, capacity + 1, "over.mdpkg");
            string exact = CreatePackage(pki, capacity, "exact.mdpkg");
            CliResult rejected = Mda.Run("sim", "install", "--state", device, over, "--json");
            CliResult installed = Mda.Run("sim", "install", "--state", device, exact, "--json");

            Assert.True(rejected.ExitCode == (int)UpdateResult.PayloadTooLarge, rejected.ToString());
            Assert.True(installed.ExitCode == ExitCodes.Ok, installed.ToString());
            Assert.Equal(1, installed.Json().GetProperty("activeSlot").GetInt32());
        }

        [Fact]
        public void Init_BoardAndSlotCapacityBoth_UsageError()
        {
            (_, string rootPub) = Pki();

            CliResult result = Mda.Run("sim", "init", "--state", temp.File("device"), "--trust", rootPub, "--device-class", DeviceClass, "--device-id", "SN-1", "--board", "esp32-4mb", "--slot-capacity", "1000");

            Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
            Assert.Contains("--board and --slot-capacity", result.Error, StringComparison.Ordinal);
        }

        [Fact]
        public void Init_McuBootBoardWhoseConfigCannotHoldTheState_UsageErrorAndNoDevice()
        {
            (_, string rootPub) = Pki();
            string device = temp.File("device");

            CliResult result = Mda.Run("sim", "init", "--state", device, "--trust", rootPub, "--device-class", DeviceClass, "--device-id", "SN-1", "--board", "esp32-4mb-mcuboot");

            Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
            Assert.Contains("cannot hold the agent's state", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(device, "sim.json")));
        }

        [Fact]
        public void Init_UnknownBoard_UsageError()
        {
            (_, string rootPub) = Pki();

            CliResult result = Mda.Run("sim", "init", "--state", temp.File("device"), "--trust", rootPub, "--device-class", DeviceClass, "--device-id", "SN-1", "--board", "esp32-16mb");

            Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        }

        private (string Pki, string RootPub) Pki()
        {
            string pki = PkiCliTests.InitPki(temp, "ed25519");
            string rootPub = temp.File("root.pub");
            Assert.Equal(ExitCodes.Ok, Mda.Run("pki", "export-public", "--dir", pki, "--role", "root", "--out", rootPub).ExitCode);
            return (pki, rootPub);
        }

        private string CreatePackage(string pki, int payloadBytes, string name)
        {
            byte[] image = new byte[payloadBytes];
            new Random(payloadBytes).NextBytes(image);
            string payload = temp.Write(name + ".bin", image);
            string output = temp.File(name);
            CliResult result = Mda.Run("package", "create", "--pki", pki, "--payload", payload, "--version", "1.1.0", "--security-counter", "2", "--device-class", DeviceClass, "--out", output);
            Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
            return output;
        }
    }
}
