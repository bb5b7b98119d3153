using System;
using System.IO;
using System.Security.Cryptography;
using MedDeviceAgent.Companion.IO;
using MedDeviceAgent.Protocol;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// Public key files: SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"), as written by
    /// 'mda pki export-public' and by 'openssl pkey -pubout'. Ed25519 and P-256 (named curve) only.
    /// </summary>
    public static class PublicKeyFile
    {
        private const string PemLabel = "PUBLIC KEY";

        /// <summary>Reads a public key file.</summary>
        /// <remarks>Stable API, used by the device simulator and 'mda sim'.</remarks>
        /// <exception cref="CompanionException">Kind <see cref="CompanionErrorKind.InputError"/>: the file
        /// is missing or unreadable, is not a PUBLIC KEY PEM, or holds a key of another algorithm or curve.</exception>
        public static PublicKeyInfo Read(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (IOException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read public key '" + path + "': " + e.Message, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read public key '" + path + "': " + e.Message, e);
            }

            try
            {
                return Parse(text);
            }
            catch (CompanionException e)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "public key '" + path + "': " + e.Message, e);
            }
        }

        /// <summary>Parses PEM text holding one PUBLIC KEY block.</summary>
        /// <exception cref="CompanionException">Kind InputError when the text is not an acceptable public key.</exception>
        public static PublicKeyInfo Parse(string pemText)
        {
            ArgumentNullException.ThrowIfNull(pemText);
            if (!PemEncoding.TryFind(pemText, out PemFields fields) || !pemText.AsSpan()[fields.Label].SequenceEqual(PemLabel))
            {
                throw new CompanionException(CompanionErrorKind.InputError, "no '-----BEGIN PUBLIC KEY-----' block found");
            }

            byte[] der = Convert.FromBase64String(pemText.Substring(fields.Base64Data.Start.Value, fields.Base64Data.End.Value - fields.Base64Data.Start.Value));
            return FromSubjectPublicKeyInfo(der);
        }

        /// <summary>Decodes a DER SubjectPublicKeyInfo.</summary>
        /// <exception cref="CompanionException">Kind InputError when it is malformed or of an unsupported algorithm.</exception>
        public static PublicKeyInfo FromSubjectPublicKeyInfo(byte[] der)
        {
            ArgumentNullException.ThrowIfNull(der);
            SubjectPublicKeyInfo spki;
            try
            {
                spki = SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
            }
            catch (Exception e) when (e is ArgumentException || e is IOException || e is InvalidCastException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "malformed SubjectPublicKeyInfo: " + e.Message, e);
            }

            DerObjectIdentifier algorithm = spki.Algorithm.Algorithm;
            byte[] keyBytes = spki.PublicKey.GetOctets();
            if (algorithm.Equals(EdECObjectIdentifiers.id_Ed25519))
            {
                if (spki.Algorithm.Parameters != null || keyBytes.Length != KeyAlgorithms.Ed25519PublicKeySize)
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "malformed Ed25519 public key");
                }

                return new PublicKeyInfo(CoseAlgorithm.EdDSA, keyBytes);
            }

            if (algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
            {
                if (!(spki.Algorithm.Parameters is DerObjectIdentifier curve) || !curve.Equals(X9ObjectIdentifiers.Prime256v1))
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "unsupported EC curve (only the named curve P-256 / prime256v1 is supported)");
                }

                ECPoint point;
                try
                {
                    point = PublicKeyInfo.P256.Curve.DecodePoint(keyBytes);
                }
                catch (ArgumentException e)
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "malformed P-256 public key point", e);
                }

                if (point.IsInfinity || !point.IsValid())
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "P-256 public key point is not on the curve");
                }

                return new PublicKeyInfo(CoseAlgorithm.ES256, point.Normalize().GetEncoded(false));
            }

            throw new CompanionException(CompanionErrorKind.InputError, "unsupported public key algorithm " + algorithm.Id + " (expected Ed25519 or EC P-256)");
        }

        /// <summary>Writes <paramref name="key"/> as SPKI PEM, atomically, mode 0644.</summary>
        /// <exception cref="CompanionException">Kind OutputError when the file cannot be written.</exception>
        public static void Write(string path, PublicKeyInfo key)
        {
            ArgumentNullException.ThrowIfNull(key);
            AtomicFile.WriteAllBytes(path, System.Text.Encoding.ASCII.GetBytes(key.ToPem()), AtomicFile.PublicFileMode);
        }
    }
}
