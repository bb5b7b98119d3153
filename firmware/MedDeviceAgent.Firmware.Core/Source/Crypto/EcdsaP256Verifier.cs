using System;
using MedDeviceAgent.Firmware.Core.Crypto.P256;
using MedDeviceAgent.Firmware.Core.Platform;

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
    /// binary-Euclid inversion of s and 3 Montgomery products mod n; about 0.5 ms per verification on a
    /// desktop CPU (BenchmarkDotNet, tests/MedDeviceAgent.Benchmarks). Variable time: every input of a
    /// verification is public.</para>
    /// <para>RAM: every call works in one shared <see cref="P256VerifyWorkspace"/> (45 arrays and 12 small
    /// objects holding 2,154 bytes of elements; 3,912 bytes measured on the 64-bit desktop runtime where
    /// headers are larger), created on the first call and kept for the life of the application. After that
    /// <see cref="Verify"/> and <see cref="VerifyHash"/> allocate nothing (0 bytes measured). The fixed
    /// generator table (<see cref="P256GeneratorTable"/>) holds 512 bytes of limbs, also allocated once.
    /// Thread-safe: a lock serialises calls (a second caller waits for the first verification).</para>
    /// <para>Yield points (<see cref="WorkYield.Point"/>): around the inversion of s, every 32 doublings of
    /// u1 G + u2 Q and after it: at least 10 per verification.</para>
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

        /// <summary>Serialises use of <see cref="_workspace"/>.</summary>
        private static readonly object WorkspaceLock = new object();

        /// <summary>Working state of every verification, created on first use; guarded by <see cref="WorkspaceLock"/>.</summary>
        private static P256VerifyWorkspace _workspace;

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
        /// <remarks>Allocates nothing after the first call (see <see cref="EcdsaP256Verifier"/>).</remarks>
        public static bool Verify(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset, byte[] message, int messageOffset, int messageLength)
        {
            CheckBuffer(publicKey, nameof(publicKey), publicKeyOffset, PublicKeySize);
            CheckBuffer(signature, nameof(signature), signatureOffset, SignatureSize);
            CheckBuffer(message, nameof(message), messageOffset, messageLength);

            lock (WorkspaceLock)
            {
                P256VerifyWorkspace ws = SharedWorkspace();
                ws.Sha.Reset();
                ws.Sha.Update(message, messageOffset, messageLength);
                ws.Sha.Finish(ws.Digest, 0);
                return VerifyHashWith(ws, publicKey, publicKeyOffset, signature, signatureOffset, ws.Digest, 0);
            }
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
        /// <remarks>Allocates nothing after the first call (see <see cref="EcdsaP256Verifier"/>).</remarks>
        public static bool VerifyHash(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset, byte[] hash, int hashOffset)
        {
            CheckBuffer(publicKey, nameof(publicKey), publicKeyOffset, PublicKeySize);
            CheckBuffer(signature, nameof(signature), signatureOffset, SignatureSize);
            CheckBuffer(hash, nameof(hash), hashOffset, HashSize);

            lock (WorkspaceLock)
            {
                return VerifyHashWith(SharedWorkspace(), publicKey, publicKeyOffset, signature, signatureOffset, hash, hashOffset);
            }
        }

        /// <summary>The shared workspace, created on first use. Call only while holding <see cref="WorkspaceLock"/>.</summary>
        private static P256VerifyWorkspace SharedWorkspace()
        {
            if (_workspace == null)
            {
                _workspace = new P256VerifyWorkspace();
            }

            return _workspace;
        }

        /// <summary><see cref="VerifyHash"/> on checked arguments, working only in <paramref name="ws"/>.</summary>
        private static bool VerifyHashWith(P256VerifyWorkspace ws, byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset, byte[] hash, int hashOffset)
        {
            bool verified = false;
            if (publicKey[publicKeyOffset] != UncompressedPointTag)
            {
                return verified;
            }

            uint[] qx = ws.Qx, qy = ws.Qy;
            UInt256.FromBigEndian(publicKey, publicKeyOffset + 1, qx);
            UInt256.FromBigEndian(publicKey, publicKeyOffset + 1 + UInt256.Bytes, qy);
            if (!P256Field.IsCanonical(qx) || !P256Field.IsCanonical(qy))
            {
                return verified;
            }

            P256Curve curve = ws.Curve;
            if (!curve.IsOnCurve(qx, qy))
            {
                return verified;
            }

            uint[] r = ws.R, s = ws.S;
            UInt256.FromBigEndian(signature, signatureOffset, r);
            UInt256.FromBigEndian(signature, signatureOffset + UInt256.Bytes, s);
            if (!P256Scalar.IsInRange(r) || !P256Scalar.IsInRange(s))
            {
                return verified;
            }

            // e = digest as an integer mod n (SHA-256 is exactly as wide as n: no truncation).
            uint[] e = ws.E;
            UInt256.FromBigEndian(hash, hashOffset, e);
            P256Scalar.ReduceOnce(e);

            // w = s^-1, taken into Montgomery form (w R) so that the Montgomery products u1 = e * w and
            // u2 = r * w come out in plain form.
            P256Scalar scalar = ws.Scalar;
            uint[] w = ws.W, u1 = ws.U1, u2 = ws.U2;
            WorkYield.Point();
            scalar.Invert(w, s);
            WorkYield.Point();
            scalar.ToMontgomery(w, w);
            scalar.MontgomeryMultiply(u1, e, w);
            scalar.MontgomeryMultiply(u2, r, w);

            JacobianPoint point = ws.Point;
            ws.Multiplier.MultiplyAdd(point, u1, u2, qx, qy);
            WorkYield.Point();
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
