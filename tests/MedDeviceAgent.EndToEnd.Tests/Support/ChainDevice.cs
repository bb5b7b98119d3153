using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice;
using MedDeviceAgent.VirtualDevice.Agent;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.EndToEnd.Tests.Support
{
    /// <summary>
    /// One virtual device of a chain: provisioned for a bundle <c>mda pki issue-device</c> wrote, its flash a
    /// <see cref="FileStorage"/> folder behind the power-cut decorator, the real core agent (<see cref="VirtualAgent"/>:
    /// MQTTnet over mutual TLS, the flash store-and-forward queue) reaching the broker through its own
    /// <see cref="TcpRelay"/>, stepped on its own thread as the device's main loop would.
    /// </summary>
    /// <remarks>
    /// Records what the agent did, per (boot, sequence): every message appended to the queue and every message the broker
    /// acknowledged. A power cut (the decorator's <see cref="PowerCutException"/> out of a step) is handled as the device
    /// would live it: the link dies (the relay resets it, no DISCONNECT), the flash powers on, a fresh engine boots and a
    /// new agent claims a new boot. A message whose append was cut is recorded as uncertain (the queue may or may not
    /// hold it after the power-on).
    /// </remarks>
    public sealed class ChainDevice : IDisposable
    {
        /// <summary>The device class every chain device is provisioned with.</summary>
        public const string DeviceClass = "infusion-pump";

        private readonly object _sync = new object();
        private readonly DeviceBundle _bundle;
        private readonly VirtualAgentOptions _options;
        private readonly Dictionary<long, (long Boot, long Sequence)> _byQueueId = new Dictionary<long, (long, long)>();
        private readonly List<(long Boot, long Sequence)> _queued = new List<(long, long)>();
        private readonly List<(long Boot, long Sequence)> _acknowledged = new List<(long, long)>();
        private readonly List<(long Boot, long Sequence)> _uncertain = new List<(long, long)>();
        private readonly List<long> _boots = new List<long>();
        private readonly List<string> _faults = new List<string>();
        private readonly Thread _thread;
        private volatile bool _stop;
        private volatile bool _drain;
        private volatile bool _done;
        private int _cutsPlanned;
        private int _nextCutOffset;
        private long _unknownAcknowledged;
        private VirtualAgent? _agent;

        /// <summary>Provisions the device on <paramref name="flashFolder"/>, and starts its agent (<paramref name="periodMs"/> telemetry period) towards 127.0.0.1:<paramref name="brokerPort"/> through a new relay.</summary>
        public ChainDevice(string deviceId, string bundleFolder, string flashFolder, int brokerPort, int periodMs, int tearSeed = 11)
        {
            DeviceId = deviceId;
            _bundle = DeviceBundle.Load(bundleFolder);
            Relay = new TcpRelay(brokerPort);
            Flash = new FaultInjectingStorage(new FileStorage(flashFolder), tearSeed);
            Device = new SimDevice(Flash, new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true), 1 << 16, new UpdateOptions());
            TrustAnchor anchor = new TrustAnchor();
            byte[] rootKey = new byte[32];
            rootKey[0] = 1;
            anchor.Set(1, CoseAlgorithm.EdDSA, rootKey, 0, rootKey.Length);
            Device.Engine.Provision("acme", DeviceClass, deviceId, anchor, Encoding.ASCII.GetBytes("factory 1.0.0"), 1, 0, 0, 3);
            _options = new VirtualAgentOptions
            {
                BrokerHost = "127.0.0.1",
                BrokerPort = Relay.Port,
                TelemetryPeriodMilliseconds = periodMs,
                BackoffBaseMilliseconds = 50,
                BackoffCapMilliseconds = 400,
                ConnectTimeout = TimeSpan.FromSeconds(1),
                OperationTimeout = TimeSpan.FromSeconds(2),
                MaxIdleMilliseconds = 20,
            };
            _thread = new Thread(Loop) { IsBackground = true, Name = "device " + deviceId };
            _thread.Start();
        }

        /// <summary>Device id (the certificate's CN).</summary>
        public string DeviceId { get; }

        /// <summary>Its telemetry topic.</summary>
        public string TelemetryTopic => Topics.TelemetryTopic(DeviceClass, DeviceId);

        /// <summary>The link to the broker (sever it, black-hole it).</summary>
        public TcpRelay Relay { get; }

        /// <summary>The flash behind the power-cut decorator.</summary>
        public FaultInjectingStorage Flash { get; }

        /// <summary>The virtual device.</summary>
        public SimDevice Device { get; }

        /// <summary>Power cuts lived through so far.</summary>
        public int PowerCuts { get; private set; }

        /// <summary>True once the agent is connected (its retained state published).</summary>
        public bool IsConnected => _agent?.Agent.IsConnected ?? false;

        /// <summary>True once <see cref="Finish"/> drained the queue and stopped the agent (or the loop ended on a fault).</summary>
        public bool IsDone => _done;

        /// <summary>Messages queued now (read from the device thread's last step).</summary>
        public int QueueCount { get; private set; }

        /// <summary>Messages the queue dropped (persisted counter of the flash queue).</summary>
        public long Dropped { get; private set; }

        /// <summary>Publishes attempted by the current boot's agent.</summary>
        public long Sent { get; private set; }

        /// <summary>(boot, sequence) of every message appended to the queue, in order.</summary>
        public IReadOnlyList<(long Boot, long Sequence)> Queued => Snapshot(_queued);

        /// <summary>(boot, sequence) of every message the broker acknowledged, in order.</summary>
        public IReadOnlyList<(long Boot, long Sequence)> Acknowledged => Snapshot(_acknowledged);

        /// <summary>Messages whose append a power cut tore: the queue may hold them or not.</summary>
        public IReadOnlyList<(long Boot, long Sequence)> Uncertain => Snapshot(_uncertain);

        /// <summary>Acknowledged messages the device could not name (a torn append the queue kept).</summary>
        public long UnknownAcknowledged => Interlocked.Read(ref _unknownAcknowledged);

        /// <summary>The telemetry boot counter of every boot, in order.</summary>
        public IReadOnlyList<long> Boots
        {
            get
            {
                lock (_sync)
                {
                    return _boots.ToArray();
                }
            }
        }

        /// <summary>Anything unexpected the device loop met (an exception other than a power cut).</summary>
        public string Faults
        {
            get
            {
                lock (_sync)
                {
                    return string.Join("\n", _faults);
                }
            }
        }

        /// <summary>
        /// Cuts the power at every write from the next power-on on: the first cut is at write 1 after it is armed, the
        /// next at write 2 after that power-on, and so on up to <paramref name="writes"/> (writes of the engine's boot,
        /// the boot claim, queue appends, acknowledgements, drops); then it runs on without cuts.
        /// </summary>
        public void CutAtEveryWrite(int writes)
        {
            lock (_sync)
            {
                _cutsPlanned = writes;
                _nextCutOffset = 1;
                Flash.CutAfter(1);
            }
        }

        /// <summary>True once every planned power cut happened.</summary>
        public bool CutsDone
        {
            get
            {
                lock (_sync)
                {
                    return _cutsPlanned == 0;
                }
            }
        }

        /// <summary>From now on the device loop stops as soon as the queue is empty (after a step) and then stops the agent cleanly.</summary>
        public void Finish() => _drain = true;

        /// <summary>Waits until <see cref="Finish"/> completed; false after <paramref name="timeout"/>.</summary>
        public bool WaitDone(TimeSpan timeout) => _thread.Join(timeout);

        /// <summary>A line about the device for failure messages.</summary>
        public string Describe()
        {
            return DeviceId + ": boots " + string.Join(",", Boots) + ", queued " + Queued.Count + ", acknowledged " + Acknowledged.Count + ", in queue " + QueueCount
                + ", dropped " + Dropped + ", power cuts " + PowerCuts + ", uncertain " + Uncertain.Count + ", relay dropped bytes " + Relay.DroppedBytes
                + ", connections " + Relay.Connections + (Faults.Length > 0 ? ", faults: " + Faults : string.Empty);
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _stop = true;
            _thread.Join(TimeSpan.FromSeconds(15));
            Relay.Dispose();
            _agent?.Dispose();
        }

        private static IReadOnlyList<(long, long)> Snapshot(List<(long, long)> list)
        {
            lock (list)
            {
                return list.ToArray();
            }
        }

        private void Loop()
        {
            try
            {
                Boot(first: true);
                while (!_stop)
                {
                    VirtualAgent agent = _agent!;
                    int delay;
                    try
                    {
                        delay = agent.Step();
                        QueueCount = agent.Agent.Queue.Count;
                        Dropped = agent.Agent.Dropped;
                        Sent = agent.Agent.Sent;
                    }
                    catch (PowerCutException)
                    {
                        PowerCycle(agent);
                        continue;
                    }

                    if (_drain && agent.Agent.Queue.Count == 0 && agent.Agent.IsConnected)
                    {
                        agent.Stop();
                        break;
                    }

                    Thread.Sleep(Math.Clamp(delay, 1, 20));
                }
            }
#pragma warning disable CA1031 // Recorded and reported by the test's assertions.
            catch (Exception e)
#pragma warning restore CA1031
            {
                lock (_sync)
                {
                    _faults.Add(e.ToString());
                }
            }
            finally
            {
                _done = true;
            }
        }

        /// <summary>Powers the device on and starts a new agent, living through cuts during the boot itself.</summary>
        private void Boot(bool first)
        {
            while (true)
            {
                try
                {
                    if (!first)
                    {
                        Device.PowerOn();
                    }

                    first = false;
                    VirtualAgent agent = new VirtualAgent(Device, _bundle, _options);
                    long boot = agent.Agent.BootCounter;
                    agent.Agent.MessageQueued = id => OnQueued(agent, id);
                    agent.Agent.MessageAcknowledged = OnAcknowledged;
                    lock (_sync)
                    {
                        _boots.Add(boot);
                    }

                    _agent = agent;
                    agent.Start();
                    return;
                }
                catch (PowerCutException)
                {
                    // Cut while booting or claiming the boot: power on again.
                    Relay.Sever();
                    PowerOnFlash();
                }
            }
        }

        private void PowerCycle(VirtualAgent agent)
        {
            // The message being appended when the power went (its sequence was spent first, the handler did not run).
            long boot = agent.Agent.BootCounter;
            long last = agent.Agent.NextSequence - 1;
            if (last >= 0)
            {
                lock (_queued)
                {
                    if (_queued.Count == 0 || _queued[^1] != (boot, last))
                    {
                        lock (_uncertain)
                        {
                            _uncertain.Add((boot, last));
                        }
                    }
                }
            }

            // The link dies with the power: no DISCONNECT, no clean stop.
            Relay.Sever();
            agent.Agent.MessageQueued = null!;
            agent.Agent.MessageAcknowledged = null!;
            agent.Dispose();
            PowerOnFlash();
            Boot(first: false);
        }

        private void PowerOnFlash()
        {
            Flash.PowerOn();
            PowerCuts++;
            lock (_sync)
            {
                if (_cutsPlanned > 0)
                {
                    _cutsPlanned--;
                    if (_cutsPlanned > 0)
                    {
                        _nextCutOffset++;
                        Flash.CutAfter(_nextCutOffset);
                    }
                    else
                    {
                        Flash.CutAtWrite = 0;
                    }
                }
            }
        }

        private void OnQueued(VirtualAgent agent, long id)
        {
            (long, long) pair = (agent.Agent.BootCounter, agent.Agent.NextSequence - 1);
            lock (_queued)
            {
                _byQueueId[id] = pair;
                _queued.Add(pair);
            }
        }

        private void OnAcknowledged(long id)
        {
            bool known;
            (long, long) pair;
            lock (_queued)
            {
                known = _byQueueId.TryGetValue(id, out pair);
            }

            if (!known)
            {
                Interlocked.Increment(ref _unknownAcknowledged);
                return;
            }

            lock (_acknowledged)
            {
                _acknowledged.Add(pair);
            }
        }
    }
}
