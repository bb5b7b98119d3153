using System;
using System.Collections.Generic;
using System.Linq;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Agent.Support;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>The core device agent against an in-process broker stand-in and a manual millisecond clock.</summary>
    public sealed class DeviceAgentTests
    {
        private sealed class FixedSensor : ITelemetrySensor
        {
            public bool TryRead(out long value)
            {
                value = -1250;
                return true;
            }
        }

        [Fact]
        public void Step_Connected_PublishesEveryPeriodOldestFirstAndDeletesOnlyAfterPuback()
        {
            AgentRig rig = new AgentRig();
            FakeBroker broker = new FakeBroker();
            DeviceAgent agent = rig.Boot(broker, sensor: new FixedSensor());
            agent.Start(0);
            AgentRig.Run(agent, 0, 4500);

            List<(long Boot, long Seq)> pairs = AgentRig.Verify(rig.NewVerifier(), broker.Delivered);
            Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, pairs.Select(p => p.Seq));
            Assert.All(pairs, p => Assert.Equal(agent.BootCounter, p.Boot));
            Assert.Equal(5, agent.Acknowledged);
            Assert.Equal(0, agent.Queue.Count);
            Assert.All(broker.Delivered.Where(d => d.Topic.EndsWith("/telemetry", StringComparison.Ordinal)), d => Assert.Equal(1, d.Qos));
        }

        [Fact]
        public void Connect_Always_RegistersRetainedOfflineWillAndPublishesRetainedOnlineState()
        {
            AgentRig rig = new AgentRig();
            FakeBroker broker = new FakeBroker();
            DeviceAgent agent = rig.Boot(broker);
            agent.Start(0);
            agent.Step(0);

            Assert.Equal("dev-a", Assert.Single(broker.ConnectAttempts));
            MqttLastWill will = Assert.Single(broker.Wills)!;
            Assert.Equal("mda/v1/pump-x1/dev-a/state", will.Topic);
            Assert.True(will.Retain);
            Assert.Equal(1, will.Qos);
            Assert.Equal("676F66666C696E65", Convert.ToHexString(will.GetPayload()));

            FakeBroker.Delivery state = broker.Delivered[0];
            Assert.Equal("mda/v1/pump-x1/dev-a/state", state.Topic);
            Assert.True(state.Retain);
            CborReader reader = new CborReader(state.Payload, 0, state.Payload.Length);
            Assert.True(reader.ReadMapStart(out int pairs));
            Assert.Equal(6, pairs);
            Assert.Equal("A6000101F50265312E302E3003" + CborHex(agent.BootCounter) + "04000503", Convert.ToHexString(state.Payload));
            Assert.Contains(rig.Events.History, e => e.Code == SecurityEventCode.AgentConnected && e.Detail == 0);
        }

        [Fact]
        public void Stop_Connected_PublishesOfflineStateThenDisconnectsCleanly()
        {
            AgentRig rig = new AgentRig();
            FakeBroker broker = new FakeBroker();
            DeviceAgent agent = rig.Boot(broker);
            agent.Start(0);
            agent.Step(0);
            agent.Stop();

            FakeBroker.Delivery last = broker.Delivered[^1];
            Assert.Equal("mda/v1/pump-x1/dev-a/state", last.Topic);
            Assert.True(last.Retain);
            Assert.Equal(0xF4, last.Payload[4]);
            Assert.Equal(1, broker.Disconnects);
            Assert.Contains(rig.Events.History, e => e.Code == SecurityEventCode.AgentDisconnected && e.Detail == 0);
        }

        [Fact]
        public void Step_PubackWithheld_KeepsMessageClosesConnectionAndResendsSameBytesAfterReconnect()
        {
            AgentRig rig = new AgentRig();
            FakeBroker broker = new FakeBroker();
            DeviceAgent agent = rig.Boot(broker);
            agent.Start(0);
            agent.Step(0);
            agent.Step(1);
            Assert.Single(broker.Delivered, d => d.Topic.EndsWith("/telemetry", StringComparison.Ordinal));

            broker.WithholdAcks = true;
            agent.Step(1000);
            Assert.Single(broker.Unacknowledged);
            Assert.False(agent.IsConnected);
            Assert.Equal(1, agent.Queue.Count);
            Assert.Contains(rig.Events.History, e => e.Code == SecurityEventCode.AgentDisconnected && e.Detail == 2);

            broker.WithholdAcks = false;
            AgentRig.Run(agent, 1001, 20000);
            FakeBroker.Delivery resent = broker.Delivered.First(d => d.Topic.EndsWith("/telemetry", StringComparison.Ordinal) && d.Payload.SequenceEqual(broker.Unacknowledged[0].Payload));
            Assert.NotNull(resent);
            Assert.Equal(0, agent.Queue.Count);
            Assert.True(agent.Reconnects >= 1);
        }

        [Fact]
        public void Step_OfflineForManyPeriods_QueuesEveryReadingAndDeliversAllInOrderOnceConnected()
        {
            AgentRig rig = new AgentRig();
            FakeBroker broker = new FakeBroker { Reachable = false };
            DeviceAgent agent = rig.Boot(broker);
            agent.Start(0);
            AgentRig.Run(agent, 0, 29500);
            Assert.Equal(30, agent.Queue.Count);
            Assert.Empty(broker.Delivered);
            Assert.True(agent.ConnectFailures > 3);
            Assert.Contains(rig.Events.History, e => e.Code == SecurityEventCode.AgentConnectFailed);

            broker.Reachable = true;
            AgentRig.Run(agent, 29501, 60000);
            List<(long Boot, long Seq)> pairs = AgentRig.Verify(rig.NewVerifier(), broker.Delivered);
            Assert.Equal(Enumerable.Range(0, pairs.Count).Select(i => (long)i), pairs.Select(p => p.Seq));
            Assert.True(pairs.Count >= 60);
            Assert.Equal(0, agent.Dropped);
        }

        [Fact]
        public void Step_OfflineQueueFull_DropsOldestCountsThemAndReportsTheTotalInTelemetry()
        {
            AgentRig rig = new AgentRig(limits: new OutboundQueueLimits(10, 10 * 256, 256));
            FakeBroker broker = new FakeBroker { Reachable = false };
            DeviceAgent agent = rig.Boot(broker, new ReconnectBackoff(new AgentRig.SeededRandom(1), 1, 1, BackoffJitter.Full));
            agent.Start(0);
            AgentRig.Run(agent, 0, 24500);
            Assert.Equal(10, agent.Queue.Count);
            Assert.Equal(15, agent.Dropped);
            Assert.Equal(15, rig.Events.History.Count(e => e.Code == SecurityEventCode.QueueMessageDropped));

            broker.Reachable = true;
            AgentRig.Run(agent, 24501, 24999);
            MedDeviceAgent.Firmware.Core.Telemetry.TelemetryVerifier verifier = rig.NewVerifier();
            List<long> drops = new List<long>();
            List<long> sequences = new List<long>();
            foreach (FakeBroker.Delivery d in broker.Delivered.Where(d => d.Topic.EndsWith("/telemetry", StringComparison.Ordinal)))
            {
                MedDeviceAgent.Protocol.TelemetryResult result = verifier.Verify(d.Topic, d.Payload, 0, d.Payload.Length);
                Assert.True(result == TelemetryResult.Accepted || result == TelemetryResult.AcceptedAfterGap, result.ToString());
                drops.Add(verifier.Message.QueueDropped);
                sequences.Add(verifier.Message.Sequence);
            }

            // The oldest 15 are gone; each message carries the drop total at the time it was taken (seq s: s - 10).
            Assert.True(Enumerable.Range(15, 10).Select(i => (long)i).SequenceEqual(sequences), string.Join(",", sequences));
            Assert.True(sequences.Select(q => q - 10).SequenceEqual(drops), string.Join(",", drops));
        }

        [Fact]
        public void Step_ConnectFailing_WaitsTheJitteredBackoffDelaysOfTheSameSeed()
        {
            AgentRig rig = new AgentRig(periodMs: 1000000);
            FakeBroker broker = new FakeBroker { Reachable = false };
            DeviceAgent agent = rig.Boot(broker, new ReconnectBackoff(new AgentRig.SeededRandom(42), 100, 3200, BackoffJitter.Full));
            ReconnectBackoff twin = new ReconnectBackoff(new AgentRig.SeededRandom(42), 100, 3200, BackoffJitter.Full);
            agent.Start(0);
            long now = 0;
            List<long> attempts = new List<long>();
            while (attempts.Count < 8)
            {
                int before = broker.ConnectAttempts.Count;
                int delay = agent.Step(now);
                if (broker.ConnectAttempts.Count > before)
                {
                    attempts.Add(now);
                }

                now += Math.Max(delay, 1);
            }

            long expected = 0;
            for (int i = 0; i < attempts.Count; i++)
            {
                Assert.Equal(expected, attempts[i]);
                expected = attempts[i] + Math.Max(twin.NextDelayMilliseconds(), 1);
            }

            List<long> logged = rig.Events.History.Where(e => e.Code == SecurityEventCode.AgentConnectFailed).Select(e => e.Detail).ToList();
            Assert.Equal(8, logged.Count);
            Assert.All(logged, d => Assert.InRange(d, 0, 3200));

            broker.Reachable = true;
            while (!agent.IsConnected)
            {
                now += Math.Max(agent.Step(now), 1);
            }

            Assert.Contains(rig.Events.History, e => e.Code == SecurityEventCode.AgentConnected && e.Detail >= 8);
        }

        [Fact]
        public void Step_ConnectionLost_RecordsDisconnectAndReconnectsWithBackoff()
        {
            AgentRig rig = new AgentRig();
            FakeBroker broker = new FakeBroker();
            DeviceAgent agent = rig.Boot(broker);
            agent.Start(0);
            agent.Step(0);
            broker.Drop();
            agent.Step(10);
            Assert.False(agent.IsConnected);
            Assert.Contains(rig.Events.History, e => e.Code == SecurityEventCode.AgentDisconnected && e.Detail == 1);
            AgentRig.Run(agent, 11, 12000);
            Assert.True(agent.IsConnected);
            Assert.Equal(2, broker.Wills.Count);
            Assert.Equal(1, agent.Reconnects);
        }

        [Fact]
        public void BeginTelemetryBoot_SecondClaimInOneBoot_RaisesTheBootCounter()
        {
            AgentRig rig = new AgentRig();
            rig.Device.PowerOn();
            long first = rig.Device.Engine.BeginTelemetryBoot();
            long second = rig.Device.Engine.BeginTelemetryBoot();
            rig.Device.PowerOn();
            long third = rig.Device.Engine.BeginTelemetryBoot();
            Assert.True(second > first);
            Assert.True(third > second);
            Assert.Equal(third, rig.Device.Engine.State.TelemetryBootCounter);
        }

        [Fact]
        public void Step_NotStarted_Throws()
        {
            AgentRig rig = new AgentRig();
            DeviceAgent agent = rig.Boot(new FakeBroker());
            Assert.Throws<InvalidOperationException>(() => agent.Step(0));
        }

        [Fact]
        public void Step_Idle_NeverAsksForMoreThanTheIdleBound()
        {
            AgentRig rig = new AgentRig(periodMs: 600000);
            FakeBroker broker = new FakeBroker();
            DeviceAgent agent = rig.Boot(broker);
            agent.Start(0);
            agent.Step(0);
            int delay = agent.Step(1);
            Assert.InRange(delay, 1, 1000);
        }

        private static string CborHex(long value)
        {
            CborWriter writer = new CborWriter(9);
            writer.WriteInt64(value);
            return Convert.ToHexString(writer.ToArray());
        }
    }
}
