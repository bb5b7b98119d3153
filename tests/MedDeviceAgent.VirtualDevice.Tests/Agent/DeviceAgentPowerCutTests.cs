using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Agent.Support;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>
    /// Cuts the power at every storage write of the agent's path (boot, boot claim, queue appends, acks, drops, reconnects)
    /// and restarts the device on the same flash: no (boot, sequence) pair is ever published with two contents, nothing
    /// acknowledged before the cut is sent again, and every message the queue committed is delivered.
    /// </summary>
    public sealed class DeviceAgentPowerCutTests
    {
        private const long ScenarioEndMs = 7500;

        [Fact]
        public void Step_PowerCutAtEveryWriteOnMemoryFlash_NeverReusesASequenceAndLosesNothingCommitted()
        {
            Sweep(seed => new AgentRig(tearSeed: seed, limits: new OutboundQueueLimits(3, 3 * 256, 256)));
        }

        [Fact]
        public void Step_PowerCutAtEveryWriteOnFileFlash_NeverReusesASequenceAndLosesNothingCommitted()
        {
            string root = Directory.CreateTempSubdirectory("mda-agent-cut-").FullName;
            try
            {
                int n = 0;
                Sweep(seed => new AgentRig(medium: new FileStorage(Path.Combine(root, (n++).ToString(System.Globalization.CultureInfo.InvariantCulture))), tearSeed: seed + 1000, limits: new OutboundQueueLimits(3, 3 * 256, 256)));
            }
            finally
            {
                Directory.Delete(root, true);
            }
        }

        private static void Sweep(Func<int, AgentRig> make)
        {
            // The writes of the whole scenario without a cut.
            AgentRig probe = make(0);
            long start = probe.Storage.WriteCount;
            Outcome uncut = RunScenario(probe, new FakeBroker());
            Assert.Null(uncut.Cut);
            long writes = probe.Storage.WriteCount - start;
            Assert.True(writes > 30, "writes " + writes);
            Assert.True(probe.Events.History.Any(e => e.Code == SecurityEventCode.QueueMessageDropped), "the scenario should drop while offline");

            for (long k = 1; k <= writes; k++)
            {
                AgentRig rig = make((int)k);
                FakeBroker broker = new FakeBroker();
                rig.Storage.CutAtWrite = rig.Storage.WriteCount + k;
                Outcome first = RunScenario(rig, broker);
                Assert.True(first.Cut != null, "no cut at write " + k);
                int deliveredBeforeCut = broker.Delivered.Count;

                // Power back on the same flash: a new boot, a new agent, the broker steady.
                rig.Storage.PowerOn();
                broker.Reachable = true;
                broker.Disconnect();
                DeviceAgent agent = rig.Boot(broker);
                Assert.True(agent.BootCounter > first.Boot || first.Boot < 0, "boot counter not raised at cut " + k);
                agent.Start(0);
                long now = 0;
                while ((agent.Queue.Count > 0 || !agent.IsConnected) && now < 120000)
                {
                    now += Math.Max(agent.Step(now), 1);
                }

                Assert.True(agent.Queue.Count == 0, "queue not drained after cut at write " + k);
                Check(k, broker, deliveredBeforeCut, first, agent.Dropped);
            }
        }

        private sealed class Outcome
        {
            public long Boot { get; set; } = -1;
            public PowerCutException? Cut { get; set; }
            public HashSet<long> Committed { get; } = new HashSet<long>();
            public List<byte[]> AckedContents { get; } = new List<byte[]>();
        }

        /// <summary>Boot, then 7.5 s of telemetry every second with the broker away from 2.5 s to 6 s (the 3-message queue drops); stops at a power cut.</summary>
        private static Outcome RunScenario(AgentRig rig, FakeBroker broker)
        {
            Outcome outcome = new Outcome();
            try
            {
                DeviceAgent agent = rig.Boot(broker);
                outcome.Boot = agent.BootCounter;
                agent.MessageQueued = id =>
                {
                    outcome.Committed.Add(agent.NextSequence - 1);
                };
                agent.MessageAcknowledged = id => outcome.AckedContents.Add(broker.Delivered[^1].Payload);
                agent.Start(0);
                long now = 0;
                bool dropped = false;
                while (now <= ScenarioEndMs)
                {
                    bool away = now >= 2500 && now < 6000;
                    broker.Reachable = !away;
                    if (away && !dropped && broker.IsConnected)
                    {
                        dropped = true;
                        broker.Drop();
                    }

                    now += Math.Max(agent.Step(now), 1);
                }

            }
            catch (PowerCutException e)
            {
                outcome.Cut = e;
            }

            return outcome;
        }

        private static void Check(long k, FakeBroker broker, int deliveredBeforeCut, Outcome first, long dropCounter)
        {
            Dictionary<(long, long), byte[]> contentOf = new Dictionary<(long, long), byte[]>();
            HashSet<long> firstBootSequences = new HashSet<long>();
            for (int i = 0; i < broker.Delivered.Count; i++)
            {
                FakeBroker.Delivery d = broker.Delivered[i];
                if (!d.Topic.EndsWith("/telemetry", StringComparison.Ordinal))
                {
                    continue;
                }

                TelemetryVerifier verifier = new AgentRig(deviceId: "dev-a").NewVerifier();
                TelemetryResult result = verifier.Verify(d.Topic, d.Payload, 0, d.Payload.Length);
                Assert.True(result == TelemetryResult.Accepted || result == TelemetryResult.AcceptedAfterGap, "cut " + k + ": " + result);
                (long, long) pair = (verifier.Message.Boot, verifier.Message.Sequence);
                if (contentOf.TryGetValue(pair, out byte[]? seen))
                {
                    Assert.True(seen.AsSpan().SequenceEqual(d.Payload), "cut " + k + ": (boot, seq) " + pair + " published with two contents");
                }
                else
                {
                    contentOf[pair] = d.Payload;
                }

                if (pair.Item1 == first.Boot)
                {
                    firstBootSequences.Add(pair.Item2);
                }

                if (i >= deliveredBeforeCut)
                {
                    Assert.False(first.AckedContents.Any(a => a.AsSpan().SequenceEqual(d.Payload)), "cut " + k + ": a message acknowledged before the cut was sent again");
                }
            }

            // Every message the queue committed in the cut boot arrived, except at most as many as the queue dropped (its
            // persisted counter), and only old ones: a dropped message is always the oldest held.
            List<long> missing = first.Committed.Where(q => !firstBootSequences.Contains(q)).ToList();
            Assert.True(missing.Count <= dropCounter, "cut " + k + ": " + missing.Count + " committed messages missing, " + dropCounter + " dropped");
            if (missing.Count > 0 && firstBootSequences.Count > 0)
            {
                Assert.True(missing.Max() < firstBootSequences.Max(), "cut " + k + ": the newest committed message " + missing.Max() + " is missing");
            }
        }
    }
}
