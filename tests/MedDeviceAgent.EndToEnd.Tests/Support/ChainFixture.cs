using System;
using System.Globalization;
using System.IO;
using System.Threading;

namespace MedDeviceAgent.EndToEnd.Tests.Support
{
    /// <summary>
    /// The PKI every chain test shares (<see cref="CliPki"/>: <c>mda pki init</c>, operators issued before any Mosquitto
    /// configuration is written, devices issued per test with <c>mda pki issue-device</c>), and work folders under it.
    /// </summary>
    public sealed class ChainFixture : IDisposable
    {
        /// <summary>The passphrase of the test PKI (MDA_PASSPHRASE for this process and the mda processes it starts).</summary>
        public const string Passphrase = "end-to-end-tests-passphrase";

        /// <summary>Operators issued at start.</summary>
        public const int OperatorCount = 40;

        private readonly CliPki _pki = new CliPki("mda-e2e", Passphrase, OperatorCount);
        private int _nextFolder;

        /// <summary>The PKI.</summary>
        public CliPki Pki => _pki;

        /// <summary>The PKI folder.</summary>
        public string PkiDirectory => _pki.PkiDirectory;

        /// <summary>An operator bundle no other test uses (a fresh persistent session).</summary>
        public string NextOperator() => _pki.NextOperator();

        /// <summary>Issues a new device (a unique id starting with <paramref name="prefix"/>); returns its id and bundle folder.</summary>
        public (string Id, string Bundle) IssueDevice(string prefix) => _pki.IssueDevice(prefix);

        /// <summary>A new folder under the PKI's root.</summary>
        public string NewFolder(string prefix)
        {
            string folder = Path.Combine(_pki.Root, "work", prefix + "-" + Interlocked.Increment(ref _nextFolder).ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            return folder;
        }

        /// <inheritdoc />
        public void Dispose() => _pki.Dispose();
    }
}
