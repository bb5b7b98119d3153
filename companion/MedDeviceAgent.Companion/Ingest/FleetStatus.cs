using System;
using System.Collections.Generic;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// What <c>mda fleet status</c> reports: every device row with its broker-asserted presence (when a state of it was
    /// recorded), and the database's totals, read from one store.
    /// </summary>
    /// <remarks>
    /// Presence comes from the retained <c>state</c> topic and is not authenticated (<see cref="DevicePresence"/>);
    /// the device row's telemetry fields and queue drops are. Reads a few queries, no transaction: a monitor writing
    /// meanwhile may make the totals and the rows differ by its last batch. RAM: one object per device.
    /// </remarks>
    public sealed class FleetStatus
    {
        /// <summary>What every report says about presence, so that nobody mistakes it for authenticated data.</summary>
        public const string PresenceNote = "presence (online/offline, since) is broker-asserted: the device's retained state and the broker's Last Will are not authenticated; telemetry fields and queue drops are";

        private FleetStatus(string kind, int schemaVersion, IReadOnlyList<Entry> devices, StoreTotals totals)
        {
            Kind = kind;
            SchemaVersion = schemaVersion;
            Devices = devices;
            Totals = totals;
        }

        /// <summary>"sqlite" or "postgresql".</summary>
        public string Kind { get; }

        /// <summary>The database's schema version.</summary>
        public int SchemaVersion { get; }

        /// <summary>Every device, by id.</summary>
        public IReadOnlyList<Entry> Devices { get; }

        /// <summary>The database's totals.</summary>
        public StoreTotals Totals { get; }

        /// <summary>Reads the report from <paramref name="store"/>.</summary>
        public static FleetStatus Read(ITelemetryStore store)
        {
            ArgumentNullException.ThrowIfNull(store);
            Dictionary<string, DevicePresence> presence = new Dictionary<string, DevicePresence>(StringComparer.Ordinal);
            foreach (DevicePresence p in store.ReadPresence())
            {
                presence[p.DeviceId] = p;
            }

            List<Entry> devices = new List<Entry>();
            foreach (DeviceState device in store.ReadDevices())
            {
                presence.TryGetValue(device.DeviceId, out DevicePresence? p);
                devices.Add(new Entry(device, p));
            }

            return new FleetStatus(store.Kind, store.SchemaVersion, devices, store.ReadTotals());
        }

        /// <summary>One device: its row and its presence.</summary>
        public sealed class Entry
        {
            internal Entry(DeviceState device, DevicePresence? presence)
            {
                Device = device;
                Presence = presence;
            }

            /// <summary>The device row (authenticated telemetry).</summary>
            public DeviceState Device { get; }

            /// <summary>Its recorded presence, or null when no state of it was recorded.</summary>
            public DevicePresence? Presence { get; }

            /// <summary>"online", "offline" or "unknown" (no state recorded).</summary>
            public string PresenceText => Presence == null ? "unknown" : Presence.Online ? "online" : "offline";
        }
    }
}
