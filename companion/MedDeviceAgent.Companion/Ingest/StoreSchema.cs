using System.Collections.Generic;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// The telemetry database schema, versioned: the tables every version has and the steps from each version to the
    /// next. A store applies the missing steps on open, in one transaction, and records the version it reached.
    /// </summary>
    /// <remarks>
    /// Times are Unix milliseconds (BIGINT), flags 0/1 integers, so both databases read the same. A database whose
    /// version is newer than <see cref="CurrentVersion"/> is refused (an older companion must not write it).
    /// Migrations are serialised: SQLite <c>BEGIN IMMEDIATE</c>, PostgreSQL a transaction-scoped advisory lock, so
    /// two monitors opening an empty database at once create it once.
    /// </remarks>
    public static class StoreSchema
    {
        /// <summary>The version this build writes.</summary>
        public const int CurrentVersion = 1;

        /// <summary>Key of the suppressed-rejections counter in the counters table.</summary>
        public const string SuppressedRejectionsCounter = "rejections_suppressed";

        /// <summary>The statements that bring a database from <paramref name="version"/> - 1 to <paramref name="version"/>.</summary>
        public static IReadOnlyList<string> Step(int version, bool postgres)
        {
            string blob = postgres ? "BYTEA" : "BLOB";
            string id = postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
            if (version != 1)
            {
                return new string[0];
            }

            return new[]
            {
                "CREATE TABLE IF NOT EXISTS devices ("
                    + "id TEXT PRIMARY KEY, class TEXT, last_boot BIGINT NOT NULL, last_sequence BIGINT NOT NULL, "
                    + "last_seen_ms BIGINT NOT NULL, messages BIGINT NOT NULL, late BIGINT NOT NULL, missing BIGINT NOT NULL, "
                    + "rejections BIGINT NOT NULL, uptime_s BIGINT NOT NULL, free_memory BIGINT NOT NULL, firmware_version TEXT, "
                    + "update_phase INTEGER NOT NULL, security_floor BIGINT NOT NULL, sensor BIGINT)",
                "CREATE TABLE IF NOT EXISTS telemetry ("
                    + "id " + id + ", device TEXT NOT NULL, boot BIGINT NOT NULL, sequence BIGINT NOT NULL, "
                    + "received_ms BIGINT NOT NULL, uptime_s BIGINT NOT NULL, free_memory BIGINT NOT NULL, firmware_version TEXT NOT NULL, "
                    + "update_phase INTEGER NOT NULL, security_floor BIGINT NOT NULL, sensor BIGINT, late INTEGER NOT NULL, raw " + blob + " NOT NULL, "
                    + "UNIQUE (device, boot, sequence))",
                "CREATE TABLE IF NOT EXISTS rejections ("
                    + "id " + id + ", received_ms BIGINT NOT NULL, topic TEXT NOT NULL, claimed_device TEXT, "
                    + "result TEXT NOT NULL, result_code INTEGER NOT NULL, size INTEGER NOT NULL, payload_prefix " + blob + " NOT NULL)",
                "CREATE TABLE IF NOT EXISTS gaps ("
                    + "device TEXT NOT NULL, boot BIGINT NOT NULL, first_sequence BIGINT NOT NULL, last_sequence BIGINT NOT NULL, "
                    + "detected_ms BIGINT NOT NULL, PRIMARY KEY (device, boot, first_sequence))",
                "CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
            };
        }
    }
}
