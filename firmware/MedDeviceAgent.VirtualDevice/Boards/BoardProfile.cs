using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Update;

namespace MedDeviceAgent.VirtualDevice.Boards
{
    /// <summary>
    /// A real board as its data file in hardware/boards/ describes it: the partition table it ships with, what
    /// an update replaces and where it is staged, and the slot plan derived from them. Obtain instances from
    /// <see cref="BoardCatalog"/>, which checks every derived number against <see cref="SlotPlanner"/>.
    /// </summary>
    public sealed class BoardProfile
    {
        internal BoardProfile()
        {
        }

        /// <summary>Board id (the file name without .json), e.g. esp32-4mb.</summary>
        public string Name { get; internal set; } = string.Empty;

        /// <summary>What the board is and which nanoFramework firmware it runs.</summary>
        public string Description { get; internal set; } = string.Empty;

        /// <summary>Where the partition table came from: repository, file and commit.</summary>
        public string Provenance { get; internal set; } = string.Empty;

        /// <summary>Flash size, bytes.</summary>
        public long FlashBytes { get; internal set; }

        /// <summary>The partition table, in file order.</summary>
        public IReadOnlyList<BoardPartition> Partitions { get; internal set; } = new List<BoardPartition>();

        /// <summary>What an update replaces, hence where the slots are.</summary>
        public UpdateStrategy Strategy { get; internal set; }

        /// <summary>What an update replaces, in words.</summary>
        public string Replaces { get; internal set; } = string.Empty;

        /// <summary>What no update of the agent changes, in words.</summary>
        public string Fixed { get; internal set; } = string.Empty;

        /// <summary>The partition an update is staged in.</summary>
        public BoardPartition StagingPartition { get; internal set; } = null!;

        /// <summary>The littlefs partition mounted as drive I: (agent state, provisioning, and on stock boards the slots).</summary>
        public BoardPartition ConfigPartition { get; internal set; } = null!;

        /// <summary>littlefs block size of the config partition, bytes.</summary>
        public int ConfigBlockSize { get; internal set; }

        /// <summary>Blocks of the config partition.</summary>
        public int ConfigBlocks => (int)(ConfigPartition.Size / ConfigBlockSize);

        /// <summary>Reserved config blocks by purpose (filesystem, stateRecords, provisioning, copyOnWrite, headroom).</summary>
        public IReadOnlyDictionary<string, int> ReservedBlocks { get; internal set; } = new Dictionary<string, int>();

        /// <summary>Sum of <see cref="ReservedBlocks"/>.</summary>
        public int ReservedConfigBlocks { get; internal set; }

        /// <summary>True when the config partition holds the agent's reservations (state, provisioning, spare blocks).</summary>
        public bool AgentStateFits => ReservedConfigBlocks <= ConfigBlocks;

        /// <summary>MCUboot parameters, for <see cref="UpdateStrategy.McuBootDeploymentImage"/> boards; otherwise null.</summary>
        public McuBootLayout? McuBoot { get; internal set; }

        /// <summary>littlefs blocks of each slot file, for <see cref="UpdateStrategy.ApplicationOnConfig"/> boards; otherwise 0.</summary>
        public int SlotBlocks { get; internal set; }

        /// <summary>Largest payload, bytes, a slot really holds: what the installer reports and the engine enforces.</summary>
        public int SlotCapacityBytes { get; internal set; }

        /// <summary>Staged blocks between two resume points on this board (bounds the littlefs tail rewrite on resume).</summary>
        public int CheckpointEveryBlocks { get; internal set; }

        /// <summary>Staging options for this board: 4 KiB blocks (one flash sector) and the board's checkpoint interval.</summary>
        public UpdateOptions CreateUpdateOptions() => new UpdateOptions { BlockSize = 4096, CheckpointEveryBlocks = CheckpointEveryBlocks };

        /// <summary>The partition named <paramref name="name"/>, or null.</summary>
        public BoardPartition? Partition(string name)
        {
            foreach (BoardPartition p in Partitions)
            {
                if (p.Name == name)
                {
                    return p;
                }
            }

            return null;
        }
    }
}
