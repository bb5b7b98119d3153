using System;
using System.Collections.Generic;

namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>What an <see cref="AgentFleet"/> run measured.</summary>
    public sealed class FleetSummary
    {
        /// <summary>Agents in the fleet.</summary>
        public int Devices { get; set; }

        /// <summary>Agents that connected at least once.</summary>
        public int Connected { get; set; }

        /// <summary>Length of the run in seconds.</summary>
        public double Seconds { get; set; }

        /// <summary>Median time from the start of the run to an agent's first connection (ms).</summary>
        public double ConnectP50Ms { get; set; }

        /// <summary>99th percentile of the same (ms).</summary>
        public double ConnectP99Ms { get; set; }

        /// <summary>Telemetry messages queued.</summary>
        public long Queued { get; set; }

        /// <summary>Messages the broker acknowledged.</summary>
        public long Acknowledged { get; set; }

        /// <summary>Messages still queued (in flash) at the end: sent on a later run, not lost.</summary>
        public long Pending { get; set; }

        /// <summary>Messages dropped by full queues (persisted counters): never delivered.</summary>
        public long Lost { get; set; }

        /// <summary>Reconnections after a first connection.</summary>
        public long Reconnects { get; set; }

        /// <summary>Median latency from queueing a message to its PUBACK (ms).</summary>
        public double LatencyP50Ms { get; set; }

        /// <summary>99th percentile of the same (ms).</summary>
        public double LatencyP99Ms { get; set; }

        /// <summary>Acknowledged messages queued after every agent had connected once (the steady state).</summary>
        public long SteadyMessages { get; set; }

        /// <summary>Median queue-to-PUBACK latency in the steady state (ms).</summary>
        public double SteadyLatencyP50Ms { get; set; }

        /// <summary>99th percentile of the same (ms).</summary>
        public double SteadyLatencyP99Ms { get; set; }

        /// <summary>When each message was queued (empty unless <see cref="AgentFleet.RecordQueueTimes"/> was set).</summary>
        public IReadOnlyList<QueuedMessageTime> QueueTimes { get; set; } = Array.Empty<QueuedMessageTime>();

        /// <summary>The <paramref name="quantile"/> (0..1) of <paramref name="values"/> by nearest rank; 0 when empty.</summary>
        public static double Percentile(List<double> values, double quantile)
        {
            ArgumentNullException.ThrowIfNull(values);
            if (values.Count == 0)
            {
                return 0;
            }

            double[] sorted = values.ToArray();
            Array.Sort(sorted);
            int rank = (int)Math.Ceiling(quantile * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}
