using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Tests.Crypto.Ed25519;
using MedDeviceAgent.Firmware.Core.Tests.Support;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    public class Ed25519VerifierTests
    {
        private static readonly IReadOnlyList<WycheproofCase> Cases = WycheproofVectors.Load("ed25519_test.json");

        public static TheoryData<int> WycheproofIds()
        {
            TheoryData<int> data = new TheoryData<int>();
            foreach (WycheproofCase c in Cases)
            {
                data.Add(c.TcId);
            }

            return data;
        }

        [Fact]
        public void WycheproofFile_Loaded_HasAllCasesWithKnownResults()
        {
            Assert.Equal(151, Cases.Count);
            Assert.Equal(88, Cases.Count(c => c.Result == "valid"));
            Assert.Equal(63, Cases.Count(c => c.Result == "invalid"));
        }

        [Theory]
        [MemberData(nameof(WycheproofIds))]
        public void Verify_WycheproofCase_MatchesExpectedResult(int tcId)
        {
            WycheproofCase c = Cases.Single(x => x.TcId == tcId);
            bool expected = c.Result == "valid";

            // The whole-array form sees every case, including signatures of the wrong length.
            Assert.Equal(expected, Ed25519Verifier.Verify(c.PublicKey, c.Signature, c.Message));
            if (c.Signature.Length == Ed25519Verifier.SignatureSize)
            {
                Assert.Equal(expected, Ed25519Verifier.Verify(c.PublicKey, 0, c.Signature, 0, c.Message, 0, c.Message.Length));
            }
            else if (c.Signature.Length < Ed25519Verifier.SignatureSize)
            {
                // The ranged form has no room for a short signature: that is a caller error.
                Assert.Throws<ArgumentOutOfRangeException>(() => Ed25519Verifier.Verify(c.PublicKey, 0, c.Signature, 0, c.Message, 0, c.Message.Length));
            }
        }

        [Theory]
        [InlineData( // RFC 8032 section 7.1, TEST 1
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
        [InlineData( // TEST 2
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
        [InlineData( // TEST 3
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
        public void Verify_Rfc8032KnownAnswer_ReturnsTrueAndFalseForOtherMessage(string publicKeyHex, string messageHex, string signatureHex)
        {
            byte[] publicKey = Convert.FromHexString(publicKeyHex);
            byte[] message = Convert.FromHexString(messageHex);
            byte[] signature = Convert.FromHexString(signatureHex);
            Assert.True(Ed25519Verifier.Verify(publicKey, 0, signature, 0, message, 0, message.Length));
            byte[] other = message.Concat(new byte[] { 0 }).ToArray();
            Assert.False(Ed25519Verifier.Verify(publicKey, 0, signature, 0, other, 0, other.Length));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(63)]
        [InlineData(64)]
        [InlineData(111)]
        [InlineData(112)]
        [InlineData(1000)]
        [InlineData(4099)]
        public void Verify_BouncyCastleSignatureAtOffsets_ReturnsTrue(int messageLength)
        {
            SecureRandom random = new SecureRandom();
            for (int n = 0; n < 4; n++)
            {
                Signed s = Signed.Create(random, messageLength);
                byte[] key = Embed(s.PublicKey, 3);
                byte[] sig = Embed(s.Signature, 5);
                byte[] msg = Embed(s.Message, 7);
                Assert.True(Ed25519Verifier.Verify(key, 3, sig, 5, msg, 7, messageLength));
                Assert.True(Ed25519Verifier.Verify(s.PublicKey, s.Signature, s.Message));
            }
        }

        [Fact]
        public void Verify_SingleBitFlippedAnywhereInSignature_ReturnsFalse()
        {
            Signed s = Signed.Create(new SecureRandom(), 200);
            for (int bit = 0; bit < 8 * Ed25519Verifier.SignatureSize; bit++)
            {
                byte[] sig = Flip(s.Signature, bit);
                Assert.False(Ed25519Verifier.Verify(s.PublicKey, 0, sig, 0, s.Message, 0, s.Message.Length), "signature bit " + bit);
            }
        }

        [Fact]
        public void Verify_SingleBitFlippedAnywhereInPublicKey_ReturnsFalse()
        {
            Signed s = Signed.Create(new SecureRandom(), 200);
            for (int bit = 0; bit < 8 * Ed25519Verifier.PublicKeySize; bit++)
            {
                byte[] key = Flip(s.PublicKey, bit);
                Assert.False(Ed25519Verifier.Verify(key, 0, s.Signature, 0, s.Message, 0, s.Message.Length), "key bit " + bit);
            }
        }

        [Fact]
        public void Verify_SingleBitFlippedInMessageAtSampledPositions_ReturnsFalse()
        {
            Signed s = Signed.Create(new SecureRandom(), 300);
            List<int> bits = new List<int> { 0, 1, 7, 8, 1199, 1200, (8 * 300) - 1 };
            Random random = new Random(300);
            for (int i = 0; i < 40; i++)
            {
                bits.Add(random.Next(8 * 300));
            }

            foreach (int bit in bits)
            {
                byte[] msg = Flip(s.Message, bit);
                Assert.False(Ed25519Verifier.Verify(s.PublicKey, 0, s.Signature, 0, msg, 0, msg.Length), "message bit " + bit);
            }
        }

        [Fact]
        public void Verify_MessageShortenedOrExtended_ReturnsFalse()
        {
            Signed s = Signed.Create(new SecureRandom(), 100);
            Assert.False(Ed25519Verifier.Verify(s.PublicKey, 0, s.Signature, 0, s.Message, 0, 99));
            Assert.False(Ed25519Verifier.Verify(s.PublicKey, 0, s.Signature, 0, s.Message, 1, 99));
            byte[] longer = s.Message.Concat(new byte[] { 0 }).ToArray();
            Assert.False(Ed25519Verifier.Verify(s.PublicKey, 0, s.Signature, 0, longer, 0, longer.Length));
        }

        [Fact]
        public void Verify_SignatureByAnotherKey_ReturnsFalse()
        {
            SecureRandom random = new SecureRandom();
            Signed s = Signed.Create(random, 50);
            Signed other = Signed.Create(random, 50);
            Assert.False(Ed25519Verifier.Verify(other.PublicKey, 0, s.Signature, 0, s.Message, 0, s.Message.Length));
        }

        [Fact]
        public void Verify_SPlusMultipleOfL_ReturnsFalse()
        {
            Signed s = Signed.Create(new SecureRandom(), 32);
            BigInteger sValue = Ed25519Reference.FromLittleEndian(s.Signature, 32, 32);
            for (int m = 1; m <= 8; m++)
            {
                byte[] sig = (byte[])s.Signature.Clone();
                Ed25519Reference.ToLittleEndian(sValue + (m * Ed25519Reference.L), 32).CopyTo(sig, 32);
                Assert.False(Ed25519Verifier.Verify(s.PublicKey, 0, sig, 0, s.Message, 0, s.Message.Length), "S + " + m + "L");
            }
        }

        [Fact]
        public void Verify_SmallOrderPublicKeyWithMatchingSignature_ReturnsFalse()
        {
            // With A of small order, R = [s]B + T and S = s satisfy the cofactorless equation
            // [S]B = R + [k]A whenever [k]A = -T, which a forger finds by trying messages; R itself is
            // of large order, so only the small-order rule on A refuses these.
            RefPoint t8 = Ed25519Reference.TorsionGenerator();
            BigInteger s = RandomScalar(new Random(2));
            RefPoint sB = Ed25519Reference.Multiply(s, Ed25519Reference.Base);
            int forged = 0;
            for (int i = 0; i < 8; i++)
            {
                RefPoint a = Ed25519Reference.Multiply(i, t8);
                byte[] aBytes = Ed25519Reference.Encode(a);
                for (int attempt = 0; attempt < 64; attempt++)
                {
                    byte[] message = BitConverter.GetBytes(attempt);
                    RefPoint t = Ed25519Reference.Multiply(attempt % 8, t8);
                    byte[] rBytes = Ed25519Reference.Encode(Ed25519Reference.Add(sB, t));
                    BigInteger k = Ed25519Reference.Challenge(rBytes, aBytes, message);
                    if (!Ed25519Reference.Add(t, Ed25519Reference.Multiply(k, a)).IsIdentity)
                    {
                        continue;
                    }

                    forged++;
                    byte[] sig = Ed25519Reference.Signature(rBytes, s);
                    Assert.False(Ed25519Verifier.Verify(aBytes, 0, sig, 0, message, 0, message.Length), "small-order A " + Convert.ToHexString(aBytes));
                    break;
                }
            }

            Assert.Equal(8, forged);
        }

        [Fact]
        public void Verify_SmallOrderROfHonestKey_ReturnsFalse()
        {
            // R = O and S = k a mod L satisfy [S]B = R + [k]A; no honest signer yields R of small order.
            BigInteger a = RandomScalar(new Random(3));
            byte[] aBytes = Ed25519Reference.Encode(Ed25519Reference.Multiply(a, Ed25519Reference.Base));
            byte[] message = { 1, 2, 3 };
            byte[] rBytes = Ed25519Reference.Encode(Ed25519Reference.Identity);
            BigInteger k = Ed25519Reference.Challenge(rBytes, aBytes, message);
            byte[] sig = Ed25519Reference.Signature(rBytes, k * a % Ed25519Reference.L);
            RefPoint sB = Ed25519Reference.Multiply(Ed25519Reference.FromLittleEndian(sig, 32, 32), Ed25519Reference.Base);
            RefPoint kA = Ed25519Reference.Multiply(k, Ed25519Reference.Decode(aBytes)!);
            Assert.Equal(Ed25519Reference.Encode(sB), Ed25519Reference.Encode(kA)); // [S]B = O + [k]A
            Assert.False(Ed25519Verifier.Verify(aBytes, 0, sig, 0, message, 0, message.Length));
        }

        [Fact]
        public void Verify_NonCanonicalEncodingOfR_ReturnsFalse()
        {
            // R = p + 1 is a second encoding of the neutral element (y = 1); with S = k a the decoded
            // equation holds, so only the canonical-encoding rule refuses it.
            BigInteger a = RandomScalar(new Random(4));
            byte[] aBytes = Ed25519Reference.Encode(Ed25519Reference.Multiply(a, Ed25519Reference.Base));
            byte[] message = { 9 };
            byte[] rBytes = Ed25519Reference.ToLittleEndian(Ed25519Reference.P + 1, 32);
            BigInteger k = Ed25519Reference.Challenge(rBytes, aBytes, message);
            byte[] sig = Ed25519Reference.Signature(rBytes, k * a % Ed25519Reference.L);
            Assert.False(Ed25519Verifier.Verify(aBytes, 0, sig, 0, message, 0, message.Length));
        }

        [Fact]
        public void Verify_MixedOrderPublicKey_AcceptedExactlyWhenCofactorlessEquationHolds()
        {
            // A' = [a]B + T with T of order 8. A signature made with a gives [S]B - [k]A' = R - [k]T,
            // which equals R exactly when 8 divides k: the cofactorless rule accepts those and refuses
            // the rest (a cofactored verifier would accept all).
            BigInteger a = RandomScalar(new Random(5));
            RefPoint t8 = Ed25519Reference.TorsionGenerator();
            byte[] aBytes = Ed25519Reference.Encode(Ed25519Reference.Add(Ed25519Reference.Multiply(a, Ed25519Reference.Base), t8));
            BigInteger r = RandomScalar(new Random(6));
            byte[] rBytes = Ed25519Reference.Encode(Ed25519Reference.Multiply(r, Ed25519Reference.Base));
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < 200 && (accepted < 2 || refused < 2); i++)
            {
                byte[] message = BitConverter.GetBytes(i);
                BigInteger k = Ed25519Reference.Challenge(rBytes, aBytes, message);
                byte[] sig = Ed25519Reference.Signature(rBytes, (r + (k * a)) % Ed25519Reference.L);
                bool expected = k % 8 == 0;
                Assert.Equal(expected, Ed25519Verifier.Verify(aBytes, 0, sig, 0, message, 0, message.Length));
                accepted += expected ? 1 : 0;
                refused += expected ? 0 : 1;
            }

            Assert.True(accepted >= 2 && refused >= 2, "both outcomes must be exercised");
        }

        [Fact]
        public void Verify_ConcurrentCallers_EachGetsItsOwnVerdict()
        {
            SecureRandom random = new SecureRandom();
            Signed[] signed = Enumerable.Range(0, 8).Select(_ => Signed.Create(random, 64)).ToArray();
            bool[] good = new bool[64];
            bool[] bad = new bool[64];
            System.Threading.Tasks.Parallel.For(0, 64, i =>
            {
                Signed s = signed[i % signed.Length];
                good[i] = Ed25519Verifier.Verify(s.PublicKey, 0, s.Signature, 0, s.Message, 0, s.Message.Length);
                byte[] tampered = Flip(s.Message, i);
                bad[i] = Ed25519Verifier.Verify(s.PublicKey, 0, s.Signature, 0, tampered, 0, tampered.Length);
            });
            Assert.All(good, Assert.True);
            Assert.All(bad, Assert.False);
        }

        [Fact]
        public void Verify_NullArrays_ThrowArgumentNullException()
        {
            byte[] key = new byte[32];
            byte[] sig = new byte[64];
            byte[] msg = new byte[1];
            Assert.Throws<ArgumentNullException>(() => Ed25519Verifier.Verify(null!, 0, sig, 0, msg, 0, 1));
            Assert.Throws<ArgumentNullException>(() => Ed25519Verifier.Verify(key, 0, null!, 0, msg, 0, 1));
            Assert.Throws<ArgumentNullException>(() => Ed25519Verifier.Verify(key, 0, sig, 0, null!, 0, 0));
            Assert.Throws<ArgumentNullException>(() => Ed25519Verifier.Verify(null!, sig, msg));
            Assert.Throws<ArgumentNullException>(() => Ed25519Verifier.Verify(key, null!, msg));
            Assert.Throws<ArgumentNullException>(() => Ed25519Verifier.Verify(key, sig, null!));
        }

        [Theory]
        [InlineData(32, 1, 64, 0, 10, 0, 10)]   // key range past the end
        [InlineData(31, 0, 64, 0, 10, 0, 10)]   // key too short
        [InlineData(32, -1, 64, 0, 10, 0, 10)]  // negative key offset
        [InlineData(32, 0, 64, 1, 10, 0, 10)]   // signature range past the end
        [InlineData(32, 0, 63, 0, 10, 0, 10)]   // signature too short
        [InlineData(32, 0, 64, -1, 10, 0, 10)]  // negative signature offset
        [InlineData(32, 0, 64, 0, 10, 1, 10)]   // message range past the end
        [InlineData(32, 0, 64, 0, 10, -1, 5)]   // negative message offset
        [InlineData(32, 0, 64, 0, 10, 0, -1)]   // negative message length
        [InlineData(32, 0, 64, 0, 10, 11, 0)]   // message offset past the end
        public void Verify_RangeOutsideArray_ThrowsArgumentOutOfRangeException(int keyLength, int keyOffset, int sigLength, int sigOffset, int msgLength, int msgOffset, int msgCount)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => Ed25519Verifier.Verify(new byte[keyLength], keyOffset, new byte[sigLength], sigOffset, new byte[msgLength], msgOffset, msgCount));
        }

        [Fact]
        public void Verify_WholeArraysOfWrongLength_ReturnsFalse()
        {
            Signed s = Signed.Create(new SecureRandom(), 20);
            Assert.True(Ed25519Verifier.Verify(s.PublicKey, s.Signature, s.Message));
            Assert.False(Ed25519Verifier.Verify(s.PublicKey, s.Signature.Concat(new byte[] { 0 }).ToArray(), s.Message));
            Assert.False(Ed25519Verifier.Verify(s.PublicKey, s.Signature[..63], s.Message));
            Assert.False(Ed25519Verifier.Verify(s.PublicKey.Concat(new byte[] { 0 }).ToArray(), s.Signature, s.Message));
            Assert.False(Ed25519Verifier.Verify(Array.Empty<byte>(), Array.Empty<byte>(), s.Message));
        }

        [Fact]
        public void Verify_AllZeroOrAllOnesInputs_ReturnsFalseWithoutThrowing()
        {
            byte[] zeros = new byte[64];
            byte[] ones = Enumerable.Repeat((byte)0xFF, 64).ToArray();
            Assert.False(Ed25519Verifier.Verify(zeros, 0, zeros, 0, zeros, 0, 0));
            Assert.False(Ed25519Verifier.Verify(ones, 0, ones, 0, ones, 0, 64));
            Assert.False(Ed25519Verifier.Verify(ones, 0, zeros, 0, zeros, 0, 10));
        }

        private static BigInteger RandomScalar(Random random)
        {
            byte[] buffer = new byte[40];
            random.NextBytes(buffer);
            return Ed25519Reference.FromLittleEndian(buffer, 0, 40) % Ed25519Reference.L;
        }

        private static byte[] Flip(byte[] data, int bit)
        {
            byte[] copy = (byte[])data.Clone();
            copy[bit >> 3] ^= (byte)(1 << (bit & 7));
            return copy;
        }

        private static byte[] Embed(byte[] data, int offset)
        {
            byte[] buffer = new byte[offset + data.Length + 9];
            Array.Fill(buffer, (byte)0xA5);
            data.CopyTo(buffer, offset);
            return buffer;
        }

        /// <summary>A key pair made at test time by BouncyCastle and a signature over a random message.</summary>
        private sealed class Signed
        {
            private Signed(byte[] publicKey, byte[] message, byte[] signature)
            {
                PublicKey = publicKey;
                Message = message;
                Signature = signature;
            }

            public byte[] PublicKey { get; }

            public byte[] Message { get; }

            public byte[] Signature { get; }

            public static Signed Create(SecureRandom random, int messageLength)
            {
                Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(random);
                byte[] message = new byte[messageLength];
                random.NextBytes(message);
                Ed25519Signer signer = new Ed25519Signer();
                signer.Init(true, privateKey);
                signer.BlockUpdate(message, 0, message.Length);
                byte[] signature = signer.GenerateSignature();

                // BouncyCastle must accept its own signature, or the test below it proves nothing.
                Ed25519Signer verifier = new Ed25519Signer();
                Ed25519PublicKeyParameters publicKey = privateKey.GeneratePublicKey();
                verifier.Init(false, publicKey);
                verifier.BlockUpdate(message, 0, message.Length);
                Assert.True(verifier.VerifySignature(signature));
                return new Signed(publicKey.GetEncoded(), message, signature);
            }
        }
    }
}
