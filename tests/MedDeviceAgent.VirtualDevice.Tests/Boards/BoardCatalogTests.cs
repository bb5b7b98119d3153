using System;
using System.IO;
using System.Linq;
using MedDeviceAgent.VirtualDevice.Boards;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests.Boards
{
    /// <summary>The board files of hardware/boards/: embedded, consistent, and saying what nf-interpreter's partition tables say.</summary>
    public class BoardCatalogTests
    {
        private const int KiB = 1024;

        public static TheoryData<string> BoardNames()
        {
            TheoryData<string> names = new TheoryData<string>();
            foreach (string file in Directory.GetFiles(RepoPaths.BoardFiles, "*.json"))
            {
                names.Add(Path.GetFileNameWithoutExtension(file));
            }

            return names;
        }

        [Fact]
        public void Names_EveryFileInHardwareBoards_IsEmbedded()
        {
            string[] files = Directory.GetFiles(RepoPaths.BoardFiles, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).OrderBy(n => n, StringComparer.Ordinal).ToArray();

            Assert.Equal(new[] { "esp32-4mb", "esp32-4mb-mcuboot", "esp32s3-8mb" }, files);
            Assert.Equal(files, BoardCatalog.Names.ToArray());
        }

        [Theory]
        [MemberData(nameof(BoardNames))]
        public void Parse_RepositoryFile_EqualsTheEmbeddedBoard(string name)
        {
            BoardProfile fromDisk = BoardCatalog.Parse(name, File.ReadAllText(Path.Combine(RepoPaths.BoardFiles, name + ".json")));
            BoardProfile embedded = BoardCatalog.Get(name);

            Assert.Equal(fromDisk.SlotCapacityBytes, embedded.SlotCapacityBytes);
            Assert.Equal(fromDisk.Partitions, embedded.Partitions);
            Assert.Equal(fromDisk.Provenance, embedded.Provenance);
        }

        [Fact]
        public void Get_Esp32FourMegabyte_StockTableFigures()
        {
            BoardProfile board = BoardCatalog.Get("esp32-4mb");

            Assert.Equal(4L * KiB * KiB, board.FlashBytes);
            Assert.Equal(1856 * KiB, board.Partition("factory")!.Size);
            Assert.Equal(1792 * KiB, board.Partition("deploy")!.Size);
            Assert.Equal(256 * KiB, board.ConfigPartition.Size);
            Assert.Equal(64, board.ConfigBlocks);
            Assert.Equal(UpdateStrategy.ApplicationOnConfig, board.Strategy);
            Assert.Same(board.ConfigPartition, board.StagingPartition);
            Assert.Equal(22, board.SlotBlocks);
            Assert.Equal(89_956, board.SlotCapacityBytes);
            Assert.Equal(4, board.CheckpointEveryBlocks);
            Assert.True(board.AgentStateFits);
        }

        [Fact]
        public void Get_Esp32S3EightMegabyte_TwoMegabyteConfigPartition()
        {
            BoardProfile board = BoardCatalog.Get("esp32s3-8mb");

            Assert.Equal(2 * KiB * KiB, board.ConfigPartition.Size);
            Assert.Equal(2944 * KiB, board.Partition("deploy")!.Size);
            Assert.Equal(218, board.SlotBlocks);
            Assert.Equal(891_212, board.SlotCapacityBytes);
            Assert.Equal(16, board.CheckpointEveryBlocks);
            Assert.True(board.AgentStateFits);
        }

        [Fact]
        public void Get_Esp32McuBootLayout_StagesInDeploy1AndCannotHoldTheAgentStateOnI()
        {
            BoardProfile board = BoardCatalog.Get("esp32-4mb-mcuboot");

            Assert.Equal(UpdateStrategy.McuBootDeploymentImage, board.Strategy);
            Assert.Equal("deploy_1", board.StagingPartition.Name);
            Assert.Equal(372 * KiB, board.StagingPartition.Size);
            Assert.Equal(372 * KiB, board.Partition("deploy_0")!.Size);
            Assert.Equal(24 * KiB, board.ConfigPartition.Size);
            Assert.Equal(368_640, board.SlotCapacityBytes);

            // 6 blocks of littlefs cannot hold 2 filesystem + 2 state + 4 provisioning + 1 copy-on-write + 1 headroom.
            Assert.Equal(6, board.ConfigBlocks);
            Assert.Equal(10, board.ReservedConfigBlocks);
            Assert.False(board.AgentStateFits);
        }

        [Fact]
        public void Get_EveryBoard_SlotSmallerThanTheOldOneAndAHalfMebibyteSlot()
        {
            foreach (string name in BoardCatalog.Names)
            {
                Assert.True(BoardCatalog.Get(name).SlotCapacityBytes < 1536 * KiB, name);
            }
        }

        [Fact]
        public void Get_UnknownBoard_ThrowsNamingTheKnownOnes()
        {
            System.Collections.Generic.KeyNotFoundException e = Assert.Throws<System.Collections.Generic.KeyNotFoundException>(() => BoardCatalog.Get("esp32-16mb"));

            Assert.Contains("esp32-4mb", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("\"capacityBytes\": 89956", "\"capacityBytes\": 89957", "capacityBytes must be 89956")]
        [InlineData("\"blocks\": 22", "\"blocks\": 23", "slots.blocks must be 22")]
        [InlineData("\"headroom\": 7", "\"headroom\": 6", "headroom must be 7")]
        [InlineData("\"copyOnWrite\": 4", "\"copyOnWrite\": 1", "copyOnWrite must be 4")]
        [InlineData("\"offset\": \"0x3C0000\"", "\"offset\": \"0x39F000\"", "overlaps")]
        [InlineData("\"size\": \"0x40000\"", "\"size\": \"0x41000\"", "beyond the flash")]
        [InlineData("\"board\": \"esp32-4mb\"", "\"board\": \"esp32-8mb\"", "\"board\" field")]
        [InlineData("(file last changed in 53be3026b90a23f308641f98f4d1943457b5eb1c)", "", "commit")]
        [InlineData("\"subtype\": \"littlefs\"", "\"subtype\": \"spiffs\"", "littlefs")]
        public void Parse_InconsistentFile_Refused(string original, string replacement, string expected)
        {
            string json = File.ReadAllText(Path.Combine(RepoPaths.BoardFiles, "esp32-4mb.json"));
            Assert.Contains(original, json, StringComparison.Ordinal);
            if (original.StartsWith("(file", StringComparison.Ordinal))
            {
                json = json.Replace("main a3e8139a1ba778e33ca81b023099765eada6c456", "main", StringComparison.Ordinal);
            }

            InvalidDataException e = Assert.Throws<InvalidDataException>(() => BoardCatalog.Parse("esp32-4mb", json.Replace(original, replacement, StringComparison.Ordinal)));

            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Parse_McuBootCapacityOneByteMore_Refused()
        {
            string json = File.ReadAllText(Path.Combine(RepoPaths.BoardFiles, "esp32-4mb-mcuboot.json"));

            InvalidDataException e = Assert.Throws<InvalidDataException>(() => BoardCatalog.Parse("esp32-4mb-mcuboot", json.Replace("368640", "368641", StringComparison.Ordinal)));

            Assert.Contains("must be 368640", e.Message, StringComparison.Ordinal);
        }
    }
}
