using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using MedDeviceAgent.VirtualDevice.Boards;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests.Boards
{
    /// <summary>
    /// The device app has no host build, so its board constants (firmware/MedDeviceAgent.Firmware/DeviceBoard.cs)
    /// are read from the source and checked against the board file they name.
    /// </summary>
    public class DeviceBoardConstantsTests
    {
        private static readonly string SourcePath = Path.Combine(RepoPaths.Root, "firmware", "MedDeviceAgent.Firmware", "DeviceBoard.cs");

        [Fact]
        public void DeviceBoard_EveryConstant_EqualsItsBoardFile()
        {
            Dictionary<string, string> constants = Constants(File.ReadAllText(SourcePath));
            BoardProfile board = BoardCatalog.Get(Unquote(constants["Name"]));

            Assert.Equal(board.SlotCapacityBytes, int.Parse(constants["SlotCapacityBytes"], CultureInfo.InvariantCulture));
            Assert.Equal(board.CheckpointEveryBlocks, int.Parse(constants["CheckpointEveryBlocks"], CultureInfo.InvariantCulture));
            Assert.Equal(board.ConfigPartition.Size, long.Parse(constants["ConfigPartitionBytes"], CultureInfo.InvariantCulture));
            Assert.Equal(4, constants.Count);
        }

        [Fact]
        public void DeviceBoard_BoardOfTheDeviceApp_KeepsItsSlotsOnI()
        {
            BoardProfile board = BoardCatalog.Get(Unquote(Constants(File.ReadAllText(SourcePath))["Name"]));

            // The ESP32 adapters store slots as files on I:; an MCUboot board needs an InFieldUpdate installer.
            Assert.Equal(UpdateStrategy.ApplicationOnConfig, board.Strategy);
        }

        [Fact]
        public void Program_SlotCapacity_ComesFromDeviceBoard()
        {
            string program = File.ReadAllText(Path.Combine(RepoPaths.Root, "firmware", "MedDeviceAgent.Firmware", "Program.cs"));

            Assert.Contains("SlotCapacityBytes = DeviceBoard.SlotCapacityBytes;", program, System.StringComparison.Ordinal);
            Assert.Contains("CheckpointEveryBlocks = DeviceBoard.CheckpointEveryBlocks", program, System.StringComparison.Ordinal);
        }

        private static Dictionary<string, string> Constants(string source)
        {
            Dictionary<string, string> constants = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (Match m in Regex.Matches(source, @"public const (?:int|string) (\w+) = ([^;]+);"))
            {
                constants.Add(m.Groups[1].Value, m.Groups[2].Value.Trim());
            }

            return constants;
        }

        private static string Unquote(string literal) => literal.Trim('"');
    }
}
