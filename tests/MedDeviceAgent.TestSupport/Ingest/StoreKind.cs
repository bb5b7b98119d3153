using System.Collections.Generic;
using System.IO;
using MedDeviceAgent.Companion.Ingest;

namespace MedDeviceAgent.TestSupport.Ingest
{
    /// <summary>The two databases every store test runs on: a fresh SQLite file or a fresh PostgreSQL database per call.</summary>
    public static class StoreKind
    {
        /// <summary>Theory name of SQLite.</summary>
        public const string Sqlite = "sqlite";

        /// <summary>Theory name of PostgreSQL.</summary>
        public const string Postgres = "postgresql";

        /// <summary>Theory data: both kinds.</summary>
        public static IEnumerable<object[]> Both => new[] { new object[] { Sqlite }, new object[] { Postgres } };

        /// <summary>A new empty database of <paramref name="kind"/>: its --db value.</summary>
        public static string NewDatabase(string kind)
        {
            if (kind == Postgres)
            {
                return PostgresServer.CreateDatabase();
            }

            string folder = Directory.CreateTempSubdirectory("mda-ingest-db-").FullName;
            return Path.Combine(folder, "telemetry.db");
        }

        /// <summary>Opens <paramref name="db"/>.</summary>
        public static ITelemetryStore Open(string db) => TelemetryStores.Open(db);
    }
}
