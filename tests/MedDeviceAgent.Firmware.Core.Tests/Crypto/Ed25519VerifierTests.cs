using System;
using System.Collections.Generic;
using System.Linq;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Tests.Support;

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

        [Theory]
        [MemberData(nameof(WycheproofIds))]
        public void Verify_WycheproofCase_MatchesExpectedResult(int tcId)
        {
            WycheproofCase c = Cases.Single(x => x.TcId == tcId);
            bool expected = c.Result == "valid";
            Assert.Equal(expected, Ed25519Verifier.Verify(c.PublicKey, c.Signature, c.Message));
            if (c.Signature.Length == Ed25519Verifier.SignatureSize)
            {
                Assert.Equal(expected, Ed25519Verifier.Verify(c.PublicKey, 0, c.Signature, 0, c.Message, 0, c.Message.Length));
            }
        }
    }
}
