using System;
using System.IO;
using System.Linq;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Tests.Agent.Support;
using MedDeviceAgent.VirtualDevice.Tests.Mqtt;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>The device agent on host adapters (MQTTnet, mutual TLS with a real bundle) against the embedded broker.</summary>
    [Collection(AgentPkiCollection.Name)]
    public sealed class DeviceAgentBrokerTests
    {
        private static readonly TimeSpan Long = TimeSpan.FromSeconds(40);
        private readonly AgentPki _pki;

        public DeviceAgentBrokerTests(AgentPki pki) => _pki = pki;

        [Fact]
        public void Agent_EmbeddedBroker_AcknowledgedMessagesArriveInOrderAuthenticAndStateRetained()
        {
            StringWriter log = new StringWriter();
            EmbeddedBroker broker = _pki.StartEmbedded(0, TextWriter.Synchronized(log));
            try
            {
                using OperatorSubscriber ops = new OperatorSubscriber(_pki, broker.Port);
                using LiveAgent device = new LiveAgent(_pki, "emb-order", broker.Port, 100);
                Assert.True(device.RunUntil(() => device.Agent.Agent.Acknowledged >= 8, Long), "not acknowledged: " + log);
                Assert.True(Poll.Until(() => ops.Telemetry(LiveAgent.DeviceClass, device.DeviceId, device.Key).Count >= 8, Long));
                var telemetry = ops.Telemetry(LiveAgent.DeviceClass, device.DeviceId, device.Key);
                Assert.Equal(Enumerable.Range(0, telemetry.Count).Select(i => (long)i), telemetry.Select(t => t.Seq));
                Assert.All(telemetry, t => Assert.Equal(device.Agent.Agent.BootCounter, t.Boot));
                byte[] state = Assert.Single(ops.On(device.StateTopic));
                Assert.Equal(0xA6, state[0]);
                Assert.Equal(0xF5, state[4]);
            }
            finally
            {
                AgentPki.Stop(broker);
            }
        }

        [Fact]
        public void Agent_ConnectionSevered_SubscriberSeesTheRetainedOfflineWill()
        {
            EmbeddedBroker broker = _pki.StartEmbedded(0, TextWriter.Null);
            try
            {
                using TcpRelay relay = new TcpRelay(broker.Port);
                using OperatorSubscriber ops = new OperatorSubscriber(_pki, broker.Port);
                using LiveAgent device = new LiveAgent(_pki, "emb-will", relay.Port, 200);
                Assert.True(device.RunUntil(() => device.Agent.Agent.Acknowledged >= 1, Long));
                relay.Refuse = true;
                relay.Sever();
                Assert.True(Poll.Until(() => ops.On(device.StateTopic).Any(p => Convert.ToHexString(p) == "676F66666C696E65"), Long), "no will");
            }
            finally
            {
                AgentPki.Stop(broker);
            }
        }

        [Fact]
        public void Agent_BrokerKilledAndRestartedMidStream_QueueHoldsAndDrainsEverythingInOrder()
        {
            EmbeddedBroker broker = _pki.StartEmbedded(0, TextWriter.Null);
            int port = broker.Port;
            OperatorSubscriber? second = null;
            try
            {
                using TcpRelay relay = new TcpRelay(port);
                using OperatorSubscriber first = new OperatorSubscriber(_pki, port);
                using LiveAgent device = new LiveAgent(_pki, "emb-restart", relay.Port, 100);
                Assert.True(device.RunUntil(() => device.Agent.Agent.Acknowledged >= 3, Long));

                // The broker dies; the device keeps measuring into its queue for many periods.
                relay.Refuse = true;
                AgentPki.Stop(broker);
                relay.Sever();
                device.RunFor(TimeSpan.FromSeconds(1.5));
                Assert.True(device.Agent.Agent.Queue.Count >= 5, "queued " + device.Agent.Agent.Queue.Count);
                long queuedBeforeRestart = device.Agent.Agent.Queued;

                broker = _pki.StartEmbedded(port, TextWriter.Null);
                second = new OperatorSubscriber(_pki, port);
                relay.Refuse = false;
                Assert.True(device.RunUntil(() => device.Agent.Agent.Acknowledged >= queuedBeforeRestart, Long), "queue did not drain");
                Assert.True(Poll.Until(() => first.Telemetry(LiveAgent.DeviceClass, device.DeviceId, device.Key).Concat(second.Telemetry(LiveAgent.DeviceClass, device.DeviceId, device.Key)).Select(t => t.Seq).Distinct().Count() >= queuedBeforeRestart, Long));
                var before = first.Telemetry(LiveAgent.DeviceClass, device.DeviceId, device.Key).Where(t => t.Result != TelemetryResult.Replayed).Select(t => t.Seq).ToList();
                var after = second.Telemetry(LiveAgent.DeviceClass, device.DeviceId, device.Key).Where(t => t.Result != TelemetryResult.Replayed).Select(t => t.Seq).ToList();
                Assert.Equal(Enumerable.Range(0, before.Count).Select(i => (long)i), before);

                // A message whose PUBACK was lost with the broker may come again first; then everything follows in order.
                var resumed = after.SkipWhile(s => s < before.Count).ToList();
                Assert.Equal(Enumerable.Range(before.Count, resumed.Count).Select(i => (long)i), resumed);
                Assert.True(before.Count + resumed.Count >= queuedBeforeRestart);
                Assert.Equal(0, device.Agent.Agent.Dropped);
            }
            finally
            {
                second?.Dispose();
                AgentPki.Stop(broker);
            }
        }
    }
}
