using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.TestSupport.Ingest
{
    /// <summary>A device's telemetry side for tests: its id, class and key, and the core's <see cref="TelemetryEncoder"/> making its messages.</summary>
    public sealed class TestDevice
    {
        private readonly TelemetryEncoder _encoder;

        /// <summary>A device with a random key (or <paramref name="key"/>).</summary>
        public TestDevice(string id, string deviceClass = "pump", byte[]? key = null)
        {
            Id = id;
            Class = deviceClass;
            Key = key ?? RandomNumberGenerator.GetBytes(32);
            _encoder = new TelemetryEncoder(new PortableMessageAuthenticator(Key, 0, Key.Length), Encoding.UTF8.GetBytes(id));
        }

        /// <summary>Device id.</summary>
        public string Id { get; }

        /// <summary>Device class.</summary>
        public string Class { get; }

        /// <summary>Telemetry key.</summary>
        public byte[] Key { get; }

        /// <summary>Its telemetry topic.</summary>
        public string Topic => Topics.TelemetryTopic(Class, Id);

        /// <summary>Its state topic (retained state map, Last Will).</summary>
        public string StateTopic => Topics.StateTopic(Class, Id);

        /// <summary>The state map the device agent publishes (the agent's encoder, <see cref="StatePayload.Write"/>).</summary>
        public static byte[] State(bool online, long boot, string firmwareVersion = "1.2.3", int updatePhase = 0, long securityFloor = 4)
        {
            CborWriter writer = new CborWriter(StatePayload.MaxStateSize);
            StatePayload.Write(writer, online, firmwareVersion, boot, updatePhase, securityFloor);
            return writer.ToArray();
        }

        /// <summary>The COSE_Mac0 bytes of message (boot, sequence), with the queue's drop total <paramref name="queueDropped"/> (key 9 when above 0).</summary>
        public byte[] Message(long boot, long sequence, long? sensor = 7, long queueDropped = 0)
        {
            TelemetryMessage message = new TelemetryMessage
            {
                Boot = boot,
                Sequence = sequence,
                UptimeSeconds = 10 + sequence,
                FreeMemory = 50000,
                FirmwareVersion = "1.2.3",
                UpdatePhase = 0,
                SecurityFloor = 4,
                HasSensor = sensor.HasValue,
                Sensor = sensor ?? 0,
                QueueDropped = queueDropped,
            };
            _encoder.Encode(message);
            return _encoder.ToArray();
        }

        /// <summary>Message (boot, sequence) as received on its own topic.</summary>
        public IngestMessage Received(long boot, long sequence) => new IngestMessage(Topic, Message(boot, sequence), System.DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }
}
