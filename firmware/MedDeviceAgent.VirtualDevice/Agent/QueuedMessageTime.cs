namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>When a fleet agent queued one telemetry message (for end-to-end latency against the store's reception time).</summary>
    public readonly struct QueuedMessageTime
    {
        /// <summary>Holds the parts.</summary>
        public QueuedMessageTime(string deviceId, long boot, long sequence, long queuedUnixMilliseconds)
        {
            DeviceId = deviceId;
            Boot = boot;
            Sequence = sequence;
            QueuedUnixMilliseconds = queuedUnixMilliseconds;
        }

        /// <summary>The device.</summary>
        public string DeviceId { get; }

        /// <summary>Its boot counter.</summary>
        public long Boot { get; }

        /// <summary>The message's sequence number in that boot.</summary>
        public long Sequence { get; }

        /// <summary>Wall-clock time of queueing, Unix milliseconds.</summary>
        public long QueuedUnixMilliseconds { get; }
    }
}
