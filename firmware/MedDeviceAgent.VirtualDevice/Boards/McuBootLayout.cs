namespace MedDeviceAgent.VirtualDevice.Boards
{
    /// <summary>
    /// The MCUboot build parameters that decide how much of a slot an image may use (swap-using-move).
    /// </summary>
    /// <param name="SectorSize">Flash erase sector, bytes (4096 on every ESP32).</param>
    /// <param name="MaxImageSectors">MCUBOOT_MAX_IMG_SECTORS: entries reserved in the swap status.</param>
    /// <param name="WriteSize">Flash write alignment (4 on ESP32; 32 with flash encryption).</param>
    /// <param name="MaxAlign">BOOT_MAX_ALIGN (8 unless MCUBOOT_BOOT_MAX_ALIGN is set).</param>
    /// <param name="StatusStateCount">BOOT_STATUS_STATE_COUNT (3 for swap-using-move: one move and two swap states).</param>
    public sealed record McuBootLayout(int SectorSize, int MaxImageSectors, int WriteSize, int MaxAlign, int StatusStateCount);
}
