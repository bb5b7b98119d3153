using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using MedDeviceAgent.Protocol;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>
    /// Builds the X.509 v3 certificates and the v2 CRL of the TLS PKI (BouncyCastle): CA certificates
    /// (BasicConstraints, KeyUsage keyCertSign|cRLSign), end-entity certificates (KeyUsage
    /// digitalSignature, one extended key usage, optional subjectAltNames), always with subject and
    /// authority key identifiers and a random 127-bit serial. ECDSA issuers sign with SHA-256, Ed25519
    /// issuers with pure Ed25519 (RFC 8410).
    /// </summary>
    internal static class CertificateFactory
    {
        /// <summary>What an end-entity certificate is for.</summary>
        internal enum Purpose
        {
            /// <summary>TLS client (devices, operators): EKU clientAuth.</summary>
            Client,

            /// <summary>TLS server (the broker): EKU serverAuth, subjectAltNames.</summary>
            Server,
        }

        /// <summary>A distinguished name with one CN (and the vendor as O).</summary>
        public static X509Name Name(string commonName, string organization)
        {
            return new X509Name(new List<DerObjectIdentifier> { X509Name.O, X509Name.CN }, new List<string> { organization, commonName });
        }

        /// <summary>The BouncyCastle public key of <paramref name="key"/>.</summary>
        public static AsymmetricKeyParameter PublicKey(PublicKeyInfo key)
        {
            return PublicKeyFactory.CreateKey(key.ToSubjectPublicKeyInfo());
        }

        /// <summary>A CA certificate of <paramref name="subjectKey"/> issued by <paramref name="issuerKey"/> (self-signed when they are the same key and names); <paramref name="pathLength"/> is the path length constraint, or -1 for none.</summary>
        public static X509Certificate Ca(X509Name subject, PublicKeyInfo subjectKey, X509Name issuer, SigningKey issuerKey, int pathLength, DateTime notBefore, DateTime notAfter)
        {
            X509V3CertificateGenerator generator = Start(subject, subjectKey, issuer, issuerKey, notBefore, notAfter);
            generator.AddExtension(X509Extensions.BasicConstraints, true, pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
            return generator.Generate(Signer(issuerKey));
        }

        /// <summary>An end-entity certificate for <paramref name="purpose"/>.</summary>
        public static X509Certificate EndEntity(X509Name subject, PublicKeyInfo subjectKey, X509Name issuer, SigningKey issuerKey, Purpose purpose, IReadOnlyList<string>? hosts, DateTime notBefore, DateTime notAfter)
        {
            X509V3CertificateGenerator generator = Start(subject, subjectKey, issuer, issuerKey, notBefore, notAfter);
            generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
            generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(purpose == Purpose.Server ? KeyPurposeID.id_kp_serverAuth : KeyPurposeID.id_kp_clientAuth));
            if (hosts != null && hosts.Count > 0)
            {
                List<GeneralName> names = new List<GeneralName>();
                foreach (string host in hosts)
                {
                    names.Add(new GeneralName(BrokerHost.IsIpAddress(host) ? GeneralName.IPAddress : GeneralName.DnsName, host));
                }

                generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(names.ToArray()));
            }

            return generator.Generate(Signer(issuerKey));
        }

        /// <summary>An X.509 v2 CRL signed by <paramref name="issuerKey"/>, with CRL number and next update.</summary>
        public static X509Crl Crl(X509Name issuer, SigningKey issuerKey, long crlNumber, DateTime thisUpdate, DateTime nextUpdate, IEnumerable<KeyValuePair<string, DateTime>> revokedSerials)
        {
            X509V2CrlGenerator generator = new X509V2CrlGenerator();
            generator.SetIssuerDN(issuer);
            generator.SetThisUpdate(thisUpdate);
            generator.SetNextUpdate(nextUpdate);
            foreach (KeyValuePair<string, DateTime> entry in revokedSerials)
            {
                generator.AddCrlEntry(new BigInteger(entry.Key, 16), entry.Value, CrlReason.CessationOfOperation);
            }

            generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(PublicKey(issuerKey.PublicKey)));
            generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.ValueOf(crlNumber)));
            return generator.Generate(Signer(issuerKey));
        }

        /// <summary>PEM text of a certificate ("-----BEGIN CERTIFICATE-----"), ending in a newline.</summary>
        public static string Pem(X509Certificate certificate)
        {
            return PemEncoding.WriteString("CERTIFICATE", certificate.GetEncoded()) + "\n";
        }

        /// <summary>PEM text of a CRL ("-----BEGIN X509 CRL-----"), ending in a newline.</summary>
        public static string Pem(X509Crl crl)
        {
            return PemEncoding.WriteString("X509 CRL", crl.GetEncoded()) + "\n";
        }

        /// <summary>Reads the first certificate of PEM text.</summary>
        public static X509Certificate ReadPem(string pem)
        {
            if (!PemEncoding.TryFind(pem, out PemFields fields) || pem[fields.Label] != "CERTIFICATE")
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "no certificate in PEM text");
            }

            return new X509CertificateParser().ReadCertificate(Convert.FromBase64String(pem[fields.Base64Data]));
        }

        private static X509V3CertificateGenerator Start(X509Name subject, PublicKeyInfo subjectKey, X509Name issuer, SigningKey issuerKey, DateTime notBefore, DateTime notAfter)
        {
            byte[] serial = RandomNumberGenerator.GetBytes(16);
            serial[0] &= 0x7F;
            serial[0] |= 0x40; // 127 bits, never zero, always 16 DER bytes
            AsymmetricKeyParameter subjectPublic = PublicKey(subjectKey);
            X509V3CertificateGenerator generator = new X509V3CertificateGenerator();
            generator.SetSerialNumber(new BigInteger(1, serial));
            generator.SetIssuerDN(issuer);
            generator.SetSubjectDN(subject);
            generator.SetNotBefore(notBefore);
            generator.SetNotAfter(notAfter);
            generator.SetPublicKey(subjectPublic);
            generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, X509ExtensionUtilities.CreateSubjectKeyIdentifier(subjectPublic));
            generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, X509ExtensionUtilities.CreateAuthorityKeyIdentifier(PublicKey(issuerKey.PublicKey)));
            return generator;
        }

        private static ISignatureFactory Signer(SigningKey issuerKey)
        {
            string algorithm = issuerKey.Algorithm == CoseAlgorithm.EdDSA ? "Ed25519" : "SHA256WITHECDSA";
            return new Asn1SignatureFactory(algorithm, issuerKey.PrivateKeyParameter, new SecureRandom());
        }
    }
}
