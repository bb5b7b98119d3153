using System;
using MedDeviceAgent.Firmware.Core.Crypto;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto
{
    /// <summary>
    /// SHA-256 and SHA-512 streaming: for every message length around the block and padding boundaries and every
    /// split point, streamed digest = one-shot digest = BouncyCastle's; the one-million-'a' vector; argument checks.
    /// </summary>
    public class ShaStreamingTests
    {
        public static TheoryData<string, int> Algorithms => new TheoryData<string, int>
        {
            { "SHA-256", 300 }, // beyond 4 blocks of 64: covers the 55/56 and 119/120 padding edges
            { "SHA-512", 400 }, // beyond 3 blocks of 128: covers the 111/112 and 239/240 padding edges
        };

        [Theory]
        [MemberData(nameof(Algorithms))]
        public void Update_EverySplitOfEveryLength_MatchesOneShotAndBouncyCastle(string algorithm, int maxLength)
        {
            IStreamingHash hash = Create(algorithm);
            byte[] message = new byte[maxLength];
            new Random(180).NextBytes(message);
            byte[] streamed = new byte[hash.HashSize];
            for (int length = 0; length <= maxLength; length++)
            {
                byte[] expected = ShaVectors.Reference(hash, message, 0, length);
                Assert.Equal(expected, hash.OneShot(message, 0, length));
                for (int split = 0; split <= length; split++)
                {
                    // One instance throughout: Finish must leave it ready for the next message.
                    hash.Update(message, 0, split);
                    hash.Update(message, split, length - split);
                    hash.Finish(streamed, 0);
                    Assert.True(expected.AsSpan().SequenceEqual(streamed), algorithm + " length " + length + " split " + split);
                }
            }
        }

        [Theory]
        [MemberData(nameof(Algorithms))]
        public void Update_ByteAtATimeAndUnevenChunks_MatchesBouncyCastle(string algorithm, int maxLength)
        {
            IStreamingHash hash = Create(algorithm);
            byte[] message = new byte[maxLength];
            new Random(4).NextBytes(message);
            byte[] streamed = new byte[hash.HashSize];
            int[] chunkSizes = { 1, 3, 7, hash.BlockSize - 1, hash.BlockSize, hash.BlockSize + 1 };
            for (int length = 0; length <= maxLength; length++)
            {
                byte[] expected = ShaVectors.Reference(hash, message, 0, length);
                foreach (int chunk in chunkSizes)
                {
                    for (int at = 0; at < length; at += chunk)
                    {
                        hash.Update(message, at, Math.Min(chunk, length - at));
                        hash.Update(message, at, 0); // empty updates change nothing
                    }

                    hash.Finish(streamed, 0);
                    Assert.True(expected.AsSpan().SequenceEqual(streamed), algorithm + " length " + length + " chunk " + chunk);
                }
            }
        }

        [Theory]
        [MemberData(nameof(Algorithms))]
        public void Reset_MidMessage_ForgetsEarlierInput(string algorithm, int maxLength)
        {
            IStreamingHash hash = Create(algorithm);
            byte[] message = new byte[maxLength];
            new Random(9).NextBytes(message);
            hash.Update(message, 0, maxLength);
            hash.Reset();
            hash.Update(message, 10, 77);
            byte[] digest = new byte[hash.HashSize];
            hash.Finish(digest, 0);
            Assert.Equal(ShaVectors.Reference(hash, message, 10, 77), digest);
        }

        [Theory]
        [InlineData("SHA-256", "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")]
        [InlineData("SHA-512", "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b")]
        public void Update_OneMillionA_MatchesKnownAnswer(string algorithm, string expectedHex)
        {
            Assert.Equal(expectedHex, Convert.ToHexStringLower(ShaVectors.MillionA(Create(algorithm))));
        }

        [Theory]
        [InlineData("SHA-256")]
        [InlineData("SHA-512")]
        public void Arguments_NullOrOutOfRange_Throw(string algorithm)
        {
            ShaVectors.AssertArgumentChecks(Create(algorithm));
        }

        private static IStreamingHash Create(string algorithm)
        {
            return algorithm == "SHA-256" ? new Sha256Hash() : new Sha512Hash();
        }
    }
}
