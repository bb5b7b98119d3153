using System;
using System.IO;
using System.Text.Json;

namespace MedDeviceAgent.VirtualDevice
{
    /// <summary>Host-side settings of a virtual device (not device state): board or slot size, and clock trust. Stored as sim.json.</summary>
    public sealed class SimConfig
    {
        /// <summary>Default slot capacity: 128 MiB.</summary>
        public const int DefaultSlotCapacity = 128 * 1024 * 1024;

        /// <summary>Largest image a slot holds (when <see cref="Board"/> is set, the board's slot capacity).</summary>
        public int SlotCapacity { get; set; } = DefaultSlotCapacity;

        /// <summary>
        /// The real board the device models (a hardware/boards/ id, see <see cref="Boards.BoardCatalog"/>), or null
        /// for a host device whose slots are <see cref="SlotCapacity"/> bytes.
        /// </summary>
        public string? Board { get; set; }

        /// <summary>Whether the device's clock is trusted (as after an SNTP sync).</summary>
        public bool TrustedClock { get; set; } = true;

        /// <summary>Reads DIR/sim.json, or the defaults when absent.</summary>
        public static SimConfig Load(string stateDir)
        {
            string path = Path.Combine(stateDir, "sim.json");
            if (!File.Exists(path))
            {
                return new SimConfig();
            }

            return JsonSerializer.Deserialize<SimConfig>(File.ReadAllText(path)) ?? new SimConfig();
        }

        /// <summary>Writes DIR/sim.json atomically.</summary>
        public void Save(string stateDir)
        {
            Directory.CreateDirectory(stateDir);
            string path = Path.Combine(stateDir, "sim.json");
            string temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(this));
            File.Move(temp, path, true);
        }
    }
}
