using System;
using System.Globalization;
using System.IO;
using System.Threading;
using MedDeviceAgent.Cli;

namespace MedDeviceAgent.TestSupport
{
    /// <summary>
    /// A real PKI made in a temporary folder by the CLI in this process, as an operator makes one: <c>mda pki init</c>
    /// (update root, TLS root, device CA, broker certificate for localhost and 127.0.0.1), a pool of operator identities
    /// issued at once (a Mosquitto ACL written later names them), devices issued on demand with <c>mda pki issue-device</c>.
    /// Sets MDA_PASSPHRASE for this process (and the mda processes it starts). Deleted on dispose.
    /// </summary>
    public sealed class CliPki : IDisposable
    {
        private readonly int _operators;
        private int _nextOperator;
        private int _nextDevice;

        /// <summary>Makes the PKI (passphrase <paramref name="passphrase"/>) and <paramref name="operators"/> operators ops-1..ops-N under a new temporary folder named after <paramref name="prefix"/>.</summary>
        public CliPki(string prefix, string passphrase, int operators)
        {
            Passphrase = passphrase;
            _operators = operators;
            Environment.SetEnvironmentVariable("MDA_PASSPHRASE", passphrase);
            Root = Directory.CreateTempSubdirectory(prefix + "-").FullName;
            PkiDirectory = Path.Combine(Root, "pki");
            Cli("pki", "init", "--dir", PkiDirectory);
            Directory.CreateDirectory(Path.Combine(Root, "operators"));
            Directory.CreateDirectory(Path.Combine(Root, "devices"));
            for (int i = 1; i <= operators; i++)
            {
                string name = "ops-" + i.ToString(CultureInfo.InvariantCulture);
                Cli("pki", "issue-operator", "--dir", PkiDirectory, "--name", name, "--out", Path.Combine(Root, "operators", name));
            }
        }

        /// <summary>Temporary root of everything.</summary>
        public string Root { get; }

        /// <summary>The PKI folder.</summary>
        public string PkiDirectory { get; }

        /// <summary>Its passphrase.</summary>
        public string Passphrase { get; }

        /// <summary>An operator bundle no caller had before (a fresh MQTT session).</summary>
        /// <exception cref="InvalidOperationException">The pool is used up.</exception>
        public string NextOperator()
        {
            int n = Interlocked.Increment(ref _nextOperator);
            if (n > _operators)
            {
                throw new InvalidOperationException("operator pool exhausted: issue more operators at start");
            }

            return Path.Combine(Root, "operators", "ops-" + n.ToString(CultureInfo.InvariantCulture));
        }

        /// <summary>Issues a new device (a unique id starting with <paramref name="prefix"/>); returns its id and bundle folder.</summary>
        public (string Id, string Bundle) IssueDevice(string prefix)
        {
            string id = prefix + "-" + Interlocked.Increment(ref _nextDevice).ToString(CultureInfo.InvariantCulture);
            string bundle = Path.Combine(Root, "devices", id);
            Cli("pki", "issue-device", "--dir", PkiDirectory, "--device-id", id, "--out", bundle);
            return (id, bundle);
        }

        /// <summary>Writes a Mosquitto configuration for this PKI listening on <paramref name="port"/> into <paramref name="folder"/> (<c>mda broker mosquitto-config</c>, run as this user).</summary>
        public void WriteMosquittoConfig(int port, string folder)
        {
            Cli("broker", "mosquitto-config", "--pki", PkiDirectory, "--port", port.ToString(CultureInfo.InvariantCulture), "--out", folder, "--user", Environment.UserName);
        }

        /// <summary>Runs mda in-process; throws unless it exits 0.</summary>
        /// <exception cref="InvalidOperationException">It exited with another code (its stderr is in the message).</exception>
        public static void Cli(params string[] args)
        {
            StringWriter output = new StringWriter();
            StringWriter error = new StringWriter();
            int code = CliApp.Run(args, output, error);
            if (code != 0)
            {
                throw new InvalidOperationException("mda " + string.Join(' ', args) + " exited " + code + ": " + error);
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaning.
            }
        }
    }
}
