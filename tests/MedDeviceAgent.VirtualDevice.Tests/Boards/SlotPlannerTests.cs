using System.Numerics;
using MedDeviceAgent.VirtualDevice.Boards;

namespace MedDeviceAgent.VirtualDevice.Tests.Boards
{
    /// <summary>The slot-plan rules, each against the source it comes from (littlefs lfs.c, MCUboot bootutil).</summary>
    public class SlotPlannerTests
    {
        [Theory]
        [InlineData(1, 4096)]
        [InlineData(2, 8188)]
        [InlineData(3, 12276)]
        [InlineData(22, 89956)]
        public void LittleFsFileCapacity_KnownBlockCounts_MatchTheSkipListFormula(int blocks, int expected)
        {
            Assert.Equal(expected, SlotPlanner.LittleFsFileCapacity(blocks, 4096));
        }

        [Fact]
        public void LittleFsFileCapacity_UpTo600Blocks_AgreesWithLittleFsCtzIndex()
        {
            // lfs_ctz_index (lfs.c) maps a file offset to the index of the skip-list block that holds it: the last
            // byte of a full n-block file must land in block n-1, one byte more in block n.
            for (int blocks = 1; blocks <= 600; blocks++)
            {
                int capacity = SlotPlanner.LittleFsFileCapacity(blocks, 4096);
                Assert.Equal(blocks - 1, CtzIndex(capacity - 1, 4096));
                Assert.Equal(blocks, CtzIndex(capacity, 4096));
            }
        }

        [Theory]
        [InlineData(6, 1)]
        [InlineData(64, 7)]
        [InlineData(512, 52)]
        public void HeadroomBlocks_TenPercentRoundedUp(int blocks, int expected)
        {
            Assert.Equal(expected, SlotPlanner.HeadroomBlocks(blocks));
        }

        [Theory]
        [InlineData(true, 4, 4)]
        [InlineData(true, 16, 16)]
        [InlineData(false, 16, 1)]
        public void CopyOnWriteBlocks_SlotsOnConfigReserveTheResumeTail(bool slotsOnConfig, int checkpoint, int expected)
        {
            Assert.Equal(expected, SlotPlanner.CopyOnWriteBlocks(slotsOnConfig, checkpoint));
        }

        [Fact]
        public void McuBootMaxImageBytes_Esp32SwapMove_SlotMinusTwoTrailerSectorsAndOnePaddingSector()
        {
            McuBootLayout layout = new McuBootLayout(4096, 512, 4, 8, 3);

            // 512 status entries x 3 states x 4 bytes + 4 flags x 8 + 16-byte magic.
            Assert.Equal(6192, SlotPlanner.McuBootTrailerBytes(layout));
            Assert.Equal(0x5D000 - (2 * 4096) - 4096, SlotPlanner.McuBootMaxImageBytes(0x5D000, layout));
        }

        [Fact]
        public void McuBootMaxImageBytes_FlashEncryptionWriteSize32_TrailerGrowsToThirteenSectors()
        {
            McuBootLayout encrypted = new McuBootLayout(4096, 512, 32, 8, 3);

            Assert.Equal((512 * 3 * 32) + 48, SlotPlanner.McuBootTrailerBytes(encrypted));
            Assert.Equal(0x5D000 - (13 * 4096) - 4096, SlotPlanner.McuBootMaxImageBytes(0x5D000, encrypted));
        }

        /// <summary>littlefs lfs_ctz_index, transcribed (w = 32-bit pointers).</summary>
        private static int CtzIndex(int size, int blockSize)
        {
            int b = blockSize - (2 * 4);
            int i = size / b;
            if (i == 0)
            {
                return 0;
            }

            return (size - (4 * (BitOperations.PopCount((uint)(i - 1)) + 2))) / b;
        }
    }
}
