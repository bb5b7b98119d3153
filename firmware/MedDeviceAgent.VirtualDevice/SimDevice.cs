using System;
using System.IO;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Boards;
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

        /// <summary>Creates a device over <paramref name="storage"/> whose events are kept in memory.</summary>
        public SimDevice(IStorage storage, IClock clock, int slotCapacity, UpdateOptions updateOptions)
            : this(storage, clock, slotCapacity, updateOptions, new RecordingEventSink())
        {
        }

        /// <summary>Creates a device over <paramref name="storage"/> recording its events in <paramref name="events"/>.</summary>
        public SimDevice(IStorage storage, IClock clock, int slotCapacity, UpdateOptions updateOptions, RecordingEventSink events)
        {
            ArgumentNullException.ThrowIfNull(storage);
            ArgumentNullException.ThrowIfNull(clock);
            ArgumentNullException.ThrowIfNull(updateOptions);
            ArgumentNullException.ThrowIfNull(events);
            Storage = storage;
            Clock = clock;
            _updateOptions = updateOptions;
            Installer = new SimulatedInstaller(slotCapacity);
            HealthCheck = new MarkerHealthCheck(storage);
            Indicator = new RecordingIndicator();
            Events = events;
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

        /// <summary>Every decision the engines of this device recorded, across reboots (RAM of the host, not of the device).</summary>
        public RecordingEventSink Events { get; }

        /// <summary>The engine of the current boot.</summary>
        public UpdateEngine Engine { get; private set; }

        /// <summary>Progress of payload hashing and staging, handed to the engine of every boot.</summary>
        public PayloadProgressHandler? PayloadProgress { get; set; }

        /// <summary>Number of reboots carried out.</summary>
        public int Reboots { get; private set; }

        /// <summary>
        /// A device modelling <paramref name="board"/>: its slots hold what the board's slot plan gives
        /// (<see cref="BoardProfile.SlotCapacityBytes"/>) and staging uses the board's checkpoint interval.
        /// </summary>
        public static SimDevice ForBoard(IStorage storage, IClock clock, BoardProfile board)
        {
            return ForBoard(storage, clock, board, new RecordingEventSink());
        }

        /// <summary>
        /// A device modelling <paramref name="board"/> that records its events in <paramref name="events"/>.
        /// </summary>
        public static SimDevice ForBoard(IStorage storage, IClock clock, BoardProfile board, RecordingEventSink events)
        {
            ArgumentNullException.ThrowIfNull(board);
            return new SimDevice(storage, clock, board.SlotCapacityBytes, board.CreateUpdateOptions(), events);
        }

        /// <summary>Name of the folder, inside a virtual device's state folder, that holds its flash.</summary>
        public const string FlashFolderName = "flash";

        /// <summary>
        /// Opens the virtual device whose flash lives in <paramref name="stateDir"/>/flash; its events
        /// are appended to <paramref name="stateDir"/>/<see cref="EventLogName"/>.
        /// </summary>
        /// <exception cref="System.Collections.Generic.KeyNotFoundException">The config names a board that is not embedded.</exception>
        public static SimDevice Open(string stateDir, SimConfig config)
        {
            return Open(stateDir, config, new FileStorage(Path.Combine(stateDir, FlashFolderName)));
        }

        /// <summary>
        /// Opens a virtual device with the settings of <paramref name="config"/> over <paramref name="flash"/>
        /// (a <see cref="FileStorage"/> in the state folder, or a decorator of one in tests); its events are
        /// appended to <paramref name="stateDir"/>/<see cref="EventLogName"/>.
        /// </summary>
        /// <exception cref="System.Collections.Generic.KeyNotFoundException">The config names a board that is not embedded.</exception>
        public static SimDevice Open(string stateDir, SimConfig config, IStorage flash)
        {
            ArgumentNullException.ThrowIfNull(config);
            ArgumentNullException.ThrowIfNull(flash);
            IClock clock = config.TrustedClock ? new SystemClock() : new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), false);
            RecordingEventSink events = new RecordingEventSink(Path.Combine(stateDir, EventLogName), clock);
            return config.Board != null
                ? ForBoard(flash, clock, BoardCatalog.Get(config.Board), events)
                : new SimDevice(flash, clock, config.SlotCapacity, new UpdateOptions(), events);
        }

        /// <summary>File in the state folder that the devices opened by <c>Open</c> append their events to, one line each.</summary>
        public const string EventLogName = "events.log";

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

        private UpdateEngine NewEngine() => new UpdateEngine(Storage, Clock, Installer, Indicator, HealthCheck, Events, _updateOptions) { PayloadProgress = PayloadProgress };
    }
}
