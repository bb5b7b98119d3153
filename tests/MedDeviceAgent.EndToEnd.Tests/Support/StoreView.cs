using System.Collections.Generic;
using System.Data.Common;
using MedDeviceAgent.Companion.Ingest;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MedDeviceAgent.EndToEnd.Tests.Support
{
    /// <summary>
    /// Reads a chain's database the way an auditor would: the stored telemetry of a device in arrival order (the
    /// telemetry table's own row id), which the store's API does not offer (it reads by boot and sequence).
    /// </summary>
    public static class StoreView
    {
        /// <summary>(boot, sequence, late) of every stored message of <paramref name="deviceId"/>, in the order the monitor stored them.</summary>
        public static IReadOnlyList<(long Boot, long Sequence, bool Late)> InArrivalOrder(string db, string deviceId)
        {
            using DbConnection connection = PostgresConnectionString.IsPostgres(db)
                ? new NpgsqlConnection(db)
                : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using DbCommand command = connection.CreateCommand();
            command.CommandText = "SELECT boot, sequence, late FROM telemetry WHERE device = @device ORDER BY id";
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = "@device";
            parameter.Value = deviceId;
            command.Parameters.Add(parameter);
            List<(long, long, bool)> rows = new List<(long, long, bool)>();
            using DbDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((System.Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), System.Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), System.Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) != 0));
            }

            return rows;
        }
    }
}
