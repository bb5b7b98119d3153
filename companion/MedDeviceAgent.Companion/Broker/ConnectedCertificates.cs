using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// The certificate (issuer, serial, end of validity) behind each connected client id, so the broker can find the
    /// clients a new CRL revokes (<see cref="Revoked"/>) or whose certificate has expired (<see cref="Expired"/>) and
    /// disconnect them.
    /// </summary>
    /// <remarks>
    /// One entry per connected client id (the issuer name's DER and the serial, about 150 bytes). A client id reconnecting
    /// replaces its entry. Thread-safe.
    /// </remarks>
    public sealed class ConnectedCertificates
    {
        private readonly ConcurrentDictionary<string, Entry> _entries = new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal);

        /// <summary>Number of client ids tracked.</summary>
        public int Count => _entries.Count;

        /// <summary>Records that <paramref name="clientId"/> connected with <paramref name="certificate"/>.</summary>
        public void Add(string clientId, X509Certificate2 certificate)
        {
            ArgumentException.ThrowIfNullOrEmpty(clientId);
            ArgumentNullException.ThrowIfNull(certificate);
            byte[] serial = certificate.GetSerialNumber();
            Array.Reverse(serial); // .NET gives little-endian; the CRL lists big-endian.
            _entries[clientId] = new Entry(serial, certificate.IssuerName.RawData, certificate.NotAfter.ToUniversalTime());
        }

        /// <summary>Forgets <paramref name="clientId"/> (it disconnected).</summary>
        public void Remove(string clientId)
        {
            _entries.TryRemove(clientId, out _);
        }

        /// <summary>
        /// The client ids whose certificate <paramref name="crl"/>, as last read, does not clear at <paramref name="now"/>
        /// (revoked, or no trusted or an expired CRL: fail closed), each with the reason; they are forgotten here.
        /// </summary>
        public IReadOnlyList<KeyValuePair<string, string>> Revoked(CertificateRevocationList crl, DateTime now)
        {
            ArgumentNullException.ThrowIfNull(crl);
            List<KeyValuePair<string, string>> result = new List<KeyValuePair<string, string>>();
            foreach (KeyValuePair<string, Entry> pair in _entries)
            {
                if (!crl.IsGoodAsLastRead(pair.Value.Serial, pair.Value.IssuerDer, now, out string reason) && _entries.TryRemove(pair))
                {
                    result.Add(new KeyValuePair<string, string>(pair.Key, reason));
                }
            }

            return result;
        }

        /// <summary>The client ids whose certificate has expired by <paramref name="now"/> (UTC); they are forgotten here.</summary>
        public IReadOnlyList<string> Expired(DateTime now)
        {
            List<string> result = new List<string>();
            foreach (KeyValuePair<string, Entry> pair in _entries)
            {
                if (now > pair.Value.NotAfter && _entries.TryRemove(pair))
                {
                    result.Add(pair.Key);
                }
            }

            return result;
        }

        private sealed record Entry(byte[] Serial, byte[] IssuerDer, DateTime NotAfter);
    }
}
