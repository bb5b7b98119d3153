using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text.Json;

namespace MedDeviceAgent.VirtualDevice.Boards
{
    /// <summary>
    /// The board files of hardware/boards/, embedded in this assembly, parsed and checked: a file whose partitions
    /// overlap or leave the flash, or whose slot plan disagrees with <see cref="SlotPlanner"/>, is refused.
    /// </summary>
    public static class BoardCatalog
    {
        private const string ResourcePrefix = "MedDeviceAgent.Boards.";
        private static readonly Lazy<SortedDictionary<string, BoardProfile>> Boards = new Lazy<SortedDictionary<string, BoardProfile>>(LoadEmbedded);

        /// <summary>Ids of the embedded boards, sorted.</summary>
        public static IReadOnlyCollection<string> Names => Boards.Value.Keys;

        /// <summary>The embedded board <paramref name="name"/>.</summary>
        /// <exception cref="KeyNotFoundException">No such board.</exception>
        public static BoardProfile Get(string name)
        {
            ArgumentNullException.ThrowIfNull(name);
            if (!Boards.Value.TryGetValue(name, out BoardProfile? board))
            {
                throw new KeyNotFoundException("unknown board '" + name + "' (known: " + string.Join(", ", Names) + ")");
            }

            return board;
        }

        /// <summary>Parses and checks one board file.</summary>
        /// <param name="name">Board id (the file name without .json); must equal the file's "board" field.</param>
        /// <param name="json">The file's text.</param>
        /// <exception cref="InvalidDataException">The file is malformed or inconsistent.</exception>
        public static BoardProfile Parse(string name, string json)
        {
            ArgumentNullException.ThrowIfNull(name);
            ArgumentNullException.ThrowIfNull(json);
            try
            {
                using JsonDocument document = JsonDocument.Parse(json);
                return Build(name, document.RootElement);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException("board " + name + ": " + e.Message, e);
            }
            catch (Exception e) when (e is KeyNotFoundException || e is InvalidOperationException || e is FormatException || e is OverflowException)
            {
                throw new InvalidDataException("board " + name + ": " + e.Message, e);
            }
        }

        private static SortedDictionary<string, BoardProfile> LoadEmbedded()
        {
            SortedDictionary<string, BoardProfile> boards = new SortedDictionary<string, BoardProfile>(StringComparer.Ordinal);
            Assembly assembly = typeof(BoardCatalog).Assembly;
            foreach (string resource in assembly.GetManifestResourceNames())
            {
                if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".json", StringComparison.Ordinal))
                {
                    continue;
                }

                string name = resource.Substring(ResourcePrefix.Length, resource.Length - ResourcePrefix.Length - ".json".Length);
                using Stream stream = assembly.GetManifestResourceStream(resource)!;
                using StreamReader reader = new StreamReader(stream);
                boards.Add(name, Parse(name, reader.ReadToEnd()));
            }

