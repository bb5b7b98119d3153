using System;
using MedDeviceAgent.Firmware.Core.Platform;
using nanoFramework.Runtime.Native;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary>
    /// <see cref="IInstaller"/> for the ESP32: records the slot to boot in storage and resets the device with
    /// <see cref="Power.RebootDevice(RebootOption)"/>.
    /// </summary>
    /// <remarks>
    /// Stable nanoFramework 1.x firmware has no API to switch the running image: the slot record written here
    /// (blob <see cref="SlotRecordName"/>: the slot byte followed by its complement) is what the in-field update
    /// path (nanoFramework IFU on MCUboot, a 2026 preview) will carry out once it is enabled; until then the
    /// reset restarts the same image. The core records its own boot decision power-safely before calling
    /// <see cref="SelectBootSlot"/>, so a torn slot record is detected (complement mismatch) and ignored.
    /// </remarks>
    internal sealed class DeviceRebootInstaller : IInstaller
    {
        /// <summary>The blob holding the selected slot.</summary>
        public const string SlotRecordName = "bootslot";

        private readonly IStorage _storage;
        private readonly int _slotCapacity;

        /// <summary>Records slot choices in <paramref name="storage"/>; each slot holds <paramref name="slotCapacity"/> bytes.</summary>
        public DeviceRebootInstaller(IStorage storage, int slotCapacity)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            if (slotCapacity <= 0)
            {
                throw new ArgumentOutOfRangeException("slotCapacity");
            }

            _storage = storage;
            _slotCapacity = slotCapacity;
        }

        /// <inheritdoc />
        public int SlotCapacity
        {
            get { return _slotCapacity; }
        }

        /// <inheritdoc />
        public void SelectBootSlot(int slot)
        {
            if (slot != 0 && slot != 1)
            {
                throw new ArgumentOutOfRangeException("slot");
            }

            byte[] record = new byte[] { (byte)slot, (byte)~slot };
            _storage.Write(SlotRecordName, 0, record, 0, record.Length);
        }

        /// <inheritdoc />
        public void Reboot()
        {
            Power.RebootDevice(RebootOption.NormalReboot);
        }
    }
}
