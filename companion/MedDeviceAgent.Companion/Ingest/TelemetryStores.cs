using System.IO;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>Opens the store a <c>--db</c> value names: a PostgreSQL connection string or URI, else a SQLite file path.</summary>
    public static class TelemetryStores
    {
        /// <summary>Opens and migrates the store of <paramref name="db"/>; a missing SQLite file is created unless <paramref name="mustExist"/>.</summary>
        /// <exception cref="CompanionException">InvalidArgument for an empty or malformed value; InputError when it cannot be opened (or, with <paramref name="mustExist"/>, the SQLite file does not exist).</exception>
        public static ITelemetryStore Open(string db, bool mustExist = false)
        {
            if (string.IsNullOrWhiteSpace(db))
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "--db: empty");
            }

            if (PostgresConnectionString.IsPostgres(db))
            {
                return PostgresTelemetryStore.Open(db);
            }

            if (mustExist && !File.Exists(db))
            {
                throw new CompanionException(CompanionErrorKind.InputError, "no telemetry database at '" + db + "' (mda monitor creates it)");
            }

            return SqliteTelemetryStore.Open(db);
        }
    }
}
