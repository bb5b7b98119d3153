namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>When a fleet agent queued one telemetry message (for end-to-end latency against the store's reception time).</summary>
    public readonly struct QueuedMessageTime
    {
        /// <summary>Holds the parts.</summary>
        public QueuedMessageTime(string deviceId, long boot, long sequence, long queuedUnixMilliseconds, bool steady)
        {
            DeviceId = deviceId;
            Boot = boot;
            Sequence = sequence;
            QueuedUnixMilliseconds = queuedUnixMilliseconds;
            Steady = steady;
        }

        /// <summary>The device.</summary>
        public string DeviceId { get; }

        /// <summary>Its boot counter.</summary>
        public long Boot { get; }

        /// <summary>The message's sequence number in that boot.</summary>
        public long Sequence { get; }

        /// <summary>Wall-clock time of queueing, Unix milliseconds.</summary>
        public long QueuedUnixMilliseconds { get; }

        /// <summary>True when queued after every agent of the fleet had connected once (the steady state).</summary>
        public bool Steady { get; }
    }
}
