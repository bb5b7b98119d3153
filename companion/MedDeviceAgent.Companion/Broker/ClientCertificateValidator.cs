using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// Decides whether a TLS client certificate may connect: it chains to a CA of the trust file alone
    /// (<see cref="X509ChainTrustMode.CustomRootTrust"/>, the system store is never consulted), is within its
    /// validity, allows client authentication, carries a valid identifier as CN, and is not on the CRL.
    /// </summary>
    /// <remarks>Every verdict starts as refusal. Thread-safe; one chain build per handshake.</remarks>
    public sealed class ClientCertificateValidator
    {
        private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
        private readonly X509Certificate2Collection _roots = new X509Certificate2Collection();
        private readonly X509Certificate2Collection _intermediates = new X509Certificate2Collection();
        private readonly CertificateRevocationList _crl;

        /// <summary>Trusts the certificates of <paramref name="caPemPath"/> and checks revocation against <paramref name="crlPath"/>.</summary>
        public ClientCertificateValidator(string caPemPath, string crlPath)
        {
            X509Certificate2Collection all = new X509Certificate2Collection();
            try
            {
                all.ImportFromPemFile(caPemPath);
            }
            catch (Exception e) when (e is CryptographicException || e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "device CA file unreadable: " + caPemPath + ": " + e.Message, e);
            }

            if (all.Count == 0)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "device CA file holds no certificate: " + caPemPath);
            }

            List<X509Certificate2> issuers = new List<X509Certificate2>();
            foreach (X509Certificate2 certificate in all)
            {
                (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? _roots : _intermediates).Add(certificate);
                issuers.Add(certificate);
            }

            if (_roots.Count == 0)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "device CA file has no self-signed root: " + caPemPath);
            }

            _crl = new CertificateRevocationList(crlPath, issuers);
        }

        /// <summary>The CRL the validator checks (the broker also sweeps connected clients against it).</summary>
        public CertificateRevocationList Revocations => _crl;

        /// <summary>
        /// Validates <paramref name="certificate"/> at <paramref name="now"/>; true only when every check passed.
        /// <paramref name="reason"/> says why it was refused (empty when accepted).
        /// </summary>
        public bool Validate(X509Certificate? certificate, DateTime now, out string reason)
        {
            reason = "no client certificate";
            if (certificate == null)
            {
                return false;
            }

            using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using X509Chain chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
            chain.ChainPolicy.ExtraStore.AddRange(_intermediates);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
            if (!chain.Build(leaf))
            {
                reason = "certificate chain not trusted";
                foreach (X509ChainStatus status in chain.ChainStatus)
                {
                    reason += "; " + status.Status;
                }

                return false;
            }

            if (CertificateIdentity.CommonName(leaf) == null)
            {
                reason = "certificate CN is not a valid identifier";
                return false;
            }

            byte[] serial = leaf.GetSerialNumber();
            Array.Reverse(serial); // .NET gives little-endian.
            if (!_crl.IsGood(serial, leaf.IssuerName.RawData, now.ToUniversalTime(), out string crlReason))
            {
                reason = crlReason;
                return false;
            }

            reason = string.Empty;
            return true;
        }
    }
}
