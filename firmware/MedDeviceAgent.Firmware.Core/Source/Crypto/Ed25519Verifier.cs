using System;
using MedDeviceAgent.Firmware.Core.Crypto.Ed25519;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Crypto
{
    /// <summary>
    /// Strict Ed25519 signature verification (pure EdDSA, RFC 8032 section 5.1.7), portable to
    /// nanoFramework, which has no signature API of its own.
    /// </summary>
    /// <remarks>
    /// <para>Acceptance rules, all checked before the verdict can become true:</para>
    /// <list type="bullet">
    /// <item>S (the last 32 bytes of the signature) must be below the group order L: no malleable S + nL.</item>
    /// <item>A must be the canonical encoding (y below p) of a point on the curve; x = 0 with the sign
    /// bit set is refused.</item>
    /// <item>A must not be one of the 8 points of small order ([8]A = O). Mixed-order keys (a small-order
    /// component added to a full-order point) are not tested for and are accepted when the equation holds.</item>
    /// <item>R is never decoded: the verifier computes P = [S]B - [k]A with k = SHA-512(R || A || M) mod L
    /// and compares the canonical 32-byte encoding of P with R byte for byte. Non-canonical R (y at or
    /// above p, or y = 1 with the sign bit set) and R not on the curve therefore never match.</item>
    /// <item>The equation is cofactorless ([S]B = R + [k]A exactly, not multiplied by 8). A point R of
    /// small order is refused even when the equation holds.</item>
    /// </list>
    /// <para>Under this policy every "valid" case of the Wycheproof Ed25519 suite verifies and every
    /// "invalid" one is refused (see the tests). A cofactored verifier would also accept signatures
    /// whose mixed-order A or R differ from the cofactorless result by a torsion point; an honest
    /// signer (A = [a]B, R = [r]B) never produces them, so both verifiers agree on its signatures.</para>
    /// <para>Time and RAM: variable time (all inputs are public). The first call allocates one workspace,
    /// kept for the life of the application and reused under a lock; later calls allocate nothing. The
    /// workspace holds 4458 bytes of array payloads in 58 objects (37 field elements, a table of 8
    /// odd multiples of -A, two 257-entry digit strings, a SHA-512 state; 6.1 KB measured on 64-bit
    /// .NET including object headers). The message is hashed in place, never copied. Static state:
    /// the base-point table, 960 ints (3840 bytes), built with three field constants by one type
    /// initialiser (about 900 field multiplications, once). Work per call: one point decompression,
    /// 253 doublings, about 32 additions of base-point multiples (width-7 windows) and 42 of key
    /// multiples (width-5 windows), one inversion: roughly 3000 field multiplications (each about
    /// 100 64-bit products) plus SHA-512 over 64 + message bytes.</para>
    /// <para>Thread safety: static and thread-safe; calls are serialised on the shared workspace (a
    /// second caller waits for the first verification to finish) and the static tables are read-only
    /// after type initialisation.</para>
    /// <para>Yield points (<see cref="WorkYield.Point"/>): after the key decompression, after the hash, every
    /// 32 doublings of the double-scalar multiplication and after the final inversion: at least 11 per
    /// verification, none more than about an eighth of it apart.</para>
    /// </remarks>
    public static class Ed25519Verifier
    {
        /// <summary>Public key length in bytes.</summary>
        public const int PublicKeySize = 32;

        /// <summary>Signature length in bytes.</summary>
        public const int SignatureSize = 64;

        /// <summary>
        /// Verifies the 64-byte <paramref name="signature"/> at <paramref name="signatureOffset"/> by the
        /// 32-byte <paramref name="publicKey"/> at <paramref name="publicKeyOffset"/> over
        /// <paramref name="messageLength"/> bytes of <paramref name="message"/>.
        /// </summary>
        /// <returns>True only when the signature is valid under the rules in the class remarks; false for any
        /// malformed, non-canonical or wrong key, signature or message.</returns>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A range lies outside its array.</exception>
        public static bool Verify(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset, byte[] message, int messageOffset, int messageLength)
        {
            Sha256.CheckRange(publicKey, publicKeyOffset, PublicKeySize);
            Sha256.CheckRange(signature, signatureOffset, SignatureSize);
            Sha256.CheckRange(message, messageOffset, messageLength);
            return VerifyChecked(publicKey, publicKeyOffset, signature, signatureOffset, message, messageOffset, messageLength);
        }

        /// <summary>
        /// Verifies a whole-array <paramref name="signature"/> by a whole-array <paramref name="publicKey"/>
        /// over the whole <paramref name="message"/>, as they come out of a container whose fields may have any length.
        /// </summary>
        /// <returns>False when the key is not exactly <see cref="PublicKeySize"/> bytes or the signature not
        /// exactly <see cref="SignatureSize"/> bytes; otherwise as the ranged overload.</returns>
        /// <exception cref="ArgumentNullException">An array is null.</exception>
        public static bool Verify(byte[] publicKey, byte[] signature, byte[] message)
        {
            Sha256.CheckRange(publicKey, 0, 0);
            Sha256.CheckRange(signature, 0, 0);
            Sha256.CheckRange(message, 0, 0);
            bool verdict = false;
            if (publicKey.Length == PublicKeySize && signature.Length == SignatureSize)
            {
                verdict = VerifyChecked(publicKey, 0, signature, 0, message, 0, message.Length);
            }

            return verdict;
        }

        private static readonly object WorkspaceGate = new object();
        private static Ed25519Workspace _workspace;

        private static bool VerifyChecked(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset, byte[] message, int messageOffset, int messageLength)
        {
            // One workspace for the life of the application, reused under a lock: a verification
            // allocates nothing after the first (the device verifies three signatures per package).
            lock (WorkspaceGate)
            {
                if (_workspace == null)
                {
                    _workspace = new Ed25519Workspace();
                }

                return VerifyWith(_workspace, publicKey, publicKeyOffset, signature, signatureOffset, message, messageOffset, messageLength);
            }
        }

        private static bool VerifyWith(Ed25519Workspace ws, byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset, byte[] message, int messageOffset, int messageLength)
        {
            bool verdict = false;
            int sOffset = signatureOffset + 32;

            // Cheap encoding checks first: R must be a canonical y (the comparison below would refuse it
            // anyway), S must be below L.
            if (!Field25519.IsCanonical(signature, signatureOffset) || !Scalar25519.IsCanonical(signature, sOffset))
            {
                return verdict;
            }

            ExtendedPoint negatedKey = ws.NegatedKey;
            if (!Edwards25519.Decode(negatedKey, publicKey, publicKeyOffset, ws) || Edwards25519.IsSmallOrder(negatedKey, ws))
            {
                return verdict;
            }

            Edwards25519.Negate(negatedKey);
            WorkYield.Point();

            // k = SHA-512(R || A || M) mod L, hashing the caller's buffers in place.
            Sha512 hash = ws.Hash;
            hash.Update(signature, signatureOffset, 32);
            hash.Update(publicKey, publicKeyOffset, PublicKeySize);
            hash.Update(message, messageOffset, messageLength);
            hash.Finish(ws.Digest, 0);
            Scalar25519.Reduce(ws.Digest, 0, ws.K, 0, ws.ReduceScratch);
            WorkYield.Point();

            // P = [S]B + [k](-A).
            Scalar25519.Recode(ws.DigitsS, signature, sOffset, BasePointTable.Window, ws.ScalarWords);
            Scalar25519.Recode(ws.DigitsK, ws.K, 0, Ed25519Workspace.PublicKeyWindow, ws.ScalarWords);
            Edwards25519.OddMultiples(ws.NegatedKeyTable, Ed25519Workspace.PublicKeyTableEntries, negatedKey, ws);
            Edwards25519.DoubleScalarMultiply(ws.Result, ws.DigitsS, ws.DigitsK, ws.NegatedKeyTable, ws);
            WorkYield.Point();
            Edwards25519.Encode(ws.Encoded, 0, ws.Result, ws);
            WorkYield.Point();

            if (ConstantTime.AreEqual(ws.Encoded, 0, signature, signatureOffset, 32) && !Edwards25519.IsSmallOrder(ws.Result, ws))
            {
                verdict = true;
            }

            return verdict;
        }
    }
}
