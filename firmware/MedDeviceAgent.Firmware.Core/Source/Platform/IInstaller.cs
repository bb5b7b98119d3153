namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>
    /// The platform's boot seam: which image slot runs after the next reset, and the reset itself.
    /// The core decides what to boot (test, confirm, revert) and records it power-safely first;
    /// the installer only carries it out.
    /// </summary>
    public interface IInstaller
    {
        /// <summary>Largest image, in bytes, a slot holds.</summary>
        int SlotCapacity { get; }

        /// <summary>Makes <paramref name="slot"/> (0 or 1) the image that runs after the next reset.</summary>
        void SelectBootSlot(int slot);

        /// <summary>Resets the device (on the host: the virtual device restarts its boot sequence).</summary>
        void Reboot();
    }
}
