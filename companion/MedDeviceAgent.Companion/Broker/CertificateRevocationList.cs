using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// The device CA's CRL file, re-read whenever its content changes, so a revocation takes effect on the next
    /// connection without restarting the broker. Fails closed: a missing, unreadable, unparsable, unsigned (not signed
    /// by a CA certificate of the trust file) or expired (past its next update) CRL revokes everything.
    /// </summary>
    /// <remarks>
    /// Each check reads the file (a CRL is a few hundred bytes to a few KiB) and compares it byte for byte with the
    /// last one parsed; parsing and signature checks run only on a change. Thread-safe.
    /// </remarks>
    public sealed class CertificateRevocationList
    {
        private readonly string _path;
        private readonly IReadOnlyList<X509Certificate> _issuers;
        private readonly object _gate = new object();
        private byte[]? _content;
        private HashSet<string>? _revoked;
        private string _problem = "not read yet";
        private long _version;
        private DateTime _nextUpdate = DateTime.MaxValue;

        /// <summary>A CRL file whose CRLs must be signed by one of <paramref name="issuers"/> (DER or PEM certificates).</summary>
        public CertificateRevocationList(string path, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> issuers)
        {
            ArgumentException.ThrowIfNullOrEmpty(path);
            ArgumentNullException.ThrowIfNull(issuers);
            _path = path;
            List<X509Certificate> list = new List<X509Certificate>();
            X509CertificateParser parser = new X509CertificateParser();
            foreach (System.Security.Cryptography.X509Certificates.X509Certificate2 issuer in issuers)
            {
                list.Add(parser.ReadCertificate(issuer.RawData));
            }

            _issuers = list;
        }

        /// <summary>
        /// Whether the certificate with <paramref name="serialNumber"/> (big-endian bytes as in the certificate) issued by
        /// <paramref name="issuerDer"/> (the issuer's distinguished name, DER) is NOT revoked. False when the CRL cannot
        /// be trusted; <paramref name="reason"/> then says why.
        /// </summary>
        public bool IsGood(byte[] serialNumber, byte[] issuerDer, out string reason)
        {
            return IsGood(serialNumber, issuerDer, DateTime.UtcNow, out reason);
        }

        /// <summary>
        /// As <see cref="IsGood(byte[], byte[], out string)"/> at <paramref name="now"/> (UTC): also false when the CRL's
        /// next update has passed (an expired CRL is not trusted, as OpenSSL and so Mosquitto treat it).
        /// </summary>
        public bool IsGood(byte[] serialNumber, byte[] issuerDer, DateTime now, out string reason)
        {
            ArgumentNullException.ThrowIfNull(serialNumber);
            ArgumentNullException.ThrowIfNull(issuerDer);
            HashSet<string>? revoked = Current(out reason);
            DateTime nextUpdate;
            lock (_gate)
            {
                nextUpdate = _nextUpdate;
            }

            return Check(revoked, nextUpdate, now, serialNumber, issuerDer, ref reason);
        }

        /// <summary>True when the CRL as last read has a next update before <paramref name="now"/> (UTC).</summary>
        public bool IsExpired(DateTime now)
        {
            lock (_gate)
            {
                return _revoked != null && now > _nextUpdate;
            }
        }

        /// <summary>
        /// Reads the file now (parsing it again when its bytes changed) and returns <see cref="Version"/>. The broker
        /// calls it on a timer, so a CRL replaced while no one connects is still noticed.
        /// </summary>
        public long Refresh()
        {
            Current(out _);
            return Version;
        }

        /// <summary>How many times the file's content was seen to change (or to become unreadable); starts at 0.</summary>
        public long Version => Interlocked.Read(ref _version);

        /// <summary>
        /// Like <see cref="IsGood(byte[], byte[], DateTime, out string)"/>, but against the CRL as last read (no file access): for sweeping the connected
        /// clients right after <see cref="Refresh"/>. False when the last read gave no trusted CRL.
        /// </summary>
        public bool IsGoodAsLastRead(byte[] serialNumber, byte[] issuerDer, DateTime now, out string reason)
        {
            ArgumentNullException.ThrowIfNull(serialNumber);
            ArgumentNullException.ThrowIfNull(issuerDer);
            HashSet<string>? revoked;
            DateTime nextUpdate;
            lock (_gate)
            {
                revoked = _revoked;
                reason = _problem;
                nextUpdate = _nextUpdate;
            }

            return Check(revoked, nextUpdate, now, serialNumber, issuerDer, ref reason);
        }

        private static bool Check(HashSet<string>? revoked, DateTime nextUpdate, DateTime now, byte[] serialNumber, byte[] issuerDer, ref string reason)
        {
            if (revoked == null)
            {
                return false;
            }

            if (now > nextUpdate)
            {
                reason = "CRL expired (next update was " + nextUpdate.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "; re-sign it with 'mda pki refresh-crl')";
                return false;
            }

            if (revoked.Contains(Key(issuerDer, new BigInteger(1, serialNumber))))
            {
                reason = "certificate revoked";
                return false;
            }

            reason = string.Empty;
            return true;
        }

        private static string Key(byte[] issuerDer, BigInteger serial) => Convert.ToHexString(issuerDer) + ":" + serial.ToString(16);

        private HashSet<string>? Current(out string reason)
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(_path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                reason = "CRL unreadable: " + e.Message;
                lock (_gate)
                {
                    if (_content != null || _revoked != null)
                    {
                        Interlocked.Increment(ref _version);
                    }

                    _content = null;
                    _revoked = null;
                    _problem = reason;
                }

                return null;
            }

            lock (_gate)
            {
                if (_content == null || !content.AsSpan().SequenceEqual(_content))
                {
                    _content = content;
                    _revoked = Parse(content, out _problem, out _nextUpdate);
                    Interlocked.Increment(ref _version);
                }

                reason = _problem;
                return _revoked;
            }
        }

        private HashSet<string>? Parse(byte[] content, out string problem, out DateTime nextUpdate)
        {
            nextUpdate = DateTime.MaxValue;
            HashSet<string> revoked = new HashSet<string>(StringComparer.Ordinal);
            int crls = 0;
            try
            {
                foreach (X509Crl crl in new X509CrlParser().ReadCrls(content))
                {
                    crls++;
                    X509Certificate? signer = null;
                    foreach (X509Certificate issuer in _issuers)
                    {
                        if (issuer.SubjectDN.Equivalent(crl.IssuerDN) && crl.IsSignatureValid(issuer.GetPublicKey()))
                        {
                            signer = issuer;
                            break;
                        }
                    }

                    if (signer == null)
                    {
                        problem = "CRL from " + crl.IssuerDN + " is not signed by a trusted CA";
                        return null;
                    }

                    // The earliest next update of the file's CRLs; a CRL without one (RFC 5280 requires it) does not expire.
                    if (crl.NextUpdate.HasValue && crl.NextUpdate.Value.ToUniversalTime() < nextUpdate)
                    {
                        nextUpdate = crl.NextUpdate.Value.ToUniversalTime();
                    }

                    byte[] issuerDer = signer.SubjectDN.GetEncoded();
                    ISet<X509CrlEntry>? entries = crl.GetRevokedCertificates();
                    if (entries != null)
                    {
                        foreach (X509CrlEntry entry in entries)
                        {
                            revoked.Add(Key(issuerDer, entry.SerialNumber));
                        }
                    }
                }
            }
            catch (Exception e) when (e is Org.BouncyCastle.Security.Certificates.CrlException || e is IOException || e is ArgumentException || e is InvalidOperationException)
            {
                problem = "CRL unparsable: " + e.Message;
                return null;
            }

            if (crls == 0)
            {
                problem = "CRL file holds no CRL";
                return null;
            }

            problem = string.Empty;
            return revoked;
        }
    }
}
