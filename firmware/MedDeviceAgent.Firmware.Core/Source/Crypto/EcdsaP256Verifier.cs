using System;
using MedDeviceAgent.Firmware.Core.Crypto.P256;

namespace MedDeviceAgent.Firmware.Core.Crypto
{
    /// <summary>
    /// ECDSA verification on NIST P-256 (secp256r1) with SHA-256 (FIPS 186-5), in portable managed code:
    /// nanoFramework has no signature verification API and no BigInteger.
    /// </summary>
    /// <remarks>
    /// <para>Formats: public key 65 bytes uncompressed (0x04 ‖ X ‖ Y, big-endian); signature 64 bytes raw
    /// r ‖ s (IEEE P1363, as used by COSE and MCUboot). DER signatures go through
    /// <see cref="EcdsaDerSignature.TryDecode"/> first.</para>
    /// <para>Fails closed: the verdict starts false and becomes true only after every check passed. It
    /// rejects a key whose first byte is not 0x04, whose coordinates are not below p or that is not on the
    /// curve (the point at infinity has no uncompressed encoding, and (0, 0) is not on the curve); r or s
    /// equal to 0 or not below n; and a result point at infinity. The final test compares x1 mod n with r
    /// without an inversion, as X = r * Z^2 or, when r + n &lt; p, X = (r + n) * Z^2.</para>
    /// <para>Cost: about 3,400 field products for u1 G + u2 Q (see <see cref="P256ShamirMultiplier"/>), a
    /// binary-Euclid inversion of s and 3 Montgomery products mod n; about 0.7 ms per verification on a
    /// desktop CPU (BenchmarkDotNet, tests/MedDeviceAgent.Benchmarks). Variable time: every input of a
    /// verification is public.</para>
    /// <para>RAM: each <see cref="VerifyHash"/> call allocates its working state and drops it on return:
    /// 41 arrays and 10 small objects holding 1,770 bytes of elements (limbs and NAF digits), measured at
    /// 3,248 bytes on the 64-bit desktop runtime where headers are larger. <see cref="Verify"/> adds a
    /// <see cref="Sha256"/> instance and the digest (384 bytes of elements; 3,784 bytes measured). The fixed
    /// generator table (<see cref="P256GeneratorTable"/>) holds 512 bytes of limbs, allocated once.
    /// Thread-safe: calls share no mutable state.</para>
    /// </remarks>
    public static class EcdsaP256Verifier
    {
        /// <summary>Uncompressed public key length (0x04 ‖ X ‖ Y).</summary>
        public const int PublicKeySize = 65;

        /// <summary>Raw signature length (r ‖ s).</summary>
        public const int SignatureSize = 64;

        /// <summary>Digest length accepted by <see cref="VerifyHash"/> (SHA-256).</summary>
        public const int HashSize = Sha256.HashSize;

        private const byte UncompressedPointTag = 0x04;

        /// <summary>p - n: r + n is a field element (below p) exactly when r is below this.</summary>
        private static readonly uint[] PrimeMinusOrder = new uint[]
        {
            0x039CDAAE, 0x0C46353D, 0x58E8617B, 0x43190553, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
        };

        /// <summary>
        /// Verifies a raw r ‖ s signature over the SHA-256 digest of
        /// <paramref name="messageLength"/> bytes of <paramref name="message"/> from <paramref name="messageOffset"/>.
        /// </summary>
        /// <param name="publicKey">Buffer holding the 65-byte uncompressed public key at <paramref name="publicKeyOffset"/>.</param>
        /// <param name="publicKeyOffset">Offset of the key in <paramref name="publicKey"/>.</param>
        /// <param name="signature">Buffer holding the 64-byte r ‖ s signature at <paramref name="signatureOffset"/>.</param>
        /// <param name="signatureOffset">Offset of the signature in <paramref name="signature"/>.</param>
        /// <param name="message">Buffer holding the signed message.</param>
        /// <param name="messageOffset">Offset of the message in <paramref name="message"/>.</param>
        /// <param name="messageLength">Message length in bytes (may be 0).</param>
        /// <returns>True only when the signature is valid for the key and message; false for every bad key or signature.</returns>
        /// <exception cref="ArgumentNullException">A buffer is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its buffer.</exception>
        /// <remarks>Allocates as <see cref="VerifyHash"/> plus a <see cref="Sha256"/> instance.</remarks>
        public static bool Verify(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset, byte[] message, int messageOffset, int messageLength)
        {
            CheckBuffer(publicKey, nameof(publicKey), publicKeyOffset, PublicKeySize);
            CheckBuffer(signature, nameof(signature), signatureOffset, SignatureSize);
            CheckBuffer(message, nameof(message), messageOffset, messageLength);

            Sha256 sha = new Sha256();
            sha.Update(message, messageOffset, messageLength);
            byte[] digest = new byte[HashSize];
            sha.Finish(digest, 0);
            return VerifyHash(publicKey, publicKeyOffset, signature, signatureOffset, digest, 0);
        }