            return boards;
        }

        private static BoardProfile Build(string name, JsonElement root)
        {
            BoardProfile board = new BoardProfile
            {
                Name = Text(root, "board"),
                Description = Text(root, "description"),
                Provenance = Text(root, "provenance"),
                FlashBytes = Hex(root, "flashBytes"),
            };
            Require(board.Name == name, "the \"board\" field says '" + board.Name + "'");
            Require(board.Provenance.Contains("nf-interpreter", StringComparison.Ordinal) && ContainsCommit(board.Provenance), "the provenance must name the nf-interpreter file and commit");

            List<BoardPartition> partitions = new List<BoardPartition>();
            foreach (JsonElement p in root.GetProperty("partitions").EnumerateArray())
            {
                partitions.Add(new BoardPartition(Text(p, "name"), Text(p, "type"), Text(p, "subtype"), Hex(p, "offset"), Hex(p, "size")));
            }

            board.Partitions = partitions;
            CheckPartitions(board);

            JsonElement update = root.GetProperty("update");
            board.Strategy = Text(update, "strategy") switch
            {
                "application-on-config" => UpdateStrategy.ApplicationOnConfig,
                "mcuboot-deployment-image" => UpdateStrategy.McuBootDeploymentImage,
                string other => throw new FormatException("unknown update strategy '" + other + "'"),
            };
            board.Replaces = Text(update, "replaces");
            board.Fixed = Text(update, "fixed");
            board.StagingPartition = PartitionNamed(board, Text(update, "stagedIn"));

            JsonElement config = root.GetProperty("config");
            board.ConfigPartition = PartitionNamed(board, Text(config, "partition"));
            Require(board.ConfigPartition.Subtype == "littlefs", "the config partition must be littlefs (drive I:)");
            board.ConfigBlockSize = config.GetProperty("blockSize").GetInt32();
            Require(board.ConfigBlockSize == 4096, "littlefs on ESP32 uses the 4096-byte flash sector as its block");
            Require(board.ConfigPartition.Size % board.ConfigBlockSize == 0, "the config partition is not a whole number of blocks");

            JsonElement slots = root.GetProperty("slots");
            board.CheckpointEveryBlocks = slots.GetProperty("checkpointEveryBlocks").GetInt32();
            Require(board.CheckpointEveryBlocks >= 1 && board.CheckpointEveryBlocks <= 1024, "checkpointEveryBlocks is 1..1024");
            board.SlotCapacityBytes = slots.GetProperty("capacityBytes").GetInt32();
            BoardPartition slotPartition = PartitionNamed(board, Text(slots, "partition"));
            Require(slotPartition == board.StagingPartition, "the slots must be in the partition the update is staged in");

            bool slotsOnConfig = board.Strategy == UpdateStrategy.ApplicationOnConfig;
            Require(slotsOnConfig == (slotPartition == board.ConfigPartition), "application-on-config boards keep the slots on the config partition, MCUboot boards do not");
            Dictionary<string, int> reserved = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (JsonProperty r in config.GetProperty("reservedBlocks").EnumerateObject())
            {
                Require(r.Value.GetInt32() >= 0, "reserved blocks cannot be negative");
                reserved.Add(r.Name, r.Value.GetInt32());
            }

            foreach (string purpose in new[] { "filesystem", "stateRecords", "provisioning", "copyOnWrite", "headroom" })
            {
                Require(reserved.ContainsKey(purpose), "reservedBlocks lacks \"" + purpose + "\"");
            }

            Require(reserved.Count == 5, "reservedBlocks has a purpose the slot plan does not know");
            Require(reserved["headroom"] == SlotPlanner.HeadroomBlocks(board.ConfigBlocks), "headroom must be " + SlotPlanner.HeadroomBlocks(board.ConfigBlocks) + " blocks (" + SlotPlanner.HeadroomPercent + "% rounded up)");
            Require(reserved["copyOnWrite"] == SlotPlanner.CopyOnWriteBlocks(slotsOnConfig, board.CheckpointEveryBlocks), "copyOnWrite must be " + SlotPlanner.CopyOnWriteBlocks(slotsOnConfig, board.CheckpointEveryBlocks) + " blocks");
            board.ReservedBlocks = reserved;
            int reservedSum = 0;
            foreach (int blocks in reserved.Values)
            {
                reservedSum += blocks;
            }

            board.ReservedConfigBlocks = reservedSum;
            if (slotsOnConfig)
            {
                board.SlotBlocks = slots.GetProperty("blocks").GetInt32();
                int expectedBlocks = SlotPlanner.SlotBlocks(board.ConfigBlocks - reservedSum);
                Require(board.SlotBlocks == expectedBlocks, "slots.blocks must be " + expectedBlocks);
                int expected = SlotPlanner.LittleFsFileCapacity(board.SlotBlocks, board.ConfigBlockSize);
                Require(board.SlotCapacityBytes == expected, "slots.capacityBytes must be " + expected.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                Require(!slots.TryGetProperty("blocks", out _), "MCUboot slots are partitions, not littlefs blocks");
                JsonElement m = root.GetProperty("mcuboot");
                Require(Text(m, "strategy") == "swap-using-move", "only MCUboot swap-using-move (ESP32) is modelled");
                board.McuBoot = new McuBootLayout(m.GetProperty("sectorSize").GetInt32(), m.GetProperty("maxImageSectors").GetInt32(), m.GetProperty("writeSize").GetInt32(), m.GetProperty("maxAlign").GetInt32(), m.GetProperty("statusStateCount").GetInt32());
                BoardPartition running = PartitionNamed(board, "deploy_0");
                Require(running.Size == board.StagingPartition.Size, "MCUboot swap needs equal primary and secondary deployment slots");
                Require(board.StagingPartition.Size / board.McuBoot.SectorSize <= board.McuBoot.MaxImageSectors, "the slot has more sectors than MCUBOOT_MAX_IMG_SECTORS");
                int expected = SlotPlanner.McuBootMaxImageBytes(board.StagingPartition.Size, board.McuBoot);
                Require(board.SlotCapacityBytes == expected, "slots.capacityBytes must be " + expected.ToString(CultureInfo.InvariantCulture));
            }

            Require(board.SlotCapacityBytes > 0, "the slot plan leaves no room for an image");
            return board;
        }

        private static void CheckPartitions(BoardProfile board)
        {
            Require(board.Partitions.Count > 0, "no partitions");
            List<BoardPartition> sorted = new List<BoardPartition>(board.Partitions);
            sorted.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            long previousEnd = 0;
            HashSet<string> names = new HashSet<string>(StringComparer.Ordinal);
            foreach (BoardPartition p in sorted)
            {
                Require(names.Add(p.Name), "partition " + p.Name + " appears twice");
                Require(p.Size > 0 && p.Offset % 4096 == 0 && p.Size % 4096 == 0, "partition " + p.Name + " is not aligned to 4 KiB sectors");
                Require(p.Offset >= previousEnd, "partition " + p.Name + " overlaps the one before it");
                Require(p.End <= board.FlashBytes, "partition " + p.Name + " ends beyond the flash");
                previousEnd = p.End;
            }
        }

        private static BoardPartition PartitionNamed(BoardProfile board, string name)
        {
            BoardPartition? p = board.Partition(name);
            Require(p != null, "no partition named " + name);
            return p!;
        }

        private static string Text(JsonElement e, string property)
        {
            string? value = e.GetProperty(property).GetString();
            Require(!string.IsNullOrEmpty(value), "\"" + property + "\" is empty");
            return value!;
        }

        private static long Hex(JsonElement e, string property)
        {
            string text = Text(e, property);
            Require(text.StartsWith("0x", StringComparison.Ordinal), "\"" + property + "\" must be a 0x hex string, as in the partition table");
            return long.Parse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        private static bool ContainsCommit(string text)
        {
            int run = 0;
            foreach (char c in text)
            {
                run = Uri.IsHexDigit(c) && !char.IsUpper(c) ? run + 1 : 0;
                if (run == 40)
                {
                    return true;
                }
            }

            return false;
        }

        private static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new InvalidOperationException(message);
            }
        }
    }
}
