using System;
using System.Collections.Generic;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// The embedded telemetry store: one SQLite file in WAL mode with a busy timeout, so several monitors (or a
    /// <c>mda fleet status</c> reading meanwhile) share it.
    /// </summary>
    /// <remarks>
    /// Every write transaction is <c>BEGIN IMMEDIATE</c>: it takes the database's write lock before reading the
    /// high-water marks, so two writers are serialised and a mark is never read stale. Readers are not blocked
    /// (WAL). <c>synchronous=FULL</c>: a commit survives a power cut, which the acknowledgement after commit relies
    /// on. RAM: SQLite's page cache (default 2 MB) and the prepared statements.
    /// </remarks>
    public sealed class SqliteTelemetryStore : SqlTelemetryStore
    {
        /// <summary>How long a writer waits for another's lock before failing, milliseconds.</summary>
        public const int BusyTimeoutMs = 30000;

        private readonly Dictionary<string, SqliteCommand> _prepared = new Dictionary<string, SqliteCommand>();

        private SqliteTelemetryStore(SqliteConnection connection)
            : base(connection)
        {
        }

        /// <inheritdoc />
        public override string Kind => "sqlite";

        /// <inheritdoc />
        protected override bool IsPostgres => false;

        /// <summary>Opens (creating when missing) the SQLite file <paramref name="path"/> and migrates its schema.</summary>
        /// <exception cref="CompanionException">InputError when the file cannot be opened or is not a telemetry database of a known version.</exception>
        public static SqliteTelemetryStore Open(string path)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            SqliteConnectionStringBuilder builder = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
                DefaultTimeout = BusyTimeoutMs / 1000,
            };
            SqliteConnection connection = new SqliteConnection(builder.ToString());
            SqliteTelemetryStore? store = null;
            try
            {
                connection.Open();
                store = new SqliteTelemetryStore(connection);
                store.Execute(null, "PRAGMA busy_timeout = " + BusyTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
                store.Execute(null, "PRAGMA journal_mode = WAL");
                store.Execute(null, "PRAGMA synchronous = FULL");
                store.Migrate();
                return store;
            }
            catch (SqliteException e)
            {
                if (store != null)
                {
                    store.Dispose();
                }
                else
                {
                    connection.Dispose();
                }

                throw new CompanionException(CompanionErrorKind.InputError, "cannot open the SQLite telemetry database '" + path + "': " + e.Message, e);
            }
            catch
            {
                if (store != null)
                {
                    store.Dispose();
                }
                else
                {
                    connection.Dispose();
                }

                throw;
            }
        }

        /// <inheritdoc />
        protected override DbTransaction BeginWrite()
        {
            // deferred: false is BEGIN IMMEDIATE: the write lock is taken before the first read.
            return ((SqliteConnection)Connection).BeginTransaction(deferred: false);
        }

        /// <inheritdoc />
        protected override void LockForMigration(DbTransaction transaction)
        {
            // BEGIN IMMEDIATE holds the write lock already.
        }

        /// <inheritdoc />
        protected override Dictionary<string, DeviceState> LockDevices(DbTransaction transaction, List<string> sortedIds)
        {
            Dictionary<string, DeviceState> devices = new Dictionary<string, DeviceState>(StringComparer.Ordinal);
            foreach (string id in sortedIds)
            {
                Run(transaction, InsertDeviceSql, id);
                SqliteCommand select = Prepared(transaction, "SELECT " + DeviceColumns + " FROM devices WHERE id = @p0", 1);
                select.Parameters[0].Value = id;
                using SqliteDataReader reader = select.ExecuteReader();
                if (reader.Read())
                {
                    devices[id] = ReadDevice(reader);
                }
            }

            return devices;
        }

        /// <inheritdoc />
        internal override void Flush(DbTransaction transaction, List<StoredTelemetry> telemetry, List<RejectionRecord> rejections, List<DeviceState> devices, long suppressed)
        {
            foreach (StoredTelemetry t in telemetry)
            {
                Run(transaction, InsertTelemetrySql, TelemetryValues(t));
            }

            foreach (RejectionRecord r in rejections)
            {
                Run(transaction, InsertRejectionSql, RejectionValues(r));
            }

            foreach (DeviceState d in devices)
            {
                Run(transaction, UpdateDeviceSql, DeviceValues(d));
            }

            if (suppressed > 0)
            {
                Run(transaction, AddCounterSql, StoreSchema.SuppressedRejectionsCounter, suppressed);
            }
        }

        private void Run(DbTransaction transaction, string sql, params object?[] values)
        {
            SqliteCommand command = Prepared(transaction, sql, values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }

        private SqliteCommand Prepared(DbTransaction transaction, string sql, int parameters)
        {
            if (!_prepared.TryGetValue(sql, out SqliteCommand? command))
            {
                command = ((SqliteConnection)Connection).CreateCommand();
                command.CommandText = sql;
                for (int i = 0; i < parameters; i++)
                {
                    command.Parameters.Add(new SqliteParameter("@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), DBNull.Value));
                }

                _prepared[sql] = command;
            }

            command.Transaction = (SqliteTransaction)transaction;
            return command;
        }
    }
}
