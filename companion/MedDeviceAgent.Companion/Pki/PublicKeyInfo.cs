using System;
using System.Security.Cryptography;
using MedDeviceAgent.Protocol;
using Org.BouncyCastle.Asn1.X9;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// A public key as the package format carries it: algorithm, raw key bytes (Ed25519 32 bytes;
    /// P-256 65 bytes uncompressed) and key id. Immutable; the array properties return copies.
    /// </summary>
    /// <remarks>Stable API: the device simulator and 'mda sim' read trust anchors through
    /// <see cref="PublicKeyFile.Read"/>, which returns this type.</remarks>
    public sealed class PublicKeyInfo
    {
        private static readonly byte[] Ed25519SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");
        private static readonly byte[] P256SpkiPrefix = Convert.FromHexString("3059301306072a8648ce3d020106082a8648ce3d030107034200");

        private readonly byte[] rawKey;
        private readonly byte[] keyId;

        /// <summary>Creates the key, checking the raw encoding (length, and for P-256 that the point is on the curve).</summary>
        /// <exception cref="ArgumentException">The algorithm is unsupported or the raw key is malformed.</exception>
        public PublicKeyInfo(CoseAlgorithm algorithm, byte[] rawKey)
        {
            ArgumentNullException.ThrowIfNull(rawKey);
            string? problem = Validate(algorithm, rawKey);
            if (problem != null)
            {
                throw new ArgumentException(problem, nameof(rawKey));
            }

            Algorithm = algorithm;
            this.rawKey = (byte[])rawKey.Clone();
            keyId = Pki.KeyId.Compute(this.rawKey);
        }

        /// <summary>The COSE algorithm of the key.</summary>
        public CoseAlgorithm Algorithm { get; }

        /// <summary>A copy of the raw public key.</summary>
        public byte[] RawKey => (byte[])rawKey.Clone();

        /// <summary>A copy of the 16-byte key id.</summary>
        public byte[] KeyId => (byte[])keyId.Clone();

        /// <summary>Lower-case hex of the key id.</summary>
        public string KeyIdHex => Convert.ToHexStringLower(keyId);

        /// <summary>Creates the key or returns false when the raw encoding is not acceptable.</summary>
        public static bool TryCreate(CoseAlgorithm algorithm, byte[] rawKey, out PublicKeyInfo? key)
        {
            key = null;
            if (rawKey == null || Validate(algorithm, rawKey) != null)
            {
                return false;
            }

            key = new PublicKeyInfo(algorithm, rawKey);
            return true;
        }

        /// <summary>True when <paramref name="otherKeyId"/> equals this key's id (constant time).</summary>
        public bool HasKeyId(ReadOnlySpan<byte> otherKeyId)
        {
            return otherKeyId.Length == keyId.Length && CryptographicOperations.FixedTimeEquals(keyId, otherKeyId);
        }

        /// <summary>True when both keys have the same algorithm and raw bytes.</summary>
        public bool SameKeyAs(PublicKeyInfo other)
        {
            ArgumentNullException.ThrowIfNull(other);
            return other.Algorithm == Algorithm && other.rawKey.AsSpan().SequenceEqual(rawKey);
        }

        /// <summary>The DER SubjectPublicKeyInfo (RFC 8410 for Ed25519, RFC 5480 named curve for P-256).</summary>
        public byte[] ToSubjectPublicKeyInfo()
        {
            byte[] prefix = Algorithm == CoseAlgorithm.EdDSA ? Ed25519SpkiPrefix : P256SpkiPrefix;
            byte[] der = new byte[prefix.Length + rawKey.Length];
            prefix.CopyTo(der, 0);
            rawKey.CopyTo(der, prefix.Length);
            return der;
        }

        /// <summary>The SubjectPublicKeyInfo as PEM ("-----BEGIN PUBLIC KEY-----"), ending in a newline.</summary>
        public string ToPem()
        {
            return PemEncoding.WriteString("PUBLIC KEY", ToSubjectPublicKeyInfo()) + "\n";
        }

        /// <summary>The P-256 domain parameters (shared by signer and verifier).</summary>
        internal static X9ECParameters P256 { get; } = ECNamedCurveTable.GetByName("P-256");

        /// <summary>Decodes a raw P-256 point, or returns null when it is not a valid uncompressed point.</summary>
        internal static ECPoint? DecodeP256Point(ReadOnlySpan<byte> raw)
        {
            if (raw.Length != KeyAlgorithms.P256PublicKeySize || raw[0] != 0x04)
            {
                return null;
            }

            try
            {
                ECPoint point = P256.Curve.DecodePoint(raw.ToArray());
                return point.IsInfinity || !point.IsValid() ? null : point;
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private static string? Validate(CoseAlgorithm algorithm, byte[] rawKey)
        {
            switch (algorithm)
            {
                case CoseAlgorithm.EdDSA:
                    return rawKey.Length == KeyAlgorithms.Ed25519PublicKeySize ? null : "an Ed25519 public key is 32 bytes, not " + rawKey.Length;
                case CoseAlgorithm.ES256:
                    return DecodeP256Point(rawKey) != null ? null : "not an uncompressed P-256 point on the curve (65 bytes, 04 || X || Y)";
                default:
                    return "unsupported algorithm " + (int)algorithm;
            }
        }
    }
}
