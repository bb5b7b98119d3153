using System;
using System.Collections.Generic;
using System.IO;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>
    /// A throw-away PKI made at test time by the real library, as <c>mda pki init</c> makes it
    /// (<see cref="PkiDirectory.Initialize"/>, <see cref="TlsAuthority.Initialize"/>; Ed25519 offline root, broker
    /// certificate for localhost, 127.0.0.1 and ::1), its operators issued with <see cref="TlsAuthority.IssueOperator"/>,
    /// devices with <see cref="TlsAuthority.IssueDevice"/> (bundles under clients/), revocations with
    /// <see cref="TlsAuthority.RevokeDevice"/>. "Another CA" is a second, independent PKI of the same vendor: its
    /// device CA has the same name as ours but its own key.
    /// </summary>
    public sealed class TestPki : IDisposable
    {
        /// <summary>The passphrase of every test PKI (MDA_PASSPHRASE is set to it for the in-process CLI).</summary>
        public const string Passphrase = "broker-test-passphrase";

        /// <summary>Vendor id of the test PKIs.</summary>
        public const string Vendor = "mda-test";

        private readonly string _root;
        private readonly HashSet<string> _operators = new HashSet<string>(StringComparer.Ordinal);
        private readonly Dictionary<string, TestClient> _issuedOperators = new Dictionary<string, TestClient>(StringComparer.Ordinal);
        private TlsAuthority? _other;

        /// <summary>Makes the PKI with the given operators (their certificates are issued now).</summary>
        public TestPki(params string[] operators)
        {
            _root = System.IO.Directory.CreateTempSubdirectory("mda-broker-pki-").FullName;
            Directory = Path.Combine(_root, "pki");
            Tls = NewPki(Directory);
            Files = BrokerPki.Open(Directory);
            foreach (string name in operators)
            {
                _operators.Add(name);
                IssueClient(name);
            }
        }

        /// <summary>The PKI folder (what <c>mda broker --pki</c> takes).</summary>
        public string Directory { get; }

        /// <summary>The TLS side of the PKI.</summary>
        public TlsAuthority Tls { get; }

        /// <summary>The PKI as the broker opens it.</summary>
        public BrokerPki Files { get; }

        /// <summary>PEM of ca.pem (device CA and TLS root; the broker's certificate chains to it too).</summary>
        public string CaPem => File.ReadAllText(Files.CaPath);

        /// <summary>
        /// A client certificate with CN <paramref name="name"/>: the operator's (issued once) when the name was given to
        /// the constructor, otherwise a new device certificate from this PKI or from the other, independent one.
        /// </summary>
        public TestClient IssueClient(string name, bool fromOtherCa = false)
        {
            if (!fromOtherCa && _operators.Contains(name))
            {
                if (!_issuedOperators.TryGetValue(name, out TestClient? existing))
                {
                    string operatorBundle = Bundle(name + "-operator");
                    Tls.IssueOperator(name, TlsAuthority.DefaultValidDays, operatorBundle, Passphrase, DateTimeOffset.UtcNow);
                    existing = TestClient.FromBundle(name, operatorBundle);
                    _issuedOperators.Add(name, existing);
                }

                return existing;
            }

            TlsAuthority authority = fromOtherCa ? Other : Tls;
            string bundle = Bundle(name + (fromOtherCa ? "-other" : string.Empty));
            authority.IssueDevice(name, TlsAuthority.DefaultValidDays, bundle, Passphrase, DateTimeOffset.UtcNow);
            return TestClient.FromBundle(name, bundle);
        }

        /// <summary>Revokes the given clients (devices or operators) and publishes the next CRL; with none, re-signs the CRL.</summary>
        public void WriteCrl(params TestClient[] revoked)
        {
            if (revoked.Length == 0)
            {
                Tls.RefreshCrl(Passphrase, DateTimeOffset.UtcNow);
            }

            foreach (TestClient client in revoked)
            {
                if (_operators.Contains(client.Name))
                {
                    Tls.RevokeOperator(client.Name, Passphrase, DateTimeOffset.UtcNow);
                }
                else
                {
                    Tls.RevokeDevice(client.Name, Passphrase, DateTimeOffset.UtcNow);
                }
            }
        }

        /// <summary>Puts the other PKI's CRL in place of ours: same issuer name, signed by a key we do not trust.</summary>
        public void WriteUntrustedCrl()
        {
            File.Copy(Other.CrlPath, Files.CrlPath, true);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(_root, true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaning.
            }
        }

        private TlsAuthority Other => _other ??= NewPki(Path.Combine(_root, "other-pki"));

        private static TlsAuthority NewPki(string path)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            long notBefore = now.ToUnixTimeSeconds() - PkiDirectory.ClockSkewAllowanceSeconds;
            long notAfter = now.AddDays(PkiDirectory.DefaultValidDays).ToUnixTimeSeconds();
            PkiDirectory pki = PkiDirectory.Initialize(path, CoseAlgorithm.EdDSA, Vendor, notBefore, notAfter, Passphrase, now);
            return TlsAuthority.Initialize(pki, BrokerHost.Defaults, Passphrase, now);
        }

        private string Bundle(string label)
        {
            string clients = Path.Combine(_root, "clients");
            System.IO.Directory.CreateDirectory(clients);
            return Path.Combine(clients, label);
        }
    }
}
