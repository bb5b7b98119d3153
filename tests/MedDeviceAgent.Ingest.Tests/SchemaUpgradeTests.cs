using System;
using System.Data.Common;
using System.Linq;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Ingest.Tests.Support;
using MedDeviceAgent.Protocol;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace MedDeviceAgent.Ingest.Tests
{
    /// <summary>
    /// Schema 1 to 2 in place, on both databases: a real version 1 database made with the literal DDL version 1 shipped
    /// (not with today's code), upgraded on open with its rows kept; a failing upgrade rolled back whole.
    /// </summary>
    public sealed class SchemaUpgradeTests
    {
        private readonly TestDevice _a = new TestDevice("dev-a");

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Open_Version1Database_UpgradedInPlaceRowsKeptAndIngestGoesOn(string kind)
        {
            string db = StoreKind.NewDatabase(kind);
            CreateVersion1(kind, db);

            using ITelemetryStore store = StoreKind.Open(db);
            Assert.Equal(2, store.SchemaVersion);
            Assert.Equal(StoreSchema.CurrentVersion, store.SchemaVersion);
            DeviceState a = store.ReadDevices().Single();
            Assert.Equal(("dev-a", "pump", 1L, 0L, 1L, 0L), (a.DeviceId, a.DeviceClass, a.LastBoot, a.LastSequence, a.Messages, a.QueueDrops));
            Assert.Equal(new[] { (1L, 0L) }, store.ReadSequences("dev-a"));
            Assert.Equal(TelemetryResult.BadMac, store.ReadRejections(5).Single().Result);
            Assert.Empty(store.ReadPresence());

            // The mark read from the upgraded row: the stored message is a replay, the next one accepted with its drop total.
            IngestOutcome[] outcomes = new IngestProcessor(new TestKeys().Add(_a)).Process(store, new[]
            {
                _a.Received(1, 0),
                new IngestMessage(_a.Topic, _a.Message(1, 1, queueDropped: 3), 10),
                new IngestMessage(_a.StateTopic, TestDevice.State(true, 1), 11),
            });
            Assert.Equal(new[] { TelemetryResult.Replayed, TelemetryResult.Accepted, TelemetryResult.StateRecorded }, outcomes.Select(o => o.Result));
            Assert.Equal(3, store.ReadDevices().Single().QueueDrops);
            Assert.True(store.ReadPresence().Single().Online);
            Assert.Equal(1, store.ReadTotals().Online);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Open_Version1UpgradeFailsHalfway_RolledBackStillVersion1(string kind)
        {
            string db = StoreKind.NewDatabase(kind);
            CreateVersion1(kind, db);

            // A column the second statement of step 2 adds already exists: step 2's first statement (CREATE TABLE presence) ran, then this fails.
            Raw(kind, db, "ALTER TABLE devices ADD COLUMN queue_drops BIGINT");

            CompanionException e = Assert.Throws<CompanionException>(() => StoreKind.Open(db));
            Assert.Equal(CompanionErrorKind.InputError, e.Kind);
            Assert.Equal(1L, Scalar(kind, db, "SELECT MAX(version) FROM schema_info"));
            string tableQuery = kind == StoreKind.Postgres
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'presence'"
                : "SELECT COUNT(*) FROM sqlite_master WHERE name = 'presence'";
            Assert.Equal(0L, Scalar(kind, db, tableQuery));

            // Once the obstacle is gone the same upgrade succeeds, the rows intact.
            Raw(kind, db, "ALTER TABLE devices DROP COLUMN queue_drops");
            using ITelemetryStore store = StoreKind.Open(db);
            Assert.Equal(2, store.SchemaVersion);
            Assert.Equal(1, store.ReadDevices().Single().Messages);
        }

        /// <summary>Version 1 exactly as it shipped (StoreSchema step 1 and the schema_info of SqlTelemetryStore), with one device, one message and one rejection.</summary>
        private void CreateVersion1(string kind, string db)
        {
            bool pg = kind == StoreKind.Postgres;
            string blob = pg ? "BYTEA" : "BLOB";
            string id = pg ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
            Raw(
                kind,
                db,
                "CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL)",
                "CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, class TEXT, last_boot BIGINT NOT NULL, last_sequence BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL, messages BIGINT NOT NULL, late BIGINT NOT NULL, missing BIGINT NOT NULL, rejections BIGINT NOT NULL, uptime_s BIGINT NOT NULL, free_memory BIGINT NOT NULL, firmware_version TEXT, update_phase INTEGER NOT NULL, security_floor BIGINT NOT NULL, sensor BIGINT)",
                "CREATE TABLE IF NOT EXISTS telemetry (id " + id + ", device TEXT NOT NULL, boot BIGINT NOT NULL, sequence BIGINT NOT NULL, received_ms BIGINT NOT NULL, uptime_s BIGINT NOT NULL, free_memory BIGINT NOT NULL, firmware_version TEXT NOT NULL, update_phase INTEGER NOT NULL, security_floor BIGINT NOT NULL, sensor BIGINT, late INTEGER NOT NULL, raw " + blob + " NOT NULL, UNIQUE (device, boot, sequence))",
                "CREATE TABLE IF NOT EXISTS rejections (id " + id + ", received_ms BIGINT NOT NULL, topic TEXT NOT NULL, claimed_device TEXT, result TEXT NOT NULL, result_code INTEGER NOT NULL, size INTEGER NOT NULL, payload_prefix " + blob + " NOT NULL)",
                "CREATE TABLE IF NOT EXISTS gaps (device TEXT NOT NULL, boot BIGINT NOT NULL, first_sequence BIGINT NOT NULL, last_sequence BIGINT NOT NULL, detected_ms BIGINT NOT NULL, PRIMARY KEY (device, boot, first_sequence))",
                "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
                "INSERT INTO schema_info (version) VALUES (1)",
                "INSERT INTO devices VALUES ('dev-a', 'pump', 1, 0, 1000, 1, 0, 0, 1, 10, 50000, '1.2.3', 0, 4, 7)");
            Execute(kind, db, "INSERT INTO telemetry (device, boot, sequence, received_ms, uptime_s, free_memory, firmware_version, update_phase, security_floor, sensor, late, raw) VALUES ('dev-a', 1, 0, 1000, 10, 50000, '1.2.3', 0, 4, 7, 0, @p0)", _a.Message(1, 0));
            Execute(kind, db, "INSERT INTO rejections (received_ms, topic, claimed_device, result, result_code, size, payload_prefix) VALUES (1001, 'mda/v1/pump/dev-a/telemetry', 'dev-a', 'BadMac', 17, 3, @p0)", new byte[] { 1, 2, 3 });
        }

        private static DbConnection Connect(string kind, string db)
        {
            DbConnection connection = kind == StoreKind.Postgres ? new NpgsqlConnection(db) : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }

        private static void Raw(string kind, string db, params string[] statements)
        {
            using DbConnection connection = Connect(kind, db);
            foreach (string sql in statements)
            {
                using DbCommand command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }

        private static void Execute(string kind, string db, string sql, byte[] p0)
        {
            using DbConnection connection = Connect(kind, db);
            using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = "p0";
            parameter.Value = p0;
            command.Parameters.Add(parameter);
            command.ExecuteNonQuery();
        }

        private static long Scalar(string kind, string db, string sql)
        {
            using DbConnection connection = Connect(kind, db);
            using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
