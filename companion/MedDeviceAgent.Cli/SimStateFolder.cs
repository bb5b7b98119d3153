using System;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.VirtualDevice;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.Cli
{
    /// <summary>
    /// The host folder of a virtual device (sim.json, flash/, last-install.json, events.log) as the mda sim
    /// commands use it: created all at once or not at all, opened for a command, or read without
    /// booting the device.
    /// </summary>
    /// <remarks>
    /// <see cref="Create(string, SimConfig, Action{SimDevice}, Action{string})"/> builds the new device in a sibling temporary folder and renames it into
    /// place at the end, so a failure (a full disk, a permission problem) leaves the folder as it
    /// was: no half-provisioned device. An existing virtual device in the folder is replaced; files
    /// of the user's own in it are carried over; a folder holding other files and no virtual device
    /// is refused.
    /// </remarks>
    internal static class SimStateFolder
    {
        /// <summary>The host-side record of the last 'mda sim install' verdict (not device state).</summary>
        public const string LastInstallFileName = "last-install.json";

        private const string ConfigFileName = "sim.json";

        /// <summary>Opens the flash of a state folder. Test hook: tests wrap the storage to inject faults (a full disk).</summary>
        internal static Func<string, IStorage> OpenFlash { get; set; } = path => new FileStorage(path);

        /// <summary>
        /// Creates (or replaces) the virtual device in <paramref name="dir"/>: <paramref name="provision"/>
        /// is run on a device in a temporary folder, which then takes the place of <paramref name="dir"/>.
        /// Returns the provisioned device's state.
        /// </summary>
        /// <exception cref="CompanionException">OutputError when the folder cannot be created or replaced (nothing is changed).</exception>
        public static DeviceState Create(string dir, SimConfig config, Action<SimDevice> provision) => Create(dir, config, provision, null);

        /// <summary>
        /// As <see cref="Create(string, SimConfig, Action{SimDevice})"/>; <paramref name="addFiles"/> (optional) writes further
        /// files into the temporary folder before it takes the folder's place (the bundle of 'sim init --bundle').
        /// </summary>
        /// <exception cref="CompanionException">OutputError when the folder cannot be created or replaced (nothing is changed).</exception>
        public static DeviceState Create(string dir, SimConfig config, Action<SimDevice> provision, Action<string>? addFiles)
        {
            ArgumentNullException.ThrowIfNull(config);
            ArgumentNullException.ThrowIfNull(provision);
            string full = Path.GetFullPath(dir);
            string name = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
            string parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? ".";
            CheckReplaceable(dir, full);
            string suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            string temp = Path.Combine(parent, "." + name + ".init-" + suffix);
            try
            {
                Directory.CreateDirectory(parent);
                Directory.CreateDirectory(temp);
                config.Save(temp);
                IStorage flash = OpenFlash(Path.Combine(temp, SimDevice.FlashFolderName));
                DeviceState state = new DeviceState();
                try
                {
                    SimDevice device = SimDevice.Open(temp, config, flash);
                    provision(device);
                    device.PowerOn();
                    state.CopyFrom(device.Engine.State);
                }
                finally
                {
                    (flash as IDisposable)?.Dispose();
                }

                addFiles?.Invoke(temp);
                Commit(temp, full, Path.Combine(parent, "." + name + ".old-" + suffix));
                return state;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                TryDeleteDirectory(temp);
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot create the virtual device in '" + dir + "': " + e.Message + " (nothing was changed)", e);
            }
        }

        /// <summary>Opens the provisioned device in <paramref name="dir"/> and boots it (as a command to a running device does).</summary>
        /// <exception cref="CompanionException">InputError when there is no valid virtual device there.</exception>
        public static SimDevice Open(string dir)
        {
            SimConfig config = RequireDevice(dir);
            SimDevice device = SimDevice.Open(dir, config, OpenFlash(Path.Combine(dir, SimDevice.FlashFolderName)));
            if (!device.PowerOn() && device.Engine.BootedSlot < 0 && device.Engine.State.Trust.Root.KeyLength == 0)
            {
                Close(device);
                throw NoValidState(dir);
            }

            return device;
        }

        /// <summary>Reads the device state stored in <paramref name="dir"/> without booting the device: nothing is written.</summary>
        /// <exception cref="CompanionException">InputError when there is no valid virtual device there.</exception>
        public static DeviceState ReadState(string dir)
        {
            RequireDevice(dir);
            IStorage flash = OpenFlash(Path.Combine(dir, SimDevice.FlashFolderName));
            try
            {
                DeviceState state = new DeviceState();
                if (!new StateStore(flash).Load(new DeviceStateCodec(state)))
                {
                    throw NoValidState(dir);
                }

                return state;
            }
            finally
            {
                (flash as IDisposable)?.Dispose();
            }
        }

        /// <summary>Closes the files of a device opened by <see cref="Open"/>.</summary>
        public static void Close(SimDevice? device)
        {
            (device?.Storage as IDisposable)?.Dispose();
        }

        /// <summary>The last install verdict recorded in <paramref name="dir"/>, or null.</summary>
        public static SimInstallRecord? ReadLastInstall(string dir)
        {
            string path = Path.Combine(dir, LastInstallFileName);
            try
            {
                return File.Exists(path) ? JsonSerializer.Deserialize<SimInstallRecord>(File.ReadAllBytes(path)) : null;
            }
            catch (Exception e) when (e is JsonException || e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>Records <paramref name="record"/> as the last install verdict (atomically).</summary>
        /// <exception cref="CompanionException">OutputError when it cannot be written.</exception>
        public static void WriteLastInstall(string dir, SimInstallRecord record)
        {
            Companion.IO.AtomicFile.WriteAllBytes(Path.Combine(dir, LastInstallFileName), JsonSerializer.SerializeToUtf8Bytes(record), Companion.IO.AtomicFile.PublicFileMode);
        }

        private static SimConfig RequireDevice(string dir)
        {
            if (!Directory.Exists(dir))
            {
                throw new CompanionException(CompanionErrorKind.InputError, "no virtual device at '" + dir + "' (run 'mda sim init' first)");
            }

            if (!Directory.Exists(Path.Combine(dir, SimDevice.FlashFolderName)))
            {
                throw NoValidState(dir);
            }

            try
            {
                return SimConfig.Load(dir);
            }
            catch (Exception e) when (e is JsonException || e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "the virtual device at '" + dir + "' has an unreadable " + ConfigFileName + ": " + e.Message, e);
            }
        }

        private static CompanionException NoValidState(string dir)
        {
            return new CompanionException(CompanionErrorKind.InputError, "the virtual device at '" + dir + "' has no valid state (run 'mda sim init')");
        }

        private static void CheckReplaceable(string dir, string full)
        {
            if (File.Exists(full))
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot create the virtual device in '" + dir + "': it is a file, not a folder");
            }

            if (!Directory.Exists(full) || IsDevice(full) || Directory.GetFileSystemEntries(full).Length == 0)
            {
                return;
            }

            throw new CompanionException(CompanionErrorKind.OutputError, "cannot create the virtual device in '" + dir + "': the folder holds other files and no virtual device; choose a new or empty folder");
        }

        private static bool IsDevice(string full)
        {
            return File.Exists(Path.Combine(full, ConfigFileName)) || Directory.Exists(Path.Combine(full, SimDevice.FlashFolderName));
        }

        private static void Commit(string temp, string full, string old)
        {
            if (!Directory.Exists(full))
            {
                Directory.Move(temp, full);
                return;
            }

            Directory.Move(full, old);
            try
            {
                Directory.Move(temp, full);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Directory.Move(old, full);
                throw;
            }

            // The new device is in place; carry the user's own files over, drop the old device.
            foreach (string entry in Directory.GetFileSystemEntries(old))
            {
                string entryName = Path.GetFileName(entry);
                if (entryName == ConfigFileName || entryName == SimDevice.FlashFolderName || entryName == LastInstallFileName || entryName == SimDevice.EventLogName
                    || entryName == MedDeviceAgent.VirtualDevice.Agent.DeviceBundle.CaFile || entryName == MedDeviceAgent.VirtualDevice.Agent.DeviceBundle.CertificateFile
                    || entryName == MedDeviceAgent.VirtualDevice.Agent.DeviceBundle.KeyFile || entryName == MedDeviceAgent.VirtualDevice.Agent.DeviceBundle.TelemetryKeyFile)
                {
                    // The old device's own files (its bundle included) go with it.
                    continue;
                }

                string target = Path.Combine(full, entryName);
                if (Directory.Exists(entry))
                {
                    Directory.Move(entry, target);
                }
                else
                {
                    File.Move(entry, target);
                }
            }

            TryDeleteDirectory(old);
        }

        private static void TryDeleteDirectory(string path)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Best effort: a leftover hidden temporary folder is not a device and is never opened.
            }
        }
    }
}
