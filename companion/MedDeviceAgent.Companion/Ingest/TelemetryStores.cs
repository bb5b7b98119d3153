namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>Opens the store a <c>--db</c> value names: a PostgreSQL connection string or URI, else a SQLite file path.</summary>
    public static class TelemetryStores
    {
        /// <summary>Opens and migrates the store of <paramref name="db"/>.</summary>
        /// <exception cref="CompanionException">InvalidArgument for an empty or malformed value; InputError when it cannot be opened.</exception>
        public static ITelemetryStore Open(string db)
        {
            if (string.IsNullOrWhiteSpace(db))
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "--db: empty");
            }

            return PostgresConnectionString.IsPostgres(db) ? PostgresTelemetryStore.Open(db) : SqliteTelemetryStore.Open(db);
        }
    }
}
