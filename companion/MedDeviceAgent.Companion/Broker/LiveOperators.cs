using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// The operators of a PKI as the broker sees them: every name in tls/tls.json with a live (not revoked) operator
    /// certificate. The register is re-read when its bytes change, so an operator issued or revoked while the broker
    /// runs takes effect without a restart, like the CRL.
    /// </summary>
    /// <remarks>
    /// The file is compared at most once per <see cref="CheckInterval"/> (default one second), so a change takes
    /// effect within that interval; between checks a decision costs a field read. Fails closed: an unreadable or
    /// malformed register leaves no operators (every identity is then confined to its own device topics) until it
    /// is fixed. Thread-safe. Memory: the register's bytes (a few KiB per hundred certificates) and the names.
    /// </remarks>
    public sealed class LiveOperators
    {
        private readonly PkiDirectory _pki;
        private readonly string _path;
        private readonly object _gate = new object();
        private readonly Stopwatch _sinceCheck = new Stopwatch();
        private byte[]? _content;
        private OperatorNames _current = new OperatorNames(Array.Empty<string>());
        private string _problem = string.Empty;

        /// <summary>The operator register of <paramref name="pki"/> (tls/tls.json), read now.</summary>
        public LiveOperators(PkiDirectory pki)
        {
            ArgumentNullException.ThrowIfNull(pki);
            _pki = pki;
            _path = Path.Combine(pki.DirectoryPath, TlsAuthority.FolderName, TlsAuthority.MetadataFileName);
            Refresh();
        }

        /// <summary>Least time between two comparisons of the register file.</summary>
        public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Why the last read left no operators, or empty when it succeeded.</summary>
        public string Problem
        {
            get
            {
                lock (_gate)
                {
                    return _problem;
                }
            }
        }

        /// <summary>The live operators now (re-read first when <see cref="CheckInterval"/> has passed and the file changed).</summary>
        public OperatorNames Current
        {
            get
            {
                lock (_gate)
                {
                    if (_sinceCheck.Elapsed >= CheckInterval)
                    {
                        Refresh();
                    }

                    return _current;
                }
            }
        }

        /// <summary>True when <paramref name="identity"/> is a live operator now.</summary>
        public bool Contains(string identity) => Current.Contains(identity);

        /// <summary>Compares the register file with the last one read and re-reads it on a change, now.</summary>
        public void Refresh()
        {
            lock (_gate)
            {
                _sinceCheck.Restart();
                byte[]? content;
                try
                {
                    content = File.ReadAllBytes(_path);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    content = null;
                    _problem = "operator register unreadable: " + e.Message;
                }

                if (content == null)
                {
                    _content = null;
                    _current = new OperatorNames(Array.Empty<string>());
                    return;
                }

                if (_content != null && content.AsSpan().SequenceEqual(_content))
                {
                    return;
                }

                _content = content;
                try
                {
                    List<string> names = new List<string>();
                    foreach (IssuedCertificate issued in TlsAuthority.Open(_pki).Operators)
                    {
                        if (!issued.Revoked)
                        {
                            names.Add(issued.Name);
                        }
                    }

                    _current = new OperatorNames(names);
                    _problem = string.Empty;
                }
                catch (CompanionException e)
                {
                    _current = new OperatorNames(Array.Empty<string>());
                    _problem = "operator register unusable: " + e.Message;
                }
            }
        }
    }
}
