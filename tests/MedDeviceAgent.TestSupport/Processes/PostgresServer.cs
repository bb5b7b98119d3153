using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using Npgsql;

namespace MedDeviceAgent.TestSupport
{
    /// <summary>
    /// The PostgreSQL the tests use: the server of <c>MDA_TEST_POSTGRES</c> when set (CI: .ci/run starts one), else a
    /// throw-away cluster started here (initdb + postgres as the postgres user when running as root, on an ephemeral
    /// loopback port, socket and data in a temporary folder) and removed when the test process ends. When neither is
    /// possible, every PostgreSQL test fails with the reason (never skipped).
    /// </summary>
    public static class PostgresServer
    {
        /// <summary>Environment variable with a connection string to a server and a role allowed to create databases.</summary>
        public const string EnvironmentVariable = "MDA_TEST_POSTGRES";

        private static readonly Lazy<string> Admin = new Lazy<string>(Start, LazyThreadSafetyMode.ExecutionAndPublication);
        private static int _databases;
        private static Process? _server;
        private static string? _folder;

        /// <summary>Creates a fresh empty database and returns its connection string.</summary>
        public static string CreateDatabase()
        {
            string admin = Admin.Value;
            string name = "mda_t" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + Interlocked.Increment(ref _databases).ToString(System.Globalization.CultureInfo.InvariantCulture);
            using (NpgsqlConnection connection = new NpgsqlConnection(admin))
            {
                connection.Open();
                using NpgsqlCommand drop = new NpgsqlCommand("DROP DATABASE IF EXISTS " + name, connection);
                drop.ExecuteNonQuery();
                using NpgsqlCommand create = new NpgsqlCommand("CREATE DATABASE " + name, connection);
                create.ExecuteNonQuery();
            }

            return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ToString();
        }

        private static string Start()
        {
            string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return new NpgsqlConnectionStringBuilder(configured) { Pooling = false }.ToString();
            }

            string? bin = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
                : null;
            if (bin == null)
            {
                throw new InvalidOperationException("PostgreSQL is needed: set " + EnvironmentVariable + " or install Debian's postgresql (initdb under /usr/lib/postgresql/*/bin); these tests do not skip.");
            }

            bool root = Environment.UserName == "root";
            _folder = Directory.CreateTempSubdirectory("mda-pg-").FullName;
            string data = Path.Combine(_folder, "data");
            if (root)
            {
                Run("chown", "postgres:postgres", _folder);
            }

            RunAs(root, Path.Combine(bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
            int port = LocalPorts.Free();
            ProcessStartInfo start = Start(root, Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", _folder, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=100");
            start.RedirectStandardError = true;
            start.RedirectStandardOutput = true;
            _server = Process.Start(start)!;
            _server.ErrorDataReceived += (_, _) => { };
            _server.OutputDataReceived += (_, _) => { };
            _server.BeginErrorReadLine();
            _server.BeginOutputReadLine();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            string admin = "Host=127.0.0.1;Port=" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";Username=postgres;Database=postgres;Pooling=false;Timeout=5";
            DateTime until = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    using NpgsqlConnection probe = new NpgsqlConnection(admin);
                    probe.Open();
                    return admin;
                }
                catch (Exception e) when (e is NpgsqlException || e is SocketException)
                {
                    if (_server.HasExited || DateTime.UtcNow > until)
                    {
                        throw new InvalidOperationException("the throw-away PostgreSQL did not start: " + e.Message, e);
                    }

                    Thread.Sleep(200);
                }
            }
        }

        private static void Stop()
        {
            try
            {
                if (_server != null && !_server.HasExited)
                {
                    _server.Kill(entireProcessTree: true);
                    _server.WaitForExit(5000);
                }

                if (_folder != null)
                {
                    Directory.Delete(_folder, true);
                }
            }
#pragma warning disable CA1031 // Best effort at process exit.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }


        private static ProcessStartInfo Start(bool root, string executable, params string[] args)
        {
            ProcessStartInfo start = new ProcessStartInfo(root ? "runuser" : executable) { UseShellExecute = false };
            if (root)
            {
                start.ArgumentList.Add("-u");
                start.ArgumentList.Add("postgres");
                start.ArgumentList.Add("--");
                start.ArgumentList.Add(executable);
            }

            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            return start;
        }

        private static void RunAs(bool root, string executable, params string[] args)
        {
            ProcessStartInfo start = Start(root, executable, args);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            Wait(start);
        }

        private static void Run(string executable, params string[] args)
        {
            ProcessStartInfo start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            Wait(start);
        }

        private static void Wait(ProcessStartInfo start)
        {
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(start.FileName + " " + string.Join(' ', start.ArgumentList) + " exited " + process.ExitCode + ": " + output);
            }
        }
    }
}
