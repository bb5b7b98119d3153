using System;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Tests.Crypto;
using MedDeviceAgent.Firmware.Core.Tests.Support;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace MedDeviceAgent.Firmware.Core.Tests.Platform
{
    /// <summary>
    /// The signature verifiers call the thread's yield hook often enough that a device can feed its watchdog and
    /// run its MQTT threads during a verification of seconds: at least 8 times, and never more than a quarter of
    /// a verification's work apart (measured in thread CPU time, so that a busy machine does not distort it).
    /// </summary>
    public class VerifierYieldTests
    {
        /// <summary>Largest gap between yields allowed, as a share of the whole verification (designed: about 1/8).</summary>
        private const double MaxGapShare = 0.25;

        [Fact]
        public void Ed25519Verify_HookEntered_CalledAtLeastElevenTimesAndVerdictUnchanged()
        {
            (byte[] key, byte[] message, byte[] signature) = Ed25519Signed(1, 200);
            RecordingWorkYield hook = new RecordingWorkYield();
            bool valid;
            bool tampered;
            using (WorkYield.Enter(hook))
            {
                valid = Ed25519Verifier.Verify(key, 0, signature, 0, message, 0, message.Length);
                int callsForOne = hook.Calls;
                Assert.True(callsForOne >= 11, "calls " + callsForOne);
                message[0] ^= 1;
                tampered = Ed25519Verifier.Verify(key, 0, signature, 0, message, 0, message.Length);
            }

            Assert.True(valid);
            Assert.False(tampered);
        }

        [Fact]
        public void EcdsaP256Verify_HookEntered_CalledAtLeastTenTimesAndVerdictUnchanged()
        {
            BouncyCastleP256 key = BouncyCastleP256.Generate(BouncyCastleP256.SeededRandom(3));
            byte[] hash = new byte[32];
            new Random(3).NextBytes(hash);
            byte[] signature = key.SignHashRaw(hash);
            RecordingWorkYield hook = new RecordingWorkYield();
            bool valid;
            bool tampered;
            using (WorkYield.Enter(hook))
            {
                valid = EcdsaP256Verifier.VerifyHash(key.PublicKey, 0, signature, 0, hash, 0);
                Assert.True(hook.Calls >= 10, "calls " + hook.Calls);
                hash[0] ^= 1;
                tampered = EcdsaP256Verifier.VerifyHash(key.PublicKey, 0, signature, 0, hash, 0);
            }

            Assert.True(valid);
            Assert.False(tampered);
        }

        [Fact]
        public void Ed25519Verify_HookEntered_NoGapLongerThanAQuarterOfTheVerification()
        {
            (byte[] key, byte[] message, byte[] signature) = Ed25519Signed(2, 8192);

            double share = SmallestLargestGapShare(() => Ed25519Verifier.Verify(key, 0, signature, 0, message, 0, message.Length));

            Assert.True(share <= MaxGapShare, "largest gap " + share.ToString("P1", System.Globalization.CultureInfo.InvariantCulture) + " of a verification");
        }

        [Fact]
        public void EcdsaP256Verify_HookEntered_NoGapLongerThanAQuarterOfTheVerification()
        {
            BouncyCastleP256 key = BouncyCastleP256.Generate(BouncyCastleP256.SeededRandom(4));
            byte[] hash = new byte[32];
            new Random(4).NextBytes(hash);
            byte[] signature = key.SignHashRaw(hash);

            double share = SmallestLargestGapShare(() => EcdsaP256Verifier.VerifyHash(key.PublicKey, 0, signature, 0, hash, 0));

            Assert.True(share <= MaxGapShare, "largest gap " + share.ToString("P1", System.Globalization.CultureInfo.InvariantCulture) + " of a verification");
        }

        [Fact]
        public void Sha512Update_EightKilobytes_YieldsEverySixteenBlocks()
        {
            byte[] data = new byte[8192];
            RecordingWorkYield hook = new RecordingWorkYield();
            using (WorkYield.Enter(hook))
            {
                Sha512 sha = new Sha512();
                sha.Update(data, 0, data.Length);
            }

            Assert.Equal(8192 / 128 / 16, hook.Calls);
        }

        /// <summary>
        /// Runs <paramref name="verify"/> (which must return true) many times with a recording hook and returns, over
        /// the runs, the smallest value of (largest CPU-time gap between consecutive yields, or between the start or
        /// end and a yield) / (CPU time of the whole run). The minimum over runs discards a run distorted by a
        /// garbage collection or a tier-up of the JIT.
        /// </summary>
        private static double SmallestLargestGapShare(Func<bool> verify)
        {
            for (int i = 0; i < 50; i++)
            {
                Assert.True(verify());
            }

            RecordingWorkYield hook = new RecordingWorkYield();
            double best = double.MaxValue;
            using (WorkYield.Enter(hook))
            {
                for (int run = 0; run < 10; run++)
                {
                    hook.Clear();
                    long start = ThreadCpuClock.Nanoseconds();
                    Assert.True(verify());
                    long end = ThreadCpuClock.Nanoseconds();
                    long previous = start;
                    long largest = 0;
                    foreach (long t in hook.CpuTimes)
                    {
                        largest = Math.Max(largest, t - previous);
                        previous = t;
                    }

                    largest = Math.Max(largest, end - previous);
                    best = Math.Min(best, (double)largest / Math.Max(1, end - start));
                }
            }

            return best;
        }

        private static (byte[] Key, byte[] Message, byte[] Signature) Ed25519Signed(int seed, int messageLength)
        {
            SecureRandom random = BouncyCastleP256.SeededRandom(seed);
            Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(random);
            byte[] message = new byte[messageLength];
            random.NextBytes(message);
            Ed25519Signer signer = new Ed25519Signer();
            signer.Init(true, privateKey);
            signer.BlockUpdate(message, 0, message.Length);
            return (privateKey.GeneratePublicKey().GetEncoded(), message, signer.GenerateSignature());
        }
    }
}
