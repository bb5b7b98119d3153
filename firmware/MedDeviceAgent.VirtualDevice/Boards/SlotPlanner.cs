using System;
using System.Numerics;

namespace MedDeviceAgent.VirtualDevice.Boards
{
    /// <summary>
    /// The rules that turn a board's partition table into its slot plan. Board files store the derived numbers
    /// so that they can be read and reviewed; <see cref="BoardCatalog"/> refuses a file whose numbers disagree
    /// with these rules.
    /// </summary>
    /// <remarks>
    /// Sources: littlefs DESIGN.md (CTZ skip-lists: data block i of a file holds ctz(i)+1 four-byte pointers, so
    /// n blocks hold B·n − 4·(2(n−1) − popcount(n−1)) bytes) and lfs.c (a write before the end of a file
    /// rewrites the rest of it, lfs_file_flush "copy over anything after current branch"); MCUboot
    /// boot/bootutil/src/bootutil_area.c (trailer size) and swap_move.c (app_max_size).
    /// </remarks>
    public static class SlotPlanner
    {
        /// <summary>Image slots the engine needs for test / confirm / revert.</summary>
        public const int SlotCount = 2;

        /// <summary>Share of a littlefs partition kept free for metadata compaction and wear levelling, percent.</summary>
        public const int HeadroomPercent = 10;

        /// <summary>Bytes of file data that <paramref name="blocks"/> littlefs blocks of <paramref name="blockSize"/> bytes hold.</summary>
        public static int LittleFsFileCapacity(int blocks, int blockSize)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(blocks);
            ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 128);
            if (blocks == 0)
            {
                return 0;
            }

            long pointers = (2L * (blocks - 1)) - BitOperations.PopCount((uint)(blocks - 1));
            return checked((int)(((long)blocks * blockSize) - (4 * pointers)));
        }

        /// <summary>Blocks kept free on a littlefs partition of <paramref name="blocks"/> blocks (<see cref="HeadroomPercent"/>, rounded up).</summary>
        public static int HeadroomBlocks(int blocks) => ((blocks * HeadroomPercent) + 99) / 100;

        /// <summary>
        /// Blocks littlefs needs free for copy-on-write: one for rewriting a state record, plus, when the slots
        /// are files on the same partition, the tail it rewrites when staging resumes at a checkpoint (at most
        /// <paramref name="checkpointEveryBlocks"/> − 1 staged blocks lie after the last checkpoint).
        /// </summary>
        public static int CopyOnWriteBlocks(bool slotsOnConfig, int checkpointEveryBlocks)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(checkpointEveryBlocks, 1);
            return 1 + (slotsOnConfig ? checkpointEveryBlocks - 1 : 0);
        }

        /// <summary>Blocks of each slot when both slots share the <paramref name="freeBlocks"/> left after the reservations.</summary>
        public static int SlotBlocks(int freeBlocks) => freeBlocks < 0 ? 0 : freeBlocks / SlotCount;

        /// <summary>MCUboot's image trailer (swap status and flags), bytes, before sector alignment.</summary>
        public static int McuBootTrailerBytes(McuBootLayout layout)
        {
            ArgumentNullException.ThrowIfNull(layout);
            const int MagicBytes = 16;
            int magicAligned = ((MagicBytes + layout.MaxAlign - 1) / layout.MaxAlign) * layout.MaxAlign;
            return (layout.MaxImageSectors * layout.StatusStateCount * layout.WriteSize) + (layout.MaxAlign * 4) + magicAligned;
        }

        /// <summary>
        /// Largest MCUboot image (header, payload and TLVs) swap-using-move accepts for two equal slots of
        /// <paramref name="slotBytes"/>: the slot minus the sector-aligned trailer minus one sector of padding
        /// the move needs in the primary slot.
        /// </summary>
        public static int McuBootMaxImageBytes(long slotBytes, McuBootLayout layout)
        {
            ArgumentNullException.ThrowIfNull(layout);
            long sector = layout.SectorSize;
            long sectors = slotBytes / sector;
            long trailer = ((McuBootTrailerBytes(layout) + sector - 1) / sector) * sector;
            long primary = (sectors * sector) - trailer - sector;
            long secondary = (sectors * sector) - trailer;
            long max = Math.Min(primary, secondary);
            return max < 0 ? 0 : checked((int)max);
        }
    }
}
