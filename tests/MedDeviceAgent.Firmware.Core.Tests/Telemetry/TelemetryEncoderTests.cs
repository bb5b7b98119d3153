using System;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Protocol;
using Xunit.Abstractions;

namespace MedDeviceAgent.Firmware.Core.Tests.Telemetry
{
    /// <summary>The device side: the payload read back by an independent decoder, and allocations per message.</summary>
    public class TelemetryEncoderTests
    {
        private readonly ITestOutputHelper _output;

        public TelemetryEncoderTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Encode_Message_IndependentDecoderReadsPayloadAndTag()
        {
            byte[] key = new byte[32];
            new Random(9).NextBytes(key);
            TelemetryEncoder encoder = new TelemetryEncoder(new PortableMessageAuthenticator(key, 0, 32), Encoding.ASCII.GetBytes("dev-a"));
            encoder.Encode(TelemetryFixture.Message(5, 9));

            CborReader cose = new CborReader(encoder.ToArray(), CborConformanceMode.Canonical);
            Assert.Equal((CborTag)17, cose.ReadTag());
            Assert.Equal(4, cose.ReadStartArray());
            byte[] prot = cose.ReadByteString();
            Assert.Equal(0, cose.ReadStartMap());
            cose.ReadEndMap();
            byte[] payload = cose.ReadByteString();
            byte[] tag = cose.ReadByteString();
            cose.ReadEndArray();
            Assert.Equal(0, cose.BytesRemaining);

            CborWriter mac = new CborWriter(CborConformanceMode.Canonical);
            mac.WriteStartArray(4);
            mac.WriteTextString("MAC0");
            mac.WriteByteString(prot);
            mac.WriteByteString(Array.Empty<byte>());
            mac.WriteByteString(payload);
            mac.WriteEndArray();
            Assert.Equal(HMACSHA256.HashData(key, mac.Encode()), tag);

            CborReader p = new CborReader(payload, CborConformanceMode.Canonical);
            Assert.Equal(9, p.ReadStartMap());
            long[] expected = { TelemetryKeys.CurrentVersion, 5, 9, 3609, 61234 };
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.Equal(k, p.ReadInt32());
                Assert.Equal(expected[k], p.ReadInt64());
            }

            Assert.Equal(TelemetryKeys.FirmwareVersion, p.ReadInt32());
            Assert.Equal("1.4.2", p.ReadTextString());
            Assert.Equal(TelemetryKeys.UpdatePhase, p.ReadInt32());
            Assert.Equal(0, p.ReadInt64());
            Assert.Equal(TelemetryKeys.SecurityFloor, p.ReadInt32());
            Assert.Equal(7, p.ReadInt64());
            Assert.Equal(TelemetryKeys.Sensor, p.ReadInt32());
            Assert.Equal(-1250, p.ReadInt64());
            p.ReadEndMap();
        }

        [Fact]
        public void Encode_ReusedEncoder_AllocatesNothingPerMessage()
        {
            TelemetryEncoder encoder = new TelemetryEncoder(new PortableMessageAuthenticator(new byte[32], 0, 32), Encoding.ASCII.GetBytes("dev-a"));
            TelemetryMessage message = TelemetryFixture.Message(1, 0);
            encoder.Encode(message);

            const int Messages = 1000;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < Messages; i++)
            {
                message.Sequence = i;
                message.UptimeSeconds = i * 10;
                encoder.Encode(message);
            }

            long perMessage = (GC.GetAllocatedBytesForCurrentThread() - before) / Messages;
            _output.WriteLine("encode + MAC: " + perMessage + " bytes allocated per message; message size " + encoder.Length + " bytes (max " + TelemetryEncoder.MaxMessageSize + ")");

            Assert.Equal(0, perMessage);
        }

        [Fact]
        public void ToArray_QueueCopy_AllocatesOnlyTheMessage()
        {
            TelemetryEncoder encoder = new TelemetryEncoder(new PortableMessageAuthenticator(new byte[32], 0, 32), Encoding.ASCII.GetBytes("dev-a"));
            TelemetryMessage message = TelemetryFixture.Message(1, 0);
            encoder.Encode(message);
            encoder.ToArray();

            long before = GC.GetAllocatedBytesForCurrentThread();
            encoder.Encode(message);
            byte[] copy = encoder.ToArray();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            _output.WriteLine("encode + MAC + copy for the queue: " + allocated + " bytes for a " + copy.Length + "-byte message");

            Assert.True(allocated <= copy.Length + 32, allocated + " bytes");
        }
    }
}
