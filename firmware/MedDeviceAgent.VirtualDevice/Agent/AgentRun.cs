using System;
using System.Diagnostics;
using System.Threading;

namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>Reports a running agent's counters (sent, acknowledged, queued, dropped, reconnects).</summary>
    public delegate void AgentProgressHandler(AgentRunSummary progress);

    /// <summary>
    /// Runs one <see cref="VirtualAgent"/> on the calling thread until a number of messages is acknowledged, a duration
    /// passed or a cancellation came, then stops it cleanly (retained state offline, DISCONNECT).
    /// </summary>
    public static class AgentRun
    {
        /// <summary>
        /// Steps <paramref name="agent"/> (already started) until <paramref name="count"/> messages were acknowledged (0: no
        /// count), <paramref name="duration"/> passed (null: none) or <paramref name="cancel"/> is set; reports progress every
        /// <paramref name="progressEvery"/>. Stops the agent before returning.
        /// </summary>
        public static AgentRunSummary Run(VirtualAgent agent, long count, TimeSpan? duration, CancellationToken cancel, TimeSpan progressEvery, AgentProgressHandler? progress)
        {
            ArgumentNullException.ThrowIfNull(agent);
            Stopwatch watch = Stopwatch.StartNew();
            TimeSpan lastReport = TimeSpan.Zero;
            AgentRunSummary summary = new AgentRunSummary();
            while (true)
            {
                summary.Capture(agent, watch.Elapsed);
                if (count > 0 && summary.Acknowledged >= count)
                {
                    summary.CountReached = true;
                    break;
                }

                if (cancel.IsCancellationRequested)
                {
                    summary.Cancelled = true;
                    break;
                }

                if (duration.HasValue && watch.Elapsed >= duration.Value)
                {
                    break;
                }

                if (progress != null && watch.Elapsed - lastReport >= progressEvery)
                {
                    lastReport = watch.Elapsed;
                    progress(summary);
                }

                int delay = agent.Step();
                if (delay > 0)
                {
                    cancel.WaitHandle.WaitOne(Math.Min(delay, 100));
                }
            }

            bool connected = agent.Agent.IsConnected;
            agent.Stop();
            summary.Capture(agent, watch.Elapsed);
            summary.Connected = connected;
            return summary;
        }
    }
}
