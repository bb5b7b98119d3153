using System;
using System.Collections.Generic;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// The companion's telemetry database: devices with their last state and high-water mark, accepted telemetry
    /// (unique on device, boot and sequence), rejections, gaps. SQLite (<see cref="SqliteTelemetryStore"/>) or
    /// PostgreSQL (<see cref="PostgresTelemetryStore"/>); <see cref="TelemetryStores.Open"/> picks one from a
    /// <c>--db</c> value.
    /// </summary>
    /// <remarks>
    /// Opening creates or migrates the schema (<see cref="StoreSchema"/>). One instance holds one connection and is
    /// not thread-safe; several instances (several monitors) may write one database at once.
    /// </remarks>
    public interface ITelemetryStore : IDisposable
    {
        /// <summary>"sqlite" or "postgresql".</summary>
        string Kind { get; }

        /// <summary>The schema version of the open database.</summary>
        int SchemaVersion { get; }

        /// <summary>
        /// Begins a transaction that locks the rows of <paramref name="deviceIds"/> (creating missing ones); only
        /// devices whose key is known may be named (a hostile topic must not create rows).
        /// </summary>
        ITelemetryBatch BeginBatch(IReadOnlyCollection<string> deviceIds);

        /// <summary>Every device row, by id.</summary>
        IReadOnlyList<DeviceState> ReadDevices();

        /// <summary>Every device's recorded presence (broker-asserted, from its retained state), by id.</summary>
        IReadOnlyList<DevicePresence> ReadPresence();

        /// <summary>Totals of the whole database.</summary>
        StoreTotals ReadTotals();

        /// <summary>(boot, sequence) of every stored message of <paramref name="deviceId"/>, in order.</summary>
        IReadOnlyList<(long Boot, long Sequence)> ReadSequences(string deviceId);

        /// <summary>The newest <paramref name="limit"/> rejections, newest first.</summary>
        IReadOnlyList<RejectionRecord> ReadRejections(int limit);

        /// <summary>Every open gap, by device, boot and first sequence.</summary>
        IReadOnlyList<GapRange> ReadGaps();

        /// <summary>The raw bytes stored for one message, or null.</summary>
        byte[]? ReadRaw(string deviceId, long boot, long sequence);
    }
}
