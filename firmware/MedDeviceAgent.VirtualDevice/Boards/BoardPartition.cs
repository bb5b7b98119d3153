namespace MedDeviceAgent.VirtualDevice.Boards
{
    /// <summary>One row of a board's ESP-IDF partition table, as transcribed in its board file.</summary>
    /// <param name="Name">Partition label (nvs, factory, deploy, config, deploy_1...).</param>
    /// <param name="Type">ESP-IDF type: app or data.</param>
    /// <param name="Subtype">ESP-IDF subtype as written in the table (littlefs, factory, ota_0, 0x84...).</param>
    /// <param name="Offset">Start in flash, bytes.</param>
    /// <param name="Size">Length, bytes.</param>
    public sealed record BoardPartition(string Name, string Type, string Subtype, long Offset, long Size)
    {
        /// <summary>First byte after the partition.</summary>
        public long End => Offset + Size;
    }
}
