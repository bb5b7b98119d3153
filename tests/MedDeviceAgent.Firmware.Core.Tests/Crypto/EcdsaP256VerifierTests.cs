using System;
using System.Collections.Generic;
using System.Numerics;
using System.Security.Cryptography;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Crypto.P256;
using MedDeviceAgent.Firmware.Core.Tests.Support;
using Org.BouncyCastle.Security;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    public class EcdsaP256VerifierTests
    {
        private const string P1363File = "ecdsa_secp256r1_sha256_p1363_test.json";
        private const string DerFile = "ecdsa_secp256r1_sha256_test.json";

        private static readonly BigInteger P = BigInteger.Pow(2, 256) - BigInteger.Pow(2, 224) + BigInteger.Pow(2, 192) + BigInteger.Pow(2, 96) - 1;
        private static readonly BigInteger N = Hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
        private static readonly BigInteger B = Hex("5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B");

        // One fixed key and signature for the mutation tests (the key is made at test time).
        private static readonly BouncyCastleP256 Key = BouncyCastleP256.Generate(BouncyCastleP256.SeededRandom(1));
        private static readonly byte[] Hash = SHA256.HashData(new byte[] { 1, 2, 3 });
        private static readonly byte[] Signature = Key.SignHashRaw(Hash);

        [Fact]
        public void Verify_WycheproofP1363_EveryCaseMatchesExpectedResult()
        {
            IReadOnlyList<WycheproofCase> cases = WycheproofVectors.Load(P1363File);
            Assert.Equal(262, cases.Count);
            List<int> failing = new List<int>();
            int valid = 0;
            foreach (WycheproofCase c in cases)
            {
                // The API takes exactly 64 bytes: any other length is a rejection.
                bool verdict = c.Signature.Length == EcdsaP256Verifier.SignatureSize
                    && EcdsaP256Verifier.Verify(c.PublicKey, 0, c.Signature, 0, c.Message, 0, c.Message.Length);
                if (verdict != ExpectValid(c))
                {
                    failing.Add(c.TcId);
                }

                valid += verdict ? 1 : 0;
            }

            Assert.True(failing.Count == 0, "failing tcIds: " + string.Join(", ", failing));
            Assert.Equal(173, valid);
        }

        [Fact]
        public void Verify_WycheproofDer_EveryCaseMatchesExpectedResult()
        {
            IReadOnlyList<WycheproofCase> cases = WycheproofVectors.Load(DerFile);
            Assert.Equal(484, cases.Count);
            List<int> failing = new List<int>();
            int valid = 0;
            byte[] raw = new byte[EcdsaP256Verifier.SignatureSize];
            foreach (WycheproofCase c in cases)
            {
                // A strict-DER decode failure is a rejection.
                bool verdict = EcdsaDerSignature.TryDecode(c.Signature, 0, c.Signature.Length, raw, 0)
                    && EcdsaP256Verifier.Verify(c.PublicKey, 0, raw, 0, c.Message, 0, c.Message.Length);
                if (verdict != ExpectValid(c))
                {
                    failing.Add(c.TcId);
                }

                valid += verdict ? 1 : 0;
            }

            Assert.True(failing.Count == 0, "failing tcIds: " + string.Join(", ", failing));
            Assert.Equal(174, valid);
        }

        [Fact]
        public void Verify_BouncyCastleRawSignatures_Verify()
        {
            SecureRandom random = BouncyCastleP256.SeededRandom(2);
            List<string> failing = new List<string>();
            for (int i = 0; i < 12; i++)
            {
                BouncyCastleP256 key = BouncyCastleP256.Generate(random);
                byte[] message = new byte[i * 37];
                random.NextBytes(message);
                byte[] signature = key.SignHashRaw(SHA256.HashData(message));
                if (!EcdsaP256Verifier.Verify(key.PublicKey, 0, signature, 0, message, 0, message.Length))
                {
                    failing.Add(Convert.ToHexString(key.PublicKey) + "/" + Convert.ToHexString(signature));
                }
            }

            Assert.True(failing.Count == 0, "not verified: " + string.Join(", ", failing));
        }

        [Fact]
        public void Verify_BouncyCastleDerSignaturesDecoded_Verify()
        {
            SecureRandom random = BouncyCastleP256.SeededRandom(3);
            byte[] raw = new byte[EcdsaP256Verifier.SignatureSize];
            List<string> failing = new List<string>();
            for (int i = 0; i < 12; i++)
            {
                BouncyCastleP256 key = BouncyCastleP256.Generate(random);
                byte[] message = new byte[1 + (i * 53)];
                random.NextBytes(message);
                byte[] der = key.SignMessageDer(message, random);
                if (!EcdsaDerSignature.TryDecode(der, 0, der.Length, raw, 0)
                    || !EcdsaP256Verifier.Verify(key.PublicKey, 0, raw, 0, message, 0, message.Length))
                {
                    failing.Add(Convert.ToHexString(key.PublicKey) + "/" + Convert.ToHexString(der));
                }
            }

            Assert.True(failing.Count == 0, "not verified: " + string.Join(", ", failing));
        }

        [Fact]
        public void VerifyHash_UnmodifiedSignature_Verifies()
        {
            Assert.True(EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, Signature, 0, Hash, 0));
        }

        [Fact]
        public void Verify_RangesAtNonZeroOffsets_Verifies()
        {
            byte[] message = { 9, 8, 7, 6, 5 };
            byte[] signature = Key.SignHashRaw(SHA256.HashData(message));
            byte[] keyBuffer = Embed(Key.PublicKey, 3, 5);
            byte[] signatureBuffer = Embed(signature, 7, 1);
            byte[] messageBuffer = Embed(message, 11, 2);

            Assert.True(EcdsaP256Verifier.Verify(keyBuffer, 3, signatureBuffer, 7, messageBuffer, 11, message.Length));
            Assert.False(EcdsaP256Verifier.Verify(keyBuffer, 3, signatureBuffer, 7, messageBuffer, 11, message.Length - 1));
            Assert.True(EcdsaP256Verifier.VerifyHash(keyBuffer, 3, signatureBuffer, 7, Embed(SHA256.HashData(message), 4, 4), 4));
        }

        [Fact]
        public void VerifyHash_AnySingleBitFlipInHash_Rejects()
        {
            Assert.Empty(FlipEachBit(Hash, 0, 32, h => EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, Signature, 0, h, 0)));
        }

        [Fact]
        public void VerifyHash_AnySingleBitFlipInR_Rejects()
        {
            Assert.Empty(FlipEachBit(Signature, 0, 32, s => EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, s, 0, Hash, 0)));
        }

        [Fact]
        public void VerifyHash_AnySingleBitFlipInS_Rejects()
        {
            Assert.Empty(FlipEachBit(Signature, 32, 32, s => EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, s, 0, Hash, 0)));
        }

        [Fact]
        public void VerifyHash_AnySingleBitFlipInPublicKey_Rejects()
        {
            Assert.Empty(FlipEachBit(Key.PublicKey, 0, 65, k => EcdsaP256Verifier.VerifyHash(k, 0, Signature, 0, Hash, 0)));
        }

        [Fact]
        public void VerifyHash_SReplacedByNMinusS_Verifies()
        {
            // ECDSA is malleable: (r, n - s) verifies too. Callers needing a unique signature must not rely on the bytes.
            byte[] malleated = WithScalar(Signature, 32, N - Scalar(Signature, 32));
            Assert.True(EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, malleated, 0, Hash, 0));
        }

        [Theory]
        [InlineData(0, "0")]
        [InlineData(0, "n")]
        [InlineData(0, "n+1")]
        [InlineData(0, "max")]
        [InlineData(32, "0")]
        [InlineData(32, "n")]
        [InlineData(32, "n+1")]
        [InlineData(32, "max")]
        public void VerifyHash_ScalarZeroOrNotBelowN_Rejects(int offset, string value)
        {
            // (r + n and s + n fit 32 bytes only for values below 2^256 - n: Wycheproof has crafted cases.)
            BigInteger replacement = value switch
            {
                "0" => BigInteger.Zero,
                "n" => N,
                "n+1" => N + 1,
                _ => BigInteger.Pow(2, 256) - 1,
            };
            Assert.True(EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, Signature, 0, Hash, 0));
            Assert.False(EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, WithScalar(Signature, offset, replacement), 0, Hash, 0));
        }

        [Theory]
        [InlineData(0x00)]
        [InlineData(0x02)]
        [InlineData(0x03)]
        [InlineData(0x05)]
        [InlineData(0x06)]
        [InlineData(0x07)]
        public void VerifyHash_KeyNotUncompressedTag_Rejects(byte tag)
        {
            byte[] key = (byte[])Key.PublicKey.Clone();
            key[0] = tag;
            Assert.False(EcdsaP256Verifier.VerifyHash(key, 0, Signature, 0, Hash, 0));
        }

        [Fact]
        public void VerifyHash_KeyAllZeroCoordinates_Rejects()
        {
            byte[] key = new byte[65];
            key[0] = 0x04;
            Assert.False(EcdsaP256Verifier.VerifyHash(key, 0, Signature, 0, Hash, 0));
        }

        [Fact]
        public void VerifyHash_KeyWithXZero_VerifiesButXEncodedAsP_Rejects()
        {
            // (0, sqrt(b)) is on the curve; x = p encodes the same point non-canonically and must be refused.
            BigInteger y = BigInteger.ModPow(B, (P + 1) / 4, P);
            Assert.Equal(B, BigInteger.ModPow(y, 2, P));
            byte[] canonical = Point(BigInteger.Zero, y);
            (byte[] hash, byte[] signature) = ForgeWithChosenHash(canonical, 5);

            Assert.True(EcdsaP256Verifier.VerifyHash(canonical, 0, signature, 0, hash, 0));
            Assert.False(EcdsaP256Verifier.VerifyHash(Point(P, y), 0, signature, 0, hash, 0));
        }

        [Fact]
        public void VerifyHash_ForgedTripleForBouncyCastleKey_VerifiesOnlyWithItsHash()
        {
            // Sanity check of the forging helper the test above relies on.
            (byte[] hash, byte[] signature) = ForgeWithChosenHash(Key.PublicKey, 6);
            Assert.True(EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, signature, 0, hash, 0));
            Assert.False(EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, signature, 0, Hash, 0));
        }

        [Fact]
        public void VerifyHash_KeyOffCurveWithMatchingForgery_Rejects()
        {
            // Jacobian formulas never use b, so an off-curve key yields a consistent "group" an attacker can
            // forge in (invalid-curve attack). Only the curve-equation check stops it.
            BigInteger gx = P256ArithmeticTests.Value(P256GeneratorTable.X[0]);
            BigInteger gy = P256ArithmeticTests.Value(P256GeneratorTable.Y[0]);
            (byte[] hash, byte[] signature) = ForgeWithOwnArithmetic(gx, gy + 1);
            Assert.False(EcdsaP256Verifier.VerifyHash(Point(gx, gy + 1), 0, signature, 0, hash, 0));

            // The same construction on the curve (Q = G) does verify, so the rejection above is the check's doing.
            (hash, signature) = ForgeWithOwnArithmetic(gx, gy);
            Assert.True(EcdsaP256Verifier.VerifyHash(Point(gx, gy), 0, signature, 0, hash, 0));
        }

        [Fact]
        public void VerifyHash_HashValueAtLeastN_IsReducedModN()
        {
            // Sign the digest whose value is 5, then present 5 + n (also a 32-byte value): e is taken mod n.
            byte[] small = WithScalar(new byte[32], 0, 5);
            byte[] signature = Key.SignHashRaw(small);
            byte[] plusN = WithScalar(new byte[32], 0, N + 5);

            Assert.True(EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, signature, 0, small, 0));
            Assert.True(EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, signature, 0, plusN, 0));
            Assert.False(EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, signature, 0, WithScalar(new byte[32], 0, N + 6), 0));
        }

        [Fact]
        public void VerifyHash_KeyOfAnotherPair_Rejects()
        {
            BouncyCastleP256 other = BouncyCastleP256.Generate(BouncyCastleP256.SeededRandom(4));
            Assert.False(EcdsaP256Verifier.VerifyHash(other.PublicKey, 0, Signature, 0, Hash, 0));
        }

        [Fact]
        public void Verify_NullArguments_ThrowArgumentNullException()
        {
            byte[] message = new byte[4];
            Assert.Throws<ArgumentNullException>(() => EcdsaP256Verifier.Verify(null!, 0, Signature, 0, message, 0, 4));
            Assert.Throws<ArgumentNullException>(() => EcdsaP256Verifier.Verify(Key.PublicKey, 0, null!, 0, message, 0, 4));
            Assert.Throws<ArgumentNullException>(() => EcdsaP256Verifier.Verify(Key.PublicKey, 0, Signature, 0, null!, 0, 0));
            Assert.Throws<ArgumentNullException>(() => EcdsaP256Verifier.VerifyHash(null!, 0, Signature, 0, Hash, 0));
            Assert.Throws<ArgumentNullException>(() => EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, null!, 0, Hash, 0));
            Assert.Throws<ArgumentNullException>(() => EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, Signature, 0, null!, 0));
        }

        [Theory]
        [InlineData(-1, 0, 0, 4)]
        [InlineData(1, 0, 0, 4)]
        [InlineData(0, -1, 0, 4)]
        [InlineData(0, 1, 0, 4)]
        [InlineData(0, 0, -1, 4)]
        [InlineData(0, 0, 1, 4)]
        [InlineData(0, 0, 0, 5)]
        [InlineData(0, 0, 0, -1)]
        [InlineData(int.MaxValue, 0, 0, 4)]
        [InlineData(0, 0, int.MaxValue, 4)]
        public void Verify_RangeOutsideBuffer_ThrowsArgumentOutOfRangeException(int keyOffset, int signatureOffset, int messageOffset, int messageLength)
        {
            byte[] message = new byte[4];
            Assert.Throws<ArgumentOutOfRangeException>(() => EcdsaP256Verifier.Verify(Key.PublicKey, keyOffset, Signature, signatureOffset, message, messageOffset, messageLength));
        }

        [Theory]
        [InlineData(-1, 0, 0)]
        [InlineData(1, 0, 0)]
        [InlineData(0, 1, 0)]
        [InlineData(0, -1, 0)]
        [InlineData(0, 0, 1)]
        [InlineData(0, 0, -1)]
        public void VerifyHash_RangeOutsideBuffer_ThrowsArgumentOutOfRangeException(int keyOffset, int signatureOffset, int hashOffset)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => EcdsaP256Verifier.VerifyHash(Key.PublicKey, keyOffset, Signature, signatureOffset, Hash, hashOffset));
        }

        [Fact]
        public void VerifyHash_ShortBuffers_ThrowArgumentOutOfRangeException()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => EcdsaP256Verifier.VerifyHash(new byte[64], 0, Signature, 0, Hash, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, new byte[63], 0, Hash, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, Signature, 0, new byte[31], 0));
        }

        [Fact]
        public void VerifyHash_WarmedUp_AllocatesNothing()
        {
            // The rejected signature fails only at the final x comparison (the longest path).
            byte[] badSignature = (byte[])Signature.Clone();
            badSignature[63] ^= 1;
            long allocated = AllocatedByWarmCalls(
                () => EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, Signature, 0, Hash, 0),
                () => EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, badSignature, 0, Hash, 0));

            Assert.True(allocated == 0, "allocated " + allocated + " bytes");
        }

        [Fact]
        public void Verify_WarmedUp_AllocatesNothing()
        {
            byte[] message = { 1, 2, 3 };
            long allocated = AllocatedByWarmCalls(
                () => EcdsaP256Verifier.Verify(Key.PublicKey, 0, Signature, 0, message, 0, message.Length),
                () => EcdsaP256Verifier.Verify(Key.PublicKey, 0, Signature, 0, message, 0, message.Length - 1));

            Assert.True(allocated == 0, "allocated " + allocated + " bytes");
        }

        [Fact]
        public void Verify_ConcurrentCallers_EachGetsItsOwnVerdict()
        {
            // Callers share one workspace: without the lock, interleaved calls would corrupt each other.
            byte[] messageA = { 1, 2, 3 };
            byte[] messageB = { 4, 5, 6, 7 };
            BouncyCastleP256 otherKey = BouncyCastleP256.Generate(BouncyCastleP256.SeededRandom(3));
            byte[] signatureB = otherKey.SignHashRaw(SHA256.HashData(messageB));
            int wrong = 0;
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.Length; t++)
            {
                bool useA = t % 2 == 0;
                threads[t] = new Thread(() =>
                {
                    for (int i = 0; i < 25; i++)
                    {
                        bool good = useA
                            ? EcdsaP256Verifier.Verify(Key.PublicKey, 0, Signature, 0, messageA, 0, messageA.Length)
                            : EcdsaP256Verifier.Verify(otherKey.PublicKey, 0, signatureB, 0, messageB, 0, messageB.Length);
                        bool bad = useA
                            ? EcdsaP256Verifier.VerifyHash(Key.PublicKey, 0, signatureB, 0, Hash, 0)
                            : EcdsaP256Verifier.Verify(otherKey.PublicKey, 0, signatureB, 0, messageA, 0, messageA.Length);
                        if (!good || bad)
                        {
                            Interlocked.Increment(ref wrong);
                        }
                    }
                });
            }

            foreach (Thread thread in threads)
            {
                thread.Start();
            }

            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            Assert.Equal(0, wrong);
        }

        /// <summary>Bytes allocated on this thread by one accepting and one rejecting call, made after a warm-up call.</summary>
        private static long AllocatedByWarmCalls(Func<bool> accepting, Func<bool> rejecting)
        {
            Assert.True(accepting());
            long before = GC.GetAllocatedBytesForCurrentThread();
            bool accepted = accepting();
            bool rejected = !rejecting();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(accepted);
            Assert.True(rejected);
            return allocated;
        }

        private static bool ExpectValid(WycheproofCase c)
        {
            // The two files hold no "acceptable" case; fail loudly if a new version adds one.
            Assert.NotEqual("acceptable", c.Result);
            return c.Result == "valid";
        }

        /// <summary>Bit indices (within the range) whose flip still verifies.</summary>
        private static List<int> FlipEachBit(byte[] data, int offset, int count, Func<byte[], bool> verify)
        {
            List<int> accepted = new List<int>();
            for (int bit = 0; bit < count * 8; bit++)
            {
                byte[] copy = (byte[])data.Clone();
                copy[offset + (bit / 8)] ^= (byte)(1 << (bit % 8));
                if (verify(copy))
                {
                    accepted.Add(bit);
                }
            }

            return accepted;
        }

        private static byte[] Embed(byte[] data, int before, int after)
        {
            byte[] buffer = new byte[before + data.Length + after];
            Array.Fill(buffer, (byte)0xA5);
            data.CopyTo(buffer, before);
            return buffer;
        }

        /// <summary>
        /// Any key admits a (hash, signature) pair made without its private key when the hash is chosen:
        /// R = aG + bQ, r = x(R), s = r / b, e = a * s gives u1 = a, u2 = b. Verifiers that take a digest
        /// are exposed to this by design; it lets the tests exercise keys nobody holds the private key of.
        /// </summary>
        private static (byte[] Hash, byte[] Signature) ForgeWithChosenHash(byte[] publicKey, int seed)
        {
            SecureRandom random = BouncyCastleP256.SeededRandom(seed);
            Org.BouncyCastle.Math.EC.ECPoint q = BouncyCastleP256.Domain.Curve.DecodePoint(publicKey);
            Org.BouncyCastle.Math.BigInteger n = BouncyCastleP256.Domain.N;
            Org.BouncyCastle.Math.BigInteger a = new Org.BouncyCastle.Math.BigInteger(255, random).Add(Org.BouncyCastle.Math.BigInteger.One);
            Org.BouncyCastle.Math.BigInteger b = new Org.BouncyCastle.Math.BigInteger(255, random).Add(Org.BouncyCastle.Math.BigInteger.One);
            Org.BouncyCastle.Math.EC.ECPoint point = BouncyCastleP256.Domain.G.Multiply(a).Add(q.Multiply(b)).Normalize();
            Org.BouncyCastle.Math.BigInteger r = point.AffineXCoord.ToBigInteger().Mod(n);
            Org.BouncyCastle.Math.BigInteger s = r.Multiply(b.ModInverse(n)).Mod(n);
            Org.BouncyCastle.Math.BigInteger e = a.Multiply(s).Mod(n);
            return (Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, e), BouncyCastleP256.ToRaw(r, s));
        }

        /// <summary>The chosen-hash forgery of <see cref="ForgeWithChosenHash"/>, with R = aG + bQ from the verifier's own multiplier (valid for off-curve Q too).</summary>
        private static (byte[] Hash, byte[] Signature) ForgeWithOwnArithmetic(BigInteger qx, BigInteger qy)
        {
            BigInteger a = Hex("1F2E3D4C5B6A79881F2E3D4C5B6A79881F2E3D4C5B6A79881F2E3D4C5B6A7988");
            BigInteger b = Hex("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF");
            JacobianPoint point = new JacobianPoint();
            new P256ShamirMultiplier(new P256Curve()).MultiplyAdd(point, P256ArithmeticTests.Limbs(a), P256ArithmeticTests.Limbs(b), P256ArithmeticTests.Limbs(qx), P256ArithmeticTests.Limbs(qy));
            BigInteger zInverse = BigInteger.ModPow(P256ArithmeticTests.Value(point.Z), P - 2, P);
            BigInteger r = P256ArithmeticTests.Value(point.X) * zInverse * zInverse % P % N;
            BigInteger s = r * BigInteger.ModPow(b, N - 2, N) % N;
            BigInteger e = a * s % N;
            byte[] raw = WithScalar(WithScalar(new byte[64], 0, r), 32, s);
            return (WithScalar(new byte[32], 0, e), raw);
        }

        private static BigInteger Hex(string hex)
        {
            return new BigInteger(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);
        }

        private static BigInteger Scalar(byte[] raw, int offset)
        {
            return new BigInteger(raw.AsSpan(offset, 32), isUnsigned: true, isBigEndian: true);
        }

        private static byte[] WithScalar(byte[] raw, int offset, BigInteger value)
        {
            byte[] copy = (byte[])raw.Clone();
            Array.Clear(copy, offset, 32);
            byte[] bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
            if (!value.IsZero)
            {
                bytes.CopyTo(copy, offset + 32 - bytes.Length);
            }

            return copy;
        }

        private static byte[] Point(BigInteger x, BigInteger y)
        {
            byte[] key = new byte[65];
            key[0] = 0x04;
            byte[] xb = x.ToByteArray(isUnsigned: true, isBigEndian: true);
            byte[] yb = y.ToByteArray(isUnsigned: true, isBigEndian: true);
            if (!x.IsZero)
            {
                xb.CopyTo(key, 33 - xb.Length);
            }

            if (!y.IsZero)
            {
                yb.CopyTo(key, 65 - yb.Length);
            }

            return key;
        }
    }
}
