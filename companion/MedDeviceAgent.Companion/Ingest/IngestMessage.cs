namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>One message as received from the broker: topic, payload (a copy), reception time, and the opaque acknowledgement handle.</summary>
    public sealed class IngestMessage
    {
        /// <summary>Holds the parts.</summary>
        public IngestMessage(string topic, byte[] payload, long receivedMs, object? acknowledgement = null)
        {
            Topic = topic;
            Payload = payload;
            ReceivedMs = receivedMs;
            Acknowledgement = acknowledgement;
        }

        /// <summary>The topic it was published on.</summary>
        public string Topic { get; }

        /// <summary>The payload bytes.</summary>
        public byte[] Payload { get; }

        /// <summary>Unix milliseconds of reception.</summary>
        public long ReceivedMs { get; }

        /// <summary>What the MQTT client needs to acknowledge it after commit (null in tests without a broker).</summary>
        public object? Acknowledgement { get; }
    }
}
