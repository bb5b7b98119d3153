using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>One rejected message as stored: when, on which topic, the device the topic claimed, why, its size and a bounded prefix.</summary>
    public sealed class RejectionRecord
    {
        /// <summary>Longest topic kept, characters (a longer one is cut).</summary>
        public const int MaxTopicLength = 256;

        /// <summary>Bytes of the payload kept.</summary>
        public const int PayloadPrefixLength = 64;

        /// <summary>Holds the parts; cuts the topic and the prefix to their bounds.</summary>
        public RejectionRecord(long receivedMs, string topic, string? claimedDevice, TelemetryResult result, byte[] payload)
        {
            ReceivedMs = receivedMs;
            Topic = topic.Length > MaxTopicLength ? topic.Substring(0, MaxTopicLength) : topic;
            ClaimedDevice = claimedDevice;
            Result = result;
            Size = payload.Length;
            PayloadPrefix = payload.Length > PayloadPrefixLength ? payload[..PayloadPrefixLength] : payload;
        }

        /// <summary>A record read back from the store (prefix and size as stored).</summary>
        internal RejectionRecord(long receivedMs, string topic, string? claimedDevice, TelemetryResult result, byte[] prefix, int size)
        {
            ReceivedMs = receivedMs;
            Topic = topic;
            ClaimedDevice = claimedDevice;
            Result = result;
            Size = size;
            PayloadPrefix = prefix;
        }

        /// <summary>Unix milliseconds of reception.</summary>
        public long ReceivedMs { get; }

        /// <summary>The topic (at most <see cref="MaxTopicLength"/> characters).</summary>
        public string Topic { get; }

        /// <summary>The device id the topic named, when it parsed; else null.</summary>
        public string? ClaimedDevice { get; }

        /// <summary>The verdict.</summary>
        public TelemetryResult Result { get; }

        /// <summary>Payload size in bytes.</summary>
        public int Size { get; }

        /// <summary>The first <see cref="PayloadPrefixLength"/> bytes.</summary>
        public byte[] PayloadPrefix { get; }
    }
}
