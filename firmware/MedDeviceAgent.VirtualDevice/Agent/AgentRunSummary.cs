using System;

namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>The counters of an <see cref="AgentRun"/>, for progress lines and the final summary.</summary>
    public sealed class AgentRunSummary
    {
        /// <summary>Device id.</summary>
        public string DeviceId { get; set; } = string.Empty;

        /// <summary>This run's telemetry boot counter.</summary>
        public long Boot { get; set; }

        /// <summary>Seconds run.</summary>
        public double Seconds { get; set; }

        /// <summary>Telemetry messages taken into the queue this run.</summary>
        public long Queued { get; set; }

        /// <summary>Publishes attempted.</summary>
        public long Sent { get; set; }

        /// <summary>Messages acknowledged (PUBACK) and deleted, including ones queued by an earlier run.</summary>
        public long Acknowledged { get; set; }

        /// <summary>Messages still in the queue (sent by a later run).</summary>
        public long Pending { get; set; }

        /// <summary>Messages the queue ever dropped (persisted).</summary>
        public long Dropped { get; set; }

        /// <summary>Reconnections after the first connection.</summary>
        public long Reconnects { get; set; }

        /// <summary>Failed connection attempts.</summary>
        public long ConnectFailures { get; set; }

        /// <summary>True when connected at the end (before the clean stop).</summary>
        public bool Connected { get; set; }

        /// <summary>The run ended because the requested count was acknowledged.</summary>
        public bool CountReached { get; set; }

        /// <summary>The run ended on a cancellation (Ctrl-C).</summary>
        public bool Cancelled { get; set; }

        /// <summary>Copies the agent's counters.</summary>
        public void Capture(VirtualAgent agent, TimeSpan elapsed)
        {
            ArgumentNullException.ThrowIfNull(agent);
            DeviceId = agent.Agent.ClientId;
            Boot = agent.Agent.BootCounter;
            Seconds = elapsed.TotalSeconds;
            Queued = agent.Agent.Queued;
            Sent = agent.Agent.Sent;
            Acknowledged = agent.Agent.Acknowledged;
            Pending = agent.Agent.Queue.IsOpen ? agent.Agent.Queue.Count : 0;
            Dropped = agent.Agent.Dropped;
            Reconnects = agent.Agent.Reconnects;
            ConnectFailures = agent.Agent.ConnectFailures;
            Connected = agent.Agent.IsConnected;
        }
    }
}
