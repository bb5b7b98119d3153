namespace MedDeviceAgent.Firmware
{
    /// <summary>
    /// The board this device image is built for: the values of its data file, hardware/boards/esp32-4mb.json
    /// (nf-interpreter's stock 4 MB ESP32 partition table). A test (BoardConstantsTests) fails when a constant
    /// here differs from that file; to build for another board, set <see cref="Name"/> and copy its values.
    /// </summary>
    /// <remarks>
    /// The slots are two files on drive I: (the 256 KB littlefs config partition) holding the medical
    /// application's assemblies; the agent itself lives in the deployment area, which only nanoff rewrites.
    /// </remarks>
    public static class DeviceBoard
    {
        /// <summary>Board id, the name of its file in hardware/boards/.</summary>
        public const string Name = "esp32-4mb";

        /// <summary>Size of the config partition mounted as I:, bytes.</summary>
        public const int ConfigPartitionBytes = 262144;

        /// <summary>
        /// Largest image a slot holds, bytes: 22 littlefs blocks of 4096 bytes less their skip-list pointers.
        /// The engine refuses a larger payload at the manifest (PayloadTooLarge), before writing anything.
        /// </summary>
        public const int SlotCapacityBytes = 89956;

        /// <summary>
        /// Staged 4 KiB blocks between two resume points. Small on this board: resuming rewrites up to this many
        /// blocks of the slot file (littlefs copies a file's tail after a write before its end), and only 64
        /// blocks exist.
        /// </summary>
        public const int CheckpointEveryBlocks = 4;
    }
}
