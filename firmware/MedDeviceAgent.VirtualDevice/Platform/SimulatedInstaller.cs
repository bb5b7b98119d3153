using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.VirtualDevice.Platform
{
    /// <summary>The virtual device's boot seam: remembers the selected slot and whether a reboot was asked for.</summary>
    public sealed class SimulatedInstaller : IInstaller
    {
        /// <summary>Creates an installer whose slots hold <paramref name="slotCapacity"/> bytes.</summary>
        public SimulatedInstaller(int slotCapacity)
        {
            SlotCapacity = slotCapacity;
        }

        /// <inheritdoc />
        public int SlotCapacity { get; }

        /// <summary>The slot selected for the next boot.</summary>
        public int SelectedSlot { get; private set; }

        /// <summary>True after <see cref="Reboot"/> until the host clears it.</summary>
        public bool RebootRequested { get; set; }

        /// <inheritdoc />
        public void SelectBootSlot(int slot) => SelectedSlot = slot;

        /// <inheritdoc />
        public void Reboot() => RebootRequested = true;
    }
}
