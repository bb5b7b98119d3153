using System;
using System.Text;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Tests.Telemetry
{
    /// <summary>Two devices with their own keys, an encoder per device and a verifier that knows both.</summary>
    internal sealed class TelemetryFixture
    {
        public const string Class = "infusion-pump";
        public const string IdA = "dev-a";
        public const string IdB = "dev-b";

        public TelemetryFixture()
        {
            KeyA = RandomNumberGeneratorBytes(1);
            KeyB = RandomNumberGeneratorBytes(2);
            EncoderA = new TelemetryEncoder(new PortableMessageAuthenticator(KeyA, 0, 32), Encoding.ASCII.GetBytes(IdA));
            EncoderB = new TelemetryEncoder(new PortableMessageAuthenticator(KeyB, 0, 32), Encoding.ASCII.GetBytes(IdB));
            Verifier = new TelemetryVerifier();
            Verifier.Register(new TelemetryDevice(Class, IdA, Encoding.ASCII.GetBytes(IdA), new PortableMessageAuthenticator(KeyA, 0, 32), -1, 0));
            Verifier.Register(new TelemetryDevice(Class, IdB, Encoding.ASCII.GetBytes(IdB), new PortableMessageAuthenticator(KeyB, 0, 32), -1, 0));
        }

        public byte[] KeyA { get; }

        public byte[] KeyB { get; }

        public TelemetryEncoder EncoderA { get; }

        public TelemetryEncoder EncoderB { get; }

        public TelemetryVerifier Verifier { get; }

        public static string TopicA => Topics.TelemetryTopic(Class, IdA);

        public static string TopicB => Topics.TelemetryTopic(Class, IdB);

        public static TelemetryMessage Message(long boot, long sequence)
        {
            return new TelemetryMessage
            {
                Boot = boot,
                Sequence = sequence,
                UptimeSeconds = 3600 + sequence,
                FreeMemory = 61234,
                FirmwareVersion = "1.4.2",
                UpdatePhase = 0,
                SecurityFloor = 7,
                HasSensor = true,
                Sensor = -1250,
            };
        }

        public byte[] A(long boot, long sequence)
        {
            EncoderA.Encode(Message(boot, sequence));
            return EncoderA.ToArray();
        }

        public byte[] B(long boot, long sequence)
        {
            EncoderB.Encode(Message(boot, sequence));
            return EncoderB.ToArray();
        }

        public TelemetryResult VerifyA(byte[] message)
        {
            return Verifier.Verify(TopicA, message, 0, message.Length);
        }

        private static byte[] RandomNumberGeneratorBytes(int seed)
        {
            byte[] key = new byte[32];
            new Random(seed).NextBytes(key);
            return key;
        }
    }
}
