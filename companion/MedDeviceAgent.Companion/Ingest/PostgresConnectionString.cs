using System;
using System.Collections.Generic;
using Npgsql;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// Recognises a PostgreSQL <c>--db</c> value and turns the URI form (<c>postgres://user:password@host:port/db?sslmode=require</c>)
    /// into Npgsql keywords; the keyword form (<c>Host=...;Database=...</c>) passes unchanged.
    /// </summary>
    public static class PostgresConnectionString
    {
        /// <summary>True for a postgres:// or postgresql:// URI, or a keyword string naming Host= or Server=.</summary>
        public static bool IsPostgres(string db)
        {
            ArgumentNullException.ThrowIfNull(db);
            string text = db.Trim();
            if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            foreach (string part in text.Split(';'))
            {
                int equals = part.IndexOf('=');
                if (equals > 0)
                {
                    string key = part.Substring(0, equals).Trim();
                    if (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Npgsql keywords for <paramref name="db"/>.</summary>
        /// <exception cref="CompanionException">InvalidArgument for a malformed URI.</exception>
        public static string ToKeywords(string db)
        {
            ArgumentNullException.ThrowIfNull(db);
            string text = db.Trim();
            if (!text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            {
                return text;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "--db: not a valid postgres:// URI");
            }

            NpgsqlConnectionStringBuilder builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
            if (uri.Port > 0)
            {
                builder.Port = uri.Port;
            }

            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                string[] user = uri.UserInfo.Split(':', 2);
                builder.Username = Uri.UnescapeDataString(user[0]);
                if (user.Length > 1)
                {
                    builder.Password = Uri.UnescapeDataString(user[1]);
                }
            }

            string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (database.Length > 0)
            {
                builder.Database = database;
            }

            foreach (KeyValuePair<string, string> option in Query(uri.Query))
            {
                try
                {
                    builder[option.Key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : option.Key] = option.Value;
                }
                catch (ArgumentException e)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--db: unknown or invalid option '" + option.Key + "': " + e.Message, e);
                }
            }

            return builder.ToString();
        }

        private static IEnumerable<KeyValuePair<string, string>> Query(string query)
        {
            foreach (string pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] parts = pair.Split('=', 2);
                yield return new KeyValuePair<string, string>(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
            }
        }
    }
}
