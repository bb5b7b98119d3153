using System;
using System.Collections.Generic;
using System.Data.Common;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>The <see cref="ITelemetryBatch"/> of <see cref="SqlTelemetryStore"/>: buffers rows, writes gap changes at once, flushes on commit.</summary>
    internal sealed class SqlTelemetryBatch : ITelemetryBatch
    {
        private readonly SqlTelemetryStore _store;
        private readonly DbTransaction _transaction;
        private readonly Dictionary<string, DeviceState> _devices;
        private readonly List<StoredTelemetry> _telemetry = new List<StoredTelemetry>();
        private readonly HashSet<(string, long, long)> _pending = new HashSet<(string, long, long)>();
        private readonly List<RejectionRecord> _rejections = new List<RejectionRecord>();
        private long _suppressed;
        private bool _done;

        public SqlTelemetryBatch(SqlTelemetryStore store, DbTransaction transaction, Dictionary<string, DeviceState> devices)
        {
            _store = store;
            _transaction = transaction;
            _devices = devices;
        }

        public DeviceState? Device(string deviceId)
        {
            return _devices.TryGetValue(deviceId, out DeviceState? state) ? state : null;
        }

        public bool IsStored(string deviceId, long boot, long sequence)
        {
            if (_pending.Contains((deviceId, boot, sequence)))
            {
                return true;
            }

            using DbCommand command = _store.Command(_transaction, "SELECT 1 FROM telemetry WHERE device = @p0 AND boot = @p1 AND sequence = @p2", deviceId, boot, sequence);
            return command.ExecuteScalar() != null;
        }

        public GapRange? FindGap(string deviceId, long boot, long sequence)
        {
            using DbCommand command = _store.Command(_transaction, "SELECT first_sequence, last_sequence FROM gaps WHERE device = @p0 AND boot = @p1 AND first_sequence <= @p2 AND last_sequence >= @p2", deviceId, boot, sequence);
            using DbDataReader reader = command.ExecuteReader();
            return reader.Read() ? new GapRange(deviceId, boot, reader.GetInt64(0), reader.GetInt64(1)) : null;
        }

        public void AddGap(GapRange gap)
        {
            _store.Execute(_transaction, "INSERT INTO gaps (device, boot, first_sequence, last_sequence, detected_ms) VALUES (@p0, @p1, @p2, @p3, @p4)", gap.DeviceId, gap.Boot, gap.First, gap.Last, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        public void FillGap(GapRange gap, long sequence)
        {
            if (sequence < gap.First || sequence > gap.Last)
            {
                throw new ArgumentOutOfRangeException(nameof(sequence));
            }

            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            _store.Execute(_transaction, "DELETE FROM gaps WHERE device = @p0 AND boot = @p1 AND first_sequence = @p2", gap.DeviceId, gap.Boot, gap.First);
            if (sequence > gap.First)
            {
                AddGap(new GapRange(gap.DeviceId, gap.Boot, gap.First, sequence - 1));
            }

            if (sequence < gap.Last)
            {
                _store.Execute(_transaction, "INSERT INTO gaps (device, boot, first_sequence, last_sequence, detected_ms) VALUES (@p0, @p1, @p2, @p3, @p4)", gap.DeviceId, gap.Boot, sequence + 1, gap.Last, now);
            }
        }

        public DevicePresence? Presence(string deviceId)
        {
            using DbCommand command = _store.Command(_transaction, "SELECT " + SqlTelemetryStore.PresenceColumns + " FROM presence WHERE device = @p0", deviceId);
            using DbDataReader reader = command.ExecuteReader();
            return reader.Read() ? SqlTelemetryStore.ReadPresenceRow(reader) : null;
        }

        public void SetPresence(DevicePresence presence)
        {
            if (!_devices.ContainsKey(presence.DeviceId))
            {
                throw new InvalidOperationException("the device '" + presence.DeviceId + "' is not locked by this batch");
            }

            _store.Execute(_transaction, SqlTelemetryStore.UpsertPresenceSql, SqlTelemetryStore.PresenceValues(presence));
        }

        public void AddTelemetry(StoredTelemetry telemetry)
        {
            if (_pending.Add((telemetry.DeviceId, telemetry.Boot, telemetry.Sequence)))
            {
                _telemetry.Add(telemetry);
            }
        }

        public void AddRejection(RejectionRecord rejection)
        {
            _rejections.Add(rejection);
        }

        public void AddSuppressedRejections(long count)
        {
            _suppressed += count;
        }

        public void Commit()
        {
            ObjectDisposedException.ThrowIf(_done, this);
            List<DeviceState> changed = new List<DeviceState>();
            foreach (DeviceState device in _devices.Values)
            {
                if (device.Dirty)
                {
                    changed.Add(device);
                }
            }

            _store.Flush(_transaction, _telemetry, _rejections, changed, _suppressed);
            _transaction.Commit();
            _done = true;
            foreach (DeviceState device in changed)
            {
                device.Dirty = false;
            }
        }

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                try
                {
                    _transaction.Rollback();
                }
                catch (Exception e) when (e is DbException || e is InvalidOperationException)
                {
                    // The connection broke: the server rolled back already.
                }
            }

            _transaction.Dispose();
        }
    }
}
