using System;
using System.Globalization;
using System.IO;
using System.Threading;
using MedDeviceAgent.Cli;

namespace MedDeviceAgent.EndToEnd.Tests.Support
{
    /// <summary>
    /// The PKI every chain test shares, made with <c>mda pki init</c> (update root, TLS root, device CA, broker certificate
    /// for 127.0.0.1 and localhost) and a pool of operator identities issued before any Mosquitto configuration is
    /// written (its ACL names the operators). Devices are issued per test with <c>mda pki issue-device</c>.
    /// </summary>
    public sealed class ChainFixture : IDisposable
    {
        /// <summary>The passphrase of the test PKI (MDA_PASSPHRASE for this process and the mda processes it starts).</summary>
        public const string Passphrase = "end-to-end-tests-passphrase";

        /// <summary>Operators issued at start.</summary>
        public const int OperatorCount = 40;

        private int _nextOperator;
        private int _nextDevice;
        private int _nextFolder;

        /// <summary>Makes the PKI and the operators.</summary>
        public ChainFixture()
        {
            Environment.SetEnvironmentVariable("MDA_PASSPHRASE", Passphrase);
            Root = Directory.CreateTempSubdirectory("mda-e2e-").FullName;
            PkiDirectory = Path.Combine(Root, "pki");
            Cli("pki", "init", "--dir", PkiDirectory);
            Directory.CreateDirectory(Path.Combine(Root, "operators"));
            Directory.CreateDirectory(Path.Combine(Root, "devices"));
            for (int i = 1; i <= OperatorCount; i++)
            {
                string name = "ops-" + i.ToString(CultureInfo.InvariantCulture);
                Cli("pki", "issue-operator", "--dir", PkiDirectory, "--name", name, "--out", Path.Combine(Root, "operators", name));
            }
        }

        /// <summary>Temporary root of everything.</summary>
        public string Root { get; }

        /// <summary>The PKI folder.</summary>
        public string PkiDirectory { get; }

        /// <summary>An operator bundle no other test uses (a fresh persistent session).</summary>
        public string NextOperator()
        {
            int n = Interlocked.Increment(ref _nextOperator);
            if (n > OperatorCount)
            {
                throw new InvalidOperationException("operator pool exhausted: raise ChainFixture.OperatorCount");
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

        /// <summary>A new folder under the root.</summary>
        public string NewFolder(string prefix)
        {
            string folder = Path.Combine(Root, "work", prefix + "-" + Interlocked.Increment(ref _nextFolder).ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            return folder;
        }

        /// <summary>Runs mda in-process; throws unless it exits 0.</summary>
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
