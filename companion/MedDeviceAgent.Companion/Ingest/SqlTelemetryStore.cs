using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// What the SQLite and PostgreSQL stores share: one ADO.NET connection, the schema migration, the reads and the
    /// per-row statements. Subclasses say how a write transaction begins, how device rows are locked and how the
    /// buffered rows of a batch are written.
    /// </summary>
    /// <remarks>Parameters are named <c>@p0</c>, <c>@p1</c>, ... in order. Not thread-safe (one connection).</remarks>
    public abstract class SqlTelemetryStore : ITelemetryStore
    {
        /// <summary>Column list of the devices table, in the order <see cref="ReadDevice"/> reads.</summary>
        protected const string DeviceColumns = "id, class, last_boot, last_sequence, last_seen_ms, messages, late, missing, rejections, uptime_s, free_memory, firmware_version, update_phase, security_floor, sensor, queue_drops";

        /// <summary>Column list of the presence table (schema 2), in the order <see cref="ReadPresenceRow"/> reads.</summary>
        internal const string PresenceColumns = "device, class, online, from_will, since_ms, state_ms, firmware_version, boot, update_phase, security_floor, states";

        /// <summary>Insert or replace of one presence row (11 parameters, device first).</summary>
        internal const string UpsertPresenceSql = "INSERT INTO presence (" + PresenceColumns + ") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10) "
            + "ON CONFLICT (device) DO UPDATE SET class = excluded.class, online = excluded.online, from_will = excluded.from_will, since_ms = excluded.since_ms, "
            + "state_ms = excluded.state_ms, firmware_version = excluded.firmware_version, boot = excluded.boot, update_phase = excluded.update_phase, "
            + "security_floor = excluded.security_floor, states = excluded.states";

        /// <summary>Insert of one telemetry row (13 parameters); a duplicate (device, boot, sequence) is ignored.</summary>
        protected const string InsertTelemetrySql = "INSERT INTO telemetry (device, boot, sequence, received_ms, uptime_s, free_memory, firmware_version, update_phase, security_floor, sensor, late, raw) "
            + "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11) ON CONFLICT (device, boot, sequence) DO NOTHING";

        /// <summary>Update of one device row (16 parameters, id first).</summary>
        protected const string UpdateDeviceSql = "UPDATE devices SET class = @p1, last_boot = @p2, last_sequence = @p3, last_seen_ms = @p4, messages = @p5, late = @p6, missing = @p7, "
            + "rejections = @p8, uptime_s = @p9, free_memory = @p10, firmware_version = @p11, update_phase = @p12, security_floor = @p13, sensor = @p14, queue_drops = @p15 WHERE id = @p0";

        /// <summary>Insert of one rejection row (7 parameters).</summary>
        protected const string InsertRejectionSql = "INSERT INTO rejections (received_ms, topic, claimed_device, result, result_code, size, payload_prefix) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)";

        /// <summary>Adds @p1 to counter @p0.</summary>
        protected const string AddCounterSql = "INSERT INTO counters (name, value) VALUES (@p0, @p1) ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value";

        /// <summary>Insert of a new device row with nothing accepted (1 parameter); an existing row is kept.</summary>
        protected const string InsertDeviceSql = "INSERT INTO devices (id, class, last_boot, last_sequence, last_seen_ms, messages, late, missing, rejections, uptime_s, free_memory, firmware_version, update_phase, security_floor, sensor, queue_drops) "
            + "VALUES (@p0, NULL, -1, 0, 0, 0, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, 0) ON CONFLICT (id) DO NOTHING";

        private bool _disposed;

        /// <summary>Opens nothing yet; the subclass opens <paramref name="connection"/> and calls <see cref="Migrate"/>.</summary>
        protected SqlTelemetryStore(DbConnection connection)
        {
            Connection = connection;
        }

        /// <inheritdoc />
        public abstract string Kind { get; }

        /// <inheritdoc />
        public int SchemaVersion { get; private set; }

        /// <summary>The open connection.</summary>
        protected DbConnection Connection { get; }

        /// <summary>True for PostgreSQL (types in the schema).</summary>
        protected abstract bool IsPostgres { get; }

        /// <inheritdoc />
        public ITelemetryBatch BeginBatch(IReadOnlyCollection<string> deviceIds)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            List<string> sorted = new List<string>(deviceIds);
            sorted.Sort(StringComparer.Ordinal);
            DbTransaction transaction = BeginWrite();
            try
            {
                Dictionary<string, DeviceState> devices = LockDevices(transaction, sorted);
                return new SqlTelemetryBatch(this, transaction, devices);
            }
            catch
            {
                transaction.Dispose();
                throw;
            }
        }

        /// <inheritdoc />
        public IReadOnlyList<DeviceState> ReadDevices()
        {
            List<DeviceState> list = new List<DeviceState>();
            using DbCommand command = Command(null, "SELECT " + DeviceColumns + " FROM devices ORDER BY id");
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                list.Add(ReadDevice(reader));
            }

            return list;
        }

        /// <inheritdoc />
        public IReadOnlyList<DevicePresence> ReadPresence()
        {
            List<DevicePresence> list = new List<DevicePresence>();
            using DbCommand command = Command(null, "SELECT " + PresenceColumns + " FROM presence ORDER BY device");
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                list.Add(ReadPresenceRow(reader));
            }

            return list;
        }

        /// <inheritdoc />
        public StoreTotals ReadTotals()
        {
            return new StoreTotals(
                Scalar("SELECT COUNT(*) FROM devices"),
                Scalar("SELECT COUNT(*) FROM telemetry"),
                Scalar("SELECT COUNT(*) FROM telemetry WHERE late = 1"),
                Scalar("SELECT COUNT(*) FROM rejections"),
                Scalar("SELECT COALESCE(SUM(value), 0) FROM counters WHERE name = '" + StoreSchema.SuppressedRejectionsCounter + "'"),
                Scalar("SELECT COUNT(*) FROM gaps"),
                Scalar("SELECT COALESCE(SUM(last_sequence - first_sequence + 1), 0) FROM gaps"))
            {
                Online = Scalar("SELECT COUNT(*) FROM presence WHERE online = 1"),
                Offline = Scalar("SELECT COUNT(*) FROM presence WHERE online = 0"),
                StateRejections = Scalar("SELECT COUNT(*) FROM rejections WHERE topic LIKE '%/" + Topics.State + "'"),
            };
        }

        /// <inheritdoc />
        public IReadOnlyList<(long Boot, long Sequence)> ReadSequences(string deviceId)
        {
            List<(long, long)> list = new List<(long, long)>();
            using DbCommand command = Command(null, "SELECT boot, sequence FROM telemetry WHERE device = @p0 ORDER BY boot, sequence", deviceId);
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                list.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }

            return list;
        }

        /// <inheritdoc />
        public IReadOnlyList<RejectionRecord> ReadRejections(int limit)
        {
            List<RejectionRecord> list = new List<RejectionRecord>();
            using DbCommand command = Command(null, "SELECT received_ms, topic, claimed_device, result_code, size, payload_prefix FROM rejections ORDER BY id DESC LIMIT " + limit.ToString(CultureInfo.InvariantCulture));
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                byte[] prefix = (byte[])reader.GetValue(5);
                list.Add(new RejectionRecord(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), (TelemetryResult)reader.GetInt32(3), prefix, reader.GetInt32(4)));
            }

            return list;
        }

        /// <inheritdoc />
        public IReadOnlyList<GapRange> ReadGaps()
        {
            List<GapRange> list = new List<GapRange>();
            using DbCommand command = Command(null, "SELECT device, boot, first_sequence, last_sequence FROM gaps ORDER BY device, boot, first_sequence");
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                list.Add(new GapRange(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }

            return list;
        }

        /// <inheritdoc />
        public byte[]? ReadRaw(string deviceId, long boot, long sequence)
        {
            using DbCommand command = Command(null, "SELECT raw FROM telemetry WHERE device = @p0 AND boot = @p1 AND sequence = @p2", deviceId, boot, sequence);
            object? value = command.ExecuteScalar();
            return value is byte[] bytes ? bytes : null;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                Connection.Dispose();
            }
        }

        /// <summary>A command on the connection, in <paramref name="transaction"/> (may be null), with parameters @p0.. from <paramref name="values"/> (null is SQL NULL).</summary>
        internal DbCommand Command(DbTransaction? transaction, string sql, params object?[] values)
        {
            DbCommand command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            for (int i = 0; i < values.Length; i++)
            {
                DbParameter parameter = command.CreateParameter();
                parameter.ParameterName = "p" + i.ToString(CultureInfo.InvariantCulture);
                parameter.Value = values[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            return command;
        }

        /// <summary>Runs one statement.</summary>
        internal int Execute(DbTransaction? transaction, string sql, params object?[] values)
        {
            using DbCommand command = Command(transaction, sql, values);
            return command.ExecuteNonQuery();
        }

        /// <summary>Begins a write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: read committed, rows locked by <see cref="LockDevices"/>).</summary>
        protected abstract DbTransaction BeginWrite();

        /// <summary>Creates missing rows of <paramref name="sortedIds"/> and locks and reads them all.</summary>
        protected abstract Dictionary<string, DeviceState> LockDevices(DbTransaction transaction, List<string> sortedIds);

        /// <summary>Takes the migration lock inside <paramref name="transaction"/> (PostgreSQL: an advisory lock; SQLite: the write transaction is the lock).</summary>
        protected abstract void LockForMigration(DbTransaction transaction);

        /// <summary>Writes the buffered rows of a batch.</summary>
        internal abstract void Flush(DbTransaction transaction, List<StoredTelemetry> telemetry, List<RejectionRecord> rejections, List<DeviceState> devices, long suppressed);

        /// <summary>The values of <see cref="UpdateDeviceSql"/> for <paramref name="d"/>.</summary>
        internal static object?[] DeviceValues(DeviceState d)
        {
            return new object?[] { d.DeviceId, d.DeviceClass, d.LastBoot, d.LastSequence, d.LastSeenMs, d.Messages, d.LateDeliveries, d.Missing, d.Rejections, d.UptimeSeconds, d.FreeMemory, d.FirmwareVersion, d.UpdatePhase, d.SecurityFloor, d.Sensor, d.QueueDrops };
        }

        /// <summary>The values of <see cref="UpsertPresenceSql"/> for <paramref name="p"/>.</summary>
        internal static object?[] PresenceValues(DevicePresence p)
        {
            return new object?[] { p.DeviceId, p.DeviceClass, p.Online ? 1 : 0, p.FromWill ? 1 : 0, p.SinceMs, p.StateMs, p.FirmwareVersion, p.Boot, p.UpdatePhase, p.SecurityFloor, p.States };
        }

        /// <summary>The values of <see cref="InsertTelemetrySql"/> for <paramref name="t"/>.</summary>
        internal static object?[] TelemetryValues(StoredTelemetry t)
        {
            return new object?[] { t.DeviceId, t.Boot, t.Sequence, t.ReceivedMs, t.UptimeSeconds, t.FreeMemory, t.FirmwareVersion, t.UpdatePhase, t.SecurityFloor, t.Sensor, t.Late ? 1 : 0, t.Raw };
        }

        /// <summary>The values of <see cref="InsertRejectionSql"/> for <paramref name="r"/>.</summary>
        internal static object?[] RejectionValues(RejectionRecord r)
        {
            return new object?[] { r.ReceivedMs, r.Topic, r.ClaimedDevice, r.Result.ToString(), (int)r.Result, r.Size, r.PayloadPrefix };
        }

        /// <summary>Reads a device row selected with <see cref="DeviceColumns"/>.</summary>
        protected static DeviceState ReadDevice(DbDataReader reader)
        {
            return new DeviceState(reader.GetString(0))
            {
                DeviceClass = reader.IsDBNull(1) ? null : reader.GetString(1),
                LastBoot = reader.GetInt64(2),
                LastSequence = reader.GetInt64(3),
                LastSeenMs = reader.GetInt64(4),
                Messages = reader.GetInt64(5),
                LateDeliveries = reader.GetInt64(6),
                Missing = reader.GetInt64(7),
                Rejections = reader.GetInt64(8),
                UptimeSeconds = reader.GetInt64(9),
                FreeMemory = reader.GetInt64(10),
                FirmwareVersion = reader.IsDBNull(11) ? null : reader.GetString(11),
                UpdatePhase = reader.GetInt32(12),
                SecurityFloor = reader.GetInt64(13),
                Sensor = reader.IsDBNull(14) ? null : reader.GetInt64(14),
                QueueDrops = reader.GetInt64(15),
            };
        }

        /// <summary>Reads a presence row selected with <see cref="PresenceColumns"/>.</summary>
        internal static DevicePresence ReadPresenceRow(DbDataReader reader)
        {
            return new DevicePresence(reader.GetString(0), reader.GetString(1))
            {
                Online = reader.GetInt64(2) != 0,
                FromWill = reader.GetInt64(3) != 0,
                SinceMs = reader.GetInt64(4),
                StateMs = reader.GetInt64(5),
                FirmwareVersion = reader.IsDBNull(6) ? null : reader.GetString(6),
                Boot = reader.GetInt64(7),
                UpdatePhase = reader.GetInt32(8),
                SecurityFloor = reader.GetInt64(9),
                States = reader.GetInt64(10),
            };
        }

        /// <summary>Creates the schema or applies the missing steps; throws InputError for a newer database.</summary>
        protected void Migrate()
        {
            using DbTransaction transaction = BeginWrite();
            LockForMigration(transaction);
            Execute(transaction, "CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL)");
            using (DbCommand read = Command(transaction, "SELECT MAX(version) FROM schema_info"))
            {
                object? value = read.ExecuteScalar();
                SchemaVersion = value == null || value is DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
            }

            if (SchemaVersion > StoreSchema.CurrentVersion)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "the telemetry database has schema version " + SchemaVersion.ToString(CultureInfo.InvariantCulture) + ", newer than this mda's " + StoreSchema.CurrentVersion.ToString(CultureInfo.InvariantCulture) + "; use a newer mda");
            }

            for (int version = SchemaVersion + 1; version <= StoreSchema.CurrentVersion; version++)
            {
                foreach (string statement in StoreSchema.Step(version, IsPostgres))
                {
                    Execute(transaction, statement);
                }

                Execute(transaction, "DELETE FROM schema_info");
                Execute(transaction, "INSERT INTO schema_info (version) VALUES (@p0)", version);
                SchemaVersion = version;
            }

            transaction.Commit();
        }

        private long Scalar(string sql)
        {
            using DbCommand command = Command(null, sql);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }
}
