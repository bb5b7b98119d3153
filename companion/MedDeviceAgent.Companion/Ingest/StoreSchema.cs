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
    /// <para>Version 2 adds the broker-asserted presence of each device (table <c>presence</c>, from the retained
    /// <c>state</c> topic) and the device's queue-drop total from its authenticated telemetry (<c>devices.queue_drops</c>).
    /// A version 1 database is upgraded in place by the same transaction (its rows kept, <c>queue_drops</c> 0 until the
    /// device's next message); a failing step leaves it at version 1, unchanged. An mda of version 1 refuses a
    /// version 2 database (newer), so a fleet upgrades every monitor before the database.</para>
    /// </remarks>
    public static class StoreSchema
    {
        /// <summary>The version this build writes.</summary>
        public const int CurrentVersion = 2;

        /// <summary>Key of the suppressed-rejections counter in the counters table.</summary>
        public const string SuppressedRejectionsCounter = "rejections_suppressed";

        /// <summary>The statements that bring a database from <paramref name="version"/> - 1 to <paramref name="version"/>.</summary>
        public static IReadOnlyList<string> Step(int version, bool postgres)
        {
            string blob = postgres ? "BYTEA" : "BLOB";
            string id = postgres ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
            if (version == 2)
            {
                return new[]
                {
                    // Plain CREATE (no IF NOT EXISTS): an unexpected table of that name fails the upgrade, closed.
                    "CREATE TABLE presence ("
                        + "device TEXT PRIMARY KEY, class TEXT NOT NULL, online INTEGER NOT NULL, from_will INTEGER NOT NULL, "
                        + "since_ms BIGINT NOT NULL, state_ms BIGINT NOT NULL, firmware_version TEXT, boot BIGINT NOT NULL, "
                        + "update_phase INTEGER NOT NULL, security_floor BIGINT NOT NULL, states BIGINT NOT NULL)",
                    "ALTER TABLE devices ADD COLUMN queue_drops BIGINT NOT NULL DEFAULT 0",
                };
            }

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
