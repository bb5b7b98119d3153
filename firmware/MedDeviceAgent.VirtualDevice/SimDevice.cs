using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice
{
    /// <summary>
    /// The virtual device: the firmware core's <see cref="UpdateEngine"/> on host adapters. A reboot
    /// builds a fresh engine over the same storage, as a real reset loses RAM and keeps flash.
    /// </summary>
    public sealed class SimDevice
    {
        private readonly UpdateOptions _updateOptions;

        /// <summary>Creates a device over <paramref name="storage"/>.</summary>
        public SimDevice(IStorage storage, IClock clock, int slotCapacity, UpdateOptions updateOptions)
        {
            ArgumentNullException.ThrowIfNull(storage);
            ArgumentNullException.ThrowIfNull(clock);
            ArgumentNullException.ThrowIfNull(updateOptions);
            Storage = storage;
            Clock = clock;
            _updateOptions = updateOptions;
            Installer = new SimulatedInstaller(slotCapacity);
            HealthCheck = new MarkerHealthCheck(storage);
            Indicator = new RecordingIndicator();
            Engine = NewEngine();
        }

        /// <summary>The device's flash.</summary>
        public IStorage Storage { get; }

        /// <summary>The device's clock.</summary>
        public IClock Clock { get; }

        /// <summary>The boot seam.</summary>
        public SimulatedInstaller Installer { get; }

        /// <summary>The health check run on test boots.</summary>
        public MarkerHealthCheck HealthCheck { get; }

        /// <summary>The LED.</summary>
        public RecordingIndicator Indicator { get; }

        /// <summary>The engine of the current boot.</summary>
        public UpdateEngine Engine { get; private set; }

        /// <summary>Progress of payload hashing and staging, handed to the engine of every boot.</summary>
        public PayloadProgressHandler? PayloadProgress { get; set; }

        /// <summary>Number of reboots carried out.</summary>
        public int Reboots { get; private set; }

        /// <summary>Opens the virtual device whose flash lives in <paramref name="stateDir"/>/flash.</summary>
        public static SimDevice Open(string stateDir, SimConfig config)
        {
            ArgumentNullException.ThrowIfNull(config);
            IClock clock = config.TrustedClock ? new SystemClock() : new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), false);
            return new SimDevice(new FileStorage(Path.Combine(stateDir, "flash")), clock, config.SlotCapacity, new UpdateOptions());
        }

        /// <summary>Powers the device on (a fresh engine, as after a reset) and runs its boot.</summary>
        public bool PowerOn()
        {
            Engine = NewEngine();
            return Engine.PowerOn();
        }

        /// <summary>
        /// Installs a package end to end: verify and stage, reboot into the test image, health check,
        /// confirm or revert. Returns Accepted only when the new image is confirmed.
        /// </summary>
        public UpdateResult Install(IPackageSource source, VerificationReport report)
        {
            Engine.PayloadProgress = PayloadProgress;
            UpdateResult result = Engine.Install(source, report);
            if (result != UpdateResult.Accepted)
            {
                return result;
            }

            if (Installer.RebootRequested)
            {
                Installer.RebootRequested = false;
                Reboots++;
                PowerOn();
            }

            return (UpdateResult)Engine.State.Update.LastResult;
        }

        private UpdateEngine NewEngine() => new UpdateEngine(Storage, Clock, Installer, Indicator, HealthCheck, _updateOptions) { PayloadProgress = PayloadProgress };
    }
}