        /// <summary>
        /// Verifies a raw r ‖ s signature over a precomputed 32-byte SHA-256 digest.
        /// </summary>
        /// <param name="publicKey">Buffer holding the 65-byte uncompressed public key at <paramref name="publicKeyOffset"/>.</param>
        /// <param name="publicKeyOffset">Offset of the key in <paramref name="publicKey"/>.</param>
        /// <param name="signature">Buffer holding the 64-byte r ‖ s signature at <paramref name="signatureOffset"/>.</param>
        /// <param name="signatureOffset">Offset of the signature in <paramref name="signature"/>.</param>
        /// <param name="hash">Buffer holding the 32-byte digest at <paramref name="hashOffset"/>.</param>
        /// <param name="hashOffset">Offset of the digest in <paramref name="hash"/>.</param>
        /// <returns>True only when the signature is valid for the key and digest; false for every bad key or signature.</returns>
        /// <exception cref="ArgumentNullException">A buffer is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its buffer.</exception>
        /// <remarks>Allocates the working state described on <see cref="EcdsaP256Verifier"/>; none of it outlives the call.</remarks>
        public static bool VerifyHash(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset, byte[] hash, int hashOffset)
        {
            CheckBuffer(publicKey, nameof(publicKey), publicKeyOffset, PublicKeySize);
            CheckBuffer(signature, nameof(signature), signatureOffset, SignatureSize);
            CheckBuffer(hash, nameof(hash), hashOffset, HashSize);

            bool verified = false;
            if (publicKey[publicKeyOffset] != UncompressedPointTag)
            {
                return verified;
            }

            uint[] qx = new uint[UInt256.Words];
            uint[] qy = new uint[UInt256.Words];
            UInt256.FromBigEndian(publicKey, publicKeyOffset + 1, qx);
            UInt256.FromBigEndian(publicKey, publicKeyOffset + 1 + UInt256.Bytes, qy);
            if (!P256Field.IsCanonical(qx) || !P256Field.IsCanonical(qy))
            {
                return verified;
            }

            P256Curve curve = new P256Curve();
            if (!curve.IsOnCurve(qx, qy))
            {
                return verified;
            }

            uint[] r = new uint[UInt256.Words];
            uint[] s = new uint[UInt256.Words];
            UInt256.FromBigEndian(signature, signatureOffset, r);
            UInt256.FromBigEndian(signature, signatureOffset + UInt256.Bytes, s);
            if (!P256Scalar.IsInRange(r) || !P256Scalar.IsInRange(s))
            {
                return verified;
            }

            // e = digest as an integer mod n (SHA-256 is exactly as wide as n: no truncation).
            uint[] e = new uint[UInt256.Words];
            UInt256.FromBigEndian(hash, hashOffset, e);
            P256Scalar.ReduceOnce(e);

            // w = s^-1, taken into Montgomery form (w R) so that the Montgomery products u1 = e * w and
            // u2 = r * w come out in plain form.
            P256Scalar scalar = new P256Scalar();
            uint[] w = new uint[UInt256.Words];
            scalar.Invert(w, s);
            scalar.ToMontgomery(w, w);
            uint[] u1 = new uint[UInt256.Words];
            uint[] u2 = new uint[UInt256.Words];
            scalar.MontgomeryMultiply(u1, e, w);
            scalar.MontgomeryMultiply(u2, r, w);

            JacobianPoint point = new JacobianPoint();
            new P256ShamirMultiplier(curve).MultiplyAdd(point, u1, u2, qx, qy);
            if (point.IsInfinity)
            {
                return verified;
            }

            // x1 mod n == r  <=>  x1 == r, or x1 == r + n when r + n < p (x1 < p < 2n).
            if (curve.HasAffineX(point, r))
            {
                verified = true;
            }
            else if (UInt256.Compare(r, PrimeMinusOrder) < 0)
            {
                UInt256.Add(r, r, P256Scalar.Order);
                verified = curve.HasAffineX(point, r);
            }

            return verified;
        }

        /// <summary>Throws unless <paramref name="buffer"/> holds <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range lies outside <paramref name="buffer"/>.</exception>
        internal static void CheckBuffer(byte[] buffer, string bufferName, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(bufferName);
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException(bufferName, "range outside the buffer");
            }
        }
    }
}
