using System;
using System.Text;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Tests.Telemetry
{
    /// <summary>
    /// The receiving side: authentic messages in order are accepted; forged, altered, replayed, reordered,
    /// stale-boot, wrong-device, unknown-device, oversized, malformed and truncated ones are rejected and
    /// leave the high-water mark where it was; gaps are counted.
    /// </summary>
    public class TelemetryVerifierTests
    {
        [Fact]
        public void Verify_AuthenticMessage_AcceptedWithEveryField()
        {
            TelemetryFixture f = new TelemetryFixture();

            Assert.Equal(TelemetryResult.Accepted, f.VerifyA(f.A(5, 0)));

            TelemetryMessage m = f.Verifier.Message;
            Assert.Equal(5, m.Boot);
            Assert.Equal(0, m.Sequence);
            Assert.Equal(3600, m.UptimeSeconds);
            Assert.Equal(61234, m.FreeMemory);
            Assert.Equal("1.4.2", m.FirmwareVersion);
            Assert.Equal(7, m.SecurityFloor);
            Assert.True(m.HasSensor);
            Assert.Equal(-1250, m.Sensor);
            Assert.Equal(TelemetryFixture.IdA, f.Verifier.Device!.DeviceId);
        }

        [Fact]
        public void Verify_NoSensorAndExtremeValues_RoundTrips()
        {
            TelemetryFixture f = new TelemetryFixture();
            TelemetryMessage sent = TelemetryFixture.Message(TelemetryPayloadCodec.MaxCounter, 0);
            sent.HasSensor = false;
            sent.UptimeSeconds = long.MaxValue;
            sent.FirmwareVersion = new string('9', TelemetryPayloadCodec.MaxFirmwareVersionBytes);
            int length = f.EncoderA.Encode(sent);

            Assert.Equal(TelemetryResult.Accepted, f.Verifier.Verify(TelemetryFixture.TopicA, f.EncoderA.Buffer, 0, length));
            Assert.False(f.Verifier.Message.HasSensor);
            Assert.Equal(long.MaxValue, f.Verifier.Message.UptimeSeconds);
            Assert.Equal(sent.FirmwareVersion, f.Verifier.Message.FirmwareVersion);
            Assert.True(length <= TelemetryEncoder.MaxMessageSize);
        }

        [Fact]
        public void Verify_SequenceInOrder_EachAccepted()
        {
            TelemetryFixture f = new TelemetryFixture();
            for (int seq = 0; seq < 20; seq++)
            {
                Assert.Equal(TelemetryResult.Accepted, f.VerifyA(f.A(1, seq)));
                Assert.Equal(0, f.Verifier.Gap);
            }
        }

        [Fact]
        public void Verify_SameMessageTwice_Replayed()
        {
            TelemetryFixture f = new TelemetryFixture();
            byte[] message = f.A(1, 0);

            Assert.Equal(TelemetryResult.Accepted, f.VerifyA(message));
            Assert.Equal(TelemetryResult.Replayed, f.VerifyA(message));
        }

        [Fact]
        public void Verify_SkippedSequence_AcceptedAfterGapWithCount()
        {
            TelemetryFixture f = new TelemetryFixture();
            f.VerifyA(f.A(1, 0));

            Assert.Equal(TelemetryResult.AcceptedAfterGap, f.VerifyA(f.A(1, 4)));
            Assert.Equal(3, f.Verifier.Gap);
        }

        [Fact]
        public void Verify_OlderSequenceAfterNewer_Reordered()
        {
            TelemetryFixture f = new TelemetryFixture();
            byte[] one = f.A(1, 1);
            f.VerifyA(f.A(1, 0));
            f.VerifyA(f.A(1, 2));

            Assert.Equal(TelemetryResult.Reordered, f.VerifyA(one));
            Assert.Equal(TelemetryResult.Accepted, f.VerifyA(f.A(1, 3)));
        }

        [Fact]
        public void Verify_NewBoot_AcceptedAndOldBootThenStale()
        {
            TelemetryFixture f = new TelemetryFixture();
            byte[] oldBoot = f.A(1, 8);
            f.VerifyA(f.A(1, 7));

            Assert.Equal(TelemetryResult.Accepted, f.VerifyA(f.A(2, 0)));
            Assert.Equal(TelemetryResult.StaleBoot, f.VerifyA(oldBoot));
        }

        [Fact]
        public void Verify_NewBootStartingAboveZero_GapCountsItsMissingStart()
        {
            TelemetryFixture f = new TelemetryFixture();
            f.VerifyA(f.A(1, 7));

            Assert.Equal(TelemetryResult.AcceptedAfterGap, f.VerifyA(f.A(3, 2)));
            Assert.Equal(2, f.Verifier.Gap);
        }

        [Fact]
        public void Verify_ForgedWithAnotherKeyUnderTheDevicesKid_BadMac()
        {
            TelemetryFixture f = new TelemetryFixture();
            TelemetryEncoder forger = new TelemetryEncoder(new PortableMessageAuthenticator(new byte[32], 0, 32), Encoding.ASCII.GetBytes(TelemetryFixture.IdA));
            forger.Encode(TelemetryFixture.Message(1, 0));

            Assert.Equal(TelemetryResult.BadMac, f.VerifyA(forger.ToArray()));
            Assert.Equal(TelemetryResult.Accepted, f.VerifyA(f.A(1, 0)));
        }

        [Fact]
        public void Verify_OtherDevicesMessageOnThisTopic_WrongDevice()
        {
            TelemetryFixture f = new TelemetryFixture();

            Assert.Equal(TelemetryResult.WrongDevice, f.VerifyA(f.B(1, 0)));
            Assert.Equal(TelemetryResult.Accepted, f.Verifier.Verify(TelemetryFixture.TopicB, f.B(1, 0), 0, f.B(1, 0).Length));
        }

        [Fact]
        public void Verify_OtherDevicesKeyClaimingThisKid_BadMac()
        {
            TelemetryFixture f = new TelemetryFixture();
            TelemetryEncoder b = new TelemetryEncoder(new PortableMessageAuthenticator(f.KeyB, 0, 32), Encoding.ASCII.GetBytes(TelemetryFixture.IdA));
            b.Encode(TelemetryFixture.Message(1, 0));

            Assert.Equal(TelemetryResult.BadMac, f.VerifyA(b.ToArray()));
        }

        [Theory]
        [InlineData("mda/v1/infusion-pump/dev-c/telemetry", TelemetryResult.UnknownDevice)]
        [InlineData("mda/v1/ventilator/dev-a/telemetry", TelemetryResult.UnknownDevice)]
        [InlineData("mda/v1/infusion-pump/dev-a/events", TelemetryResult.InvalidTopic)]
        [InlineData("mda/v1/infusion-pump/+/telemetry", TelemetryResult.InvalidTopic)]
        [InlineData("mda/v1/infusion-pump/dev-a/telemetry/x", TelemetryResult.InvalidTopic)]
        [InlineData("mda/v2/infusion-pump/dev-a/telemetry", TelemetryResult.InvalidTopic)]
        public void Verify_TopicNotOfARegisteredDevice_Rejected(string topic, TelemetryResult expected)
        {
            TelemetryFixture f = new TelemetryFixture();
            byte[] message = f.A(1, 0);

            Assert.Equal(expected, f.Verifier.Verify(topic, message, 0, message.Length));
            Assert.Equal(TelemetryResult.Accepted, f.VerifyA(message));
        }

        [Fact]
        public void Verify_EmptyOrOversized_TooLarge()
        {
            TelemetryFixture f = new TelemetryFixture();
            byte[] big = new byte[TelemetryEncoder.MaxMessageSize + 1];
            Array.Copy(f.A(1, 0), big, f.A(1, 0).Length);

            Assert.Equal(TelemetryResult.TooLarge, f.Verifier.Verify(TelemetryFixture.TopicA, big, 0, 0));
            Assert.Equal(TelemetryResult.TooLarge, f.VerifyA(big));
        }

        [Theory]
        [InlineData("FF", TelemetryResult.MalformedCbor)]
        [InlineData("1800", TelemetryResult.MalformedCbor)]
        [InlineData("D1", TelemetryResult.MalformedCbor)]
        [InlineData("00", TelemetryResult.InvalidCose)]
        [InlineData("D28440A0404100", TelemetryResult.InvalidCose)]
        [InlineData("D18443A10106A04058200000000000000000000000000000000000000000000000000000000000000000", TelemetryResult.InvalidCose)]
        [InlineData("D1845800", TelemetryResult.MalformedCbor)]
        public void Verify_MalformedBytes_Rejected(string hex, TelemetryResult expected)
        {
            TelemetryFixture f = new TelemetryFixture();
            byte[] message = Convert.FromHexString(hex);

            Assert.Equal(expected, f.VerifyA(message));
        }

        [Fact]
        public void Verify_OtherAlgorithm_UnsupportedAlgorithm()
        {
            TelemetryFixture f = new TelemetryFixture();
            // {1: 6, 4: "dev-a"}: HMAC 384/384 named, otherwise well-formed.
            byte[] message = Convert.FromHexString("D1844AA2010604456465762D61A0405820" + new string('0', 64));

            Assert.Equal(TelemetryResult.UnsupportedAlgorithm, f.VerifyA(message));
        }

        [Fact]
        public void Verify_EveryTruncation_RejectedAndStateUnchanged()
        {
            TelemetryFixture f = new TelemetryFixture();
            byte[] message = f.A(1, 0);
            for (int length = 0; length < message.Length; length++)
            {
                TelemetryResult result = f.Verifier.Verify(TelemetryFixture.TopicA, message, 0, length);
                Assert.True(result != TelemetryResult.Accepted && result != TelemetryResult.AcceptedAfterGap, "prefix " + length + " accepted");
            }

            Assert.Equal(TelemetryResult.Accepted, f.VerifyA(message));
        }

        [Fact]
        public void Verify_EveryByteFlipped_NeverAccepted()
        {
            TelemetryFixture f = new TelemetryFixture();
            byte[] message = f.A(1, 0);
            for (int i = 0; i < message.Length; i++)
            {
                foreach (byte mask in new byte[] { 0x01, 0x80 })
                {
                    byte[] flipped = (byte[])message.Clone();
                    flipped[i] ^= mask;
                    TelemetryResult result = f.VerifyA(flipped);
                    Assert.True(result != TelemetryResult.Accepted && result != TelemetryResult.AcceptedAfterGap, "byte " + i + " ^ " + mask + " accepted as " + result);
                }
            }

            Assert.Equal(TelemetryResult.Accepted, f.VerifyA(message));
        }

        [Theory]
        [InlineData("A0")]
        [InlineData("A80001010102000400056131060007000800")]
        [InlineData("A9000201010200030004000561310600070008")]
        [InlineData("A90001010102000300040005613106000700096000")]
        [InlineData("A800010101020003000400056006000700")]
        [InlineData("A80001011B00000001000000000200030004000561310600070008")]
        [InlineData("A800010101020003000400053106000700")]
        [InlineData("8100")]
        public void Verify_AuthenticButInvalidPayload_InvalidPayload(string payloadHex)
        {
            TelemetryFixture f = new TelemetryFixture();
            byte[] payload = Convert.FromHexString(payloadHex);
            CoseMac0 cose = new CoseMac0(TelemetryEncoder.MaxMessageSize);
            byte[] kid = Encoding.ASCII.GetBytes(TelemetryFixture.IdA);
            int length = cose.Encode(kid, 0, kid.Length, payload, 0, payload.Length, new PortableMessageAuthenticator(f.KeyA, 0, 32));

            TelemetryResult result = f.Verifier.Verify(TelemetryFixture.TopicA, cose.EncodedBuffer, 0, length);

            Assert.Equal(TelemetryResult.InvalidPayload, result);
        }

        [Fact]
        public void Verify_RegisteredWithHighWaterMark_ContinuesFromIt()
        {
            byte[] key = new byte[32];
            byte[] kid = Encoding.ASCII.GetBytes("dev-z");
            TelemetryVerifier verifier = new TelemetryVerifier();
            verifier.Register(new TelemetryDevice("pump", "dev-z", kid, new PortableMessageAuthenticator(key, 0, 32), 3, 10));
            TelemetryEncoder encoder = new TelemetryEncoder(new PortableMessageAuthenticator(key, 0, 32), kid);
            string topic = Topics.TelemetryTopic("pump", "dev-z");

            encoder.Encode(TelemetryFixture.Message(3, 10));
            Assert.Equal(TelemetryResult.Replayed, verifier.Verify(topic, encoder.Buffer, 0, encoder.Length));
            encoder.Encode(TelemetryFixture.Message(3, 11));
            Assert.Equal(TelemetryResult.Accepted, verifier.Verify(topic, encoder.Buffer, 0, encoder.Length));
        }

        [Fact]
        public void Register_SameIdTwice_Throws()
        {
            TelemetryFixture f = new TelemetryFixture();

            Assert.Throws<ArgumentException>(() => f.Verifier.Register(new TelemetryDevice("x", TelemetryFixture.IdA, new byte[] { 1 }, new PortableMessageAuthenticator(new byte[32], 0, 32), -1, 0)));
        }

        [Fact]
        public void Encode_OutOfRangeField_Throws()
        {
            TelemetryFixture f = new TelemetryFixture();
            TelemetryMessage m = TelemetryFixture.Message(TelemetryPayloadCodec.MaxCounter + 1, 0);
            Assert.Throws<ArgumentOutOfRangeException>(() => f.EncoderA.Encode(m));
            m = TelemetryFixture.Message(1, -1);
            Assert.Throws<ArgumentOutOfRangeException>(() => f.EncoderA.Encode(m));
            m = TelemetryFixture.Message(1, 0);
            m.FirmwareVersion = new string('1', TelemetryPayloadCodec.MaxFirmwareVersionBytes + 1);
            Assert.Throws<ArgumentOutOfRangeException>(() => f.EncoderA.Encode(m));
            m.FirmwareVersion = null;
            Assert.Throws<ArgumentNullException>(() => f.EncoderA.Encode(m));
        }
    }
}
