using System;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Tests.Telemetry
{
    /// <summary>Telemetry key 9, the queue's drop total: present only above 0, after the sensor, at most 32 bits; the largest message still fits.</summary>
    public class TelemetryQueueDroppedTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Verify_MessageWithDropTotal_AcceptedAndDecoded(bool sensor)
        {
            TelemetryFixture f = new TelemetryFixture();
            TelemetryMessage m = TelemetryFixture.Message(3, 0);
            m.HasSensor = sensor;
            m.QueueDropped = 41;
            int length = f.EncoderA.Encode(m);
            Assert.Equal(TelemetryResult.Accepted, f.Verifier.Verify(TelemetryFixture.TopicA, f.EncoderA.Buffer, 0, length));
            Assert.Equal(41, f.Verifier.Message.QueueDropped);
            Assert.Equal(sensor, f.Verifier.Message.HasSensor);
        }

        [Fact]
        public void Encode_NoDrops_OmitsKey9SoTheDocumentedExampleIsUnchanged()
        {
            CborWriter writer = new CborWriter(128);
            TelemetryMessage m = TelemetryFixture.Message(5, 9);
            TelemetryPayloadCodec.Write(writer, m);
            Assert.Equal(0xA9, writer.Buffer[0]);
            m.QueueDropped = 1;
            writer.Reset();
            TelemetryPayloadCodec.Write(writer, m);
            Assert.Equal(0xAA, writer.Buffer[0]);
            Assert.Equal("0901", Convert.ToHexString(writer.ToArray(), writer.Length - 2, 2));
        }

        [Theory]
        [InlineData(0L)]
        [InlineData(0x100000000L)]
        public void TryRead_DropTotalZeroOrAbove32Bits_Refused(long value)
        {
            CborWriter writer = new CborWriter(128);
            TelemetryMessage m = TelemetryFixture.Message(5, 9);
            TelemetryPayloadCodec.Write(writer, m);
            byte[] payload = writer.ToArray();
            payload[0] = 0xAA;
            CborWriter tail = new CborWriter(16);
            tail.WriteInt64(TelemetryKeys.QueueDropped);
            tail.WriteInt64(value);
            byte[] withKey = new byte[payload.Length + tail.Length];
            Array.Copy(payload, withKey, payload.Length);
            Array.Copy(tail.Buffer, 0, withKey, payload.Length, tail.Length);
            Assert.False(TelemetryPayloadCodec.TryRead(new CborReader(withKey, 0, withKey.Length), withKey, 0, withKey.Length, new TelemetryMessage()));
        }

        [Fact]
        public void Write_DropTotalAbove32Bits_Throws()
        {
            TelemetryMessage m = TelemetryFixture.Message(5, 9);
            m.QueueDropped = 0x100000000L;
            Assert.Throws<ArgumentOutOfRangeException>(() => TelemetryPayloadCodec.Write(new CborWriter(128), m));
        }

        [Fact]
        public void Encode_EveryFieldAtItsLargest_FitsTheMaximumMessageSize()
        {
            TelemetryFixture f = new TelemetryFixture();
            TelemetryMessage m = new TelemetryMessage
            {
                Boot = TelemetryPayloadCodec.MaxCounter,
                Sequence = TelemetryPayloadCodec.MaxCounter,
                UptimeSeconds = long.MaxValue,
                FreeMemory = long.MaxValue,
                FirmwareVersion = new string('9', TelemetryPayloadCodec.MaxFirmwareVersionBytes),
                UpdatePhase = int.MaxValue,
                SecurityFloor = long.MaxValue,
                HasSensor = true,
                Sensor = long.MinValue,
                QueueDropped = TelemetryPayloadCodec.MaxCounter,
            };
            int length = f.EncoderA.Encode(m);
            Assert.True(length <= TelemetryEncoder.MaxMessageSize);
            Assert.Equal(TelemetryResult.AcceptedAfterGap, f.Verifier.Verify(TelemetryFixture.TopicA, f.EncoderA.Buffer, 0, length));
            Assert.Equal(TelemetryPayloadCodec.MaxCounter, f.Verifier.Message.QueueDropped);
        }
    }
}
