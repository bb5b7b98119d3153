using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Agent;

namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>
    /// Runs many <see cref="VirtualAgent"/>s in one process on a few worker threads (not one thread per device): each
    /// worker owns a fixed share of the agents and steps each one when the delay it asked for has passed. Measures the
    /// time to each agent's first connection and the latency from queueing a telemetry message to its PUBACK, over the
    /// whole run and in the steady state (messages queued after every agent had connected once, so the connect storm of a
    /// large fleet does not hide the figure).
    /// </summary>
    /// <remarks>
    /// A step blocks its worker for at most one transport call (connect or publish timeout), so a slow broker slows the
    /// share of that worker; pick enough workers for the fleet (the default is the processor count, at least 2). Memory:
    /// one timestamp per message in flight and one latency figure per acknowledged message.
    /// </remarks>
    public sealed class AgentFleet
    {
        private readonly IReadOnlyList<VirtualAgent> _agents;
        private readonly int _workers;
        private readonly Stopwatch _clock = new Stopwatch();
        private readonly object _sync = new object();
        private readonly List<double> _connectMs = new List<double>();
        private readonly List<double> _latencyMs = new List<double>();
        private readonly List<QueuedMessageTime> _queueTimes = new List<QueuedMessageTime>();
        private readonly List<double> _steadyLatencyMs = new List<double>();
        private int _connectedOnce;

        /// <summary>Prepares a fleet of <paramref name="agents"/> on <paramref name="workers"/> threads.</summary>
        public AgentFleet(IReadOnlyList<VirtualAgent> agents, int workers)
        {
            ArgumentNullException.ThrowIfNull(agents);
            ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
            _agents = agents;
            _workers = Math.Min(workers, Math.Max(1, agents.Count));
        }

        /// <summary>
        /// When true, the run records the wall-clock time each message was queued (<see cref="FleetSummary.QueueTimes"/>),
        /// so end-to-end latency can be measured against the time the companion's ingest received it.
        /// </summary>
        /// <remarks>RAM: about 40 bytes per message queued during the run.</remarks>
        public bool RecordQueueTimes { get; set; }

        /// <summary>Runs every agent until <paramref name="until"/> says stop (checked between steps), then stops them cleanly.</summary>
        /// <param name="until">Polled by the workers; true ends the run (a duration, a count reached, Ctrl-C).</param>
        public FleetSummary Run(Func<bool> until)
        {
            ArgumentNullException.ThrowIfNull(until);
            _clock.Restart();
            Thread[] threads = new Thread[_workers];
            Exception? failure = null;
            for (int w = 0; w < _workers; w++)
            {
                int worker = w;
                threads[w] = new Thread(() =>
                {
                    try
                    {
                        Work(worker, until);
                    }
#pragma warning disable CA1031 // Reported to the caller after every worker ended.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        lock (_sync)
                        {
                            failure ??= e;
                        }
                    }
                })
                { IsBackground = true, Name = "mda-fleet-" + w };
                threads[w].Start();
            }

            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            if (failure != null)
            {
                throw new InvalidOperationException("an agent failed: " + failure.Message, failure);
            }

            return Summarize();
        }

        private void Work(int worker, Func<bool> until)
        {
            List<VirtualAgent> mine = new List<VirtualAgent>();
            for (int i = worker; i < _agents.Count; i += _workers)
            {
                mine.Add(_agents[i]);
            }

            long[] due = new long[mine.Count];
            bool[] connectedOnce = new bool[mine.Count];
            Dictionary<long, (long At, bool Steady)>[] queuedAt = new Dictionary<long, (long, bool)>[mine.Count];
            List<double> connects = new List<double>();
            List<double> latencies = new List<double>();
            List<double> steadyLatencies = new List<double>();
            List<QueuedMessageTime> queueTimes = new List<QueuedMessageTime>();
            bool record = RecordQueueTimes;
            for (int i = 0; i < mine.Count; i++)
            {
                Dictionary<long, (long At, bool Steady)> pending = new Dictionary<long, (long, bool)>();
                queuedAt[i] = pending;
                DeviceAgent agent = mine[i].Agent;
                string deviceId = mine[i].Device.Engine.State.Trust.DeviceId;
                mine[i].Agent.MessageQueued = id =>
                {
                    bool steady = Volatile.Read(ref _connectedOnce) == _agents.Count;
                    pending[id] = (_clock.ElapsedTicks, steady);
                    if (record)
                    {
                        queueTimes.Add(new QueuedMessageTime(deviceId, agent.BootCounter, agent.NextSequence - 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), steady));
                    }
                };
                mine[i].Agent.MessageAcknowledged = id =>
                {
                    if (pending.Remove(id, out (long At, bool Steady) queued))
                    {
                        double ms = (_clock.ElapsedTicks - queued.At) * 1000.0 / Stopwatch.Frequency;
                        latencies.Add(ms);
                        if (queued.Steady)
                        {
                            steadyLatencies.Add(ms);
                        }
                    }
                };
                mine[i].Start();
            }

            while (!until())
            {
                long next = long.MaxValue;
                for (int i = 0; i < mine.Count && !until(); i++)
                {
                    long now = _clock.ElapsedMilliseconds;
                    if (now >= due[i])
                    {
                        int delay = mine[i].Step();
                        due[i] = _clock.ElapsedMilliseconds + delay;
                        if (!connectedOnce[i] && mine[i].Agent.IsConnected)
                        {
                            connectedOnce[i] = true;
                            connects.Add(_clock.Elapsed.TotalMilliseconds);
                            Interlocked.Increment(ref _connectedOnce);
                        }
                    }

                    next = Math.Min(next, due[i]);
                }

                long wait = next - _clock.ElapsedMilliseconds;
                if (wait > 0)
                {
                    Thread.Sleep((int)Math.Min(wait, 50));
                }
            }

            foreach (VirtualAgent agent in mine)
            {
                agent.Stop();
            }

            lock (_sync)
            {
                _connectMs.AddRange(connects);
                _latencyMs.AddRange(latencies);
                _queueTimes.AddRange(queueTimes);
                _steadyLatencyMs.AddRange(steadyLatencies);
            }
        }

        private FleetSummary Summarize()
        {
            FleetSummary summary = new FleetSummary { Devices = _agents.Count, Seconds = _clock.Elapsed.TotalSeconds };
            foreach (VirtualAgent agent in _agents)
            {
                summary.Queued += agent.Agent.Queued;
                summary.Acknowledged += agent.Agent.Acknowledged;
                summary.Pending += agent.Agent.Queue.IsOpen ? agent.Agent.Queue.Count : 0;
                summary.Lost += agent.Agent.Dropped;
                summary.Reconnects += agent.Agent.Reconnects;
            }

            summary.Connected = _connectMs.Count;
            summary.ConnectP50Ms = FleetSummary.Percentile(_connectMs, 0.50);
            summary.ConnectP99Ms = FleetSummary.Percentile(_connectMs, 0.99);
            summary.LatencyP50Ms = FleetSummary.Percentile(_latencyMs, 0.50);
            summary.LatencyP99Ms = FleetSummary.Percentile(_latencyMs, 0.99);
            summary.QueueTimes = _queueTimes;
            summary.SteadyMessages = _steadyLatencyMs.Count;
            summary.SteadyLatencyP50Ms = FleetSummary.Percentile(_steadyLatencyMs, 0.50);
            summary.SteadyLatencyP99Ms = FleetSummary.Percentile(_steadyLatencyMs, 0.99);
            return summary;
        }
    }
}
