using System;
using System.Linq;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Tests.Agent.Support;
using MedDeviceAgent.VirtualDevice.Tests.Mqtt;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>The device agent against a real Mosquitto configured from the same PKI (mutual TLS, CN as identity).</summary>
    [Collection(AgentPkiCollection.Name)]
    public sealed class DeviceAgentMosquittoTests
    {
        private static readonly TimeSpan Long = TimeSpan.FromSeconds(40);
        private readonly AgentPki _pki;

        public DeviceAgentMosquittoTests(AgentPki pki) => _pki = pki;

        [Fact]
        public void Agent_Mosquitto_AcknowledgedMessagesArriveInOrderAndTheWillOnADroppedLink()
        {
            using MosquittoBroker mosquitto = new MosquittoBroker();
            mosquitto.Start(_pki.MosquittoListener());
            using TcpRelay relay = new TcpRelay(mosquitto.Port);
            using OperatorSubscriber ops = new OperatorSubscriber(_pki, mosquitto.Port);
            using LiveAgent device = new LiveAgent(_pki, "mq-order", relay.Port, 100);
            Assert.True(device.RunUntil(() => device.Agent.Agent.Acknowledged >= 6, Long), "not acknowledged:\n" + mosquitto.Log);
            Assert.True(Poll.Until(() => ops.Telemetry(LiveAgent.DeviceClass, device.DeviceId, device.Key).Count >= 6, Long));
            var telemetry = ops.Telemetry(LiveAgent.DeviceClass, device.DeviceId, device.Key);
            Assert.Equal(Enumerable.Range(0, telemetry.Count).Select(i => (long)i), telemetry.Select(t => t.Seq));
            Assert.Equal(0xA6, ops.On(device.StateTopic)[0][0]);

            relay.Refuse = true;
            relay.Sever();
            Assert.True(Poll.Until(() => ops.On(device.StateTopic).Any(p => Convert.ToHexString(p) == "676F66666C696E65"), Long), "no will:\n" + mosquitto.Log);
        }

        [Fact]
        public void Agent_MosquittoKilledAndRestarted_QueueHoldsAndDrains()
        {
            using MosquittoBroker mosquitto = new MosquittoBroker();
            mosquitto.Start(_pki.MosquittoListener());
            using LiveAgent device = new LiveAgent(_pki, "mq-restart", mosquitto.Port, 100);
            Assert.True(device.RunUntil(() => device.Agent.Agent.Acknowledged >= 2, Long), mosquitto.Log);
            mosquitto.Kill();
            device.RunFor(TimeSpan.FromSeconds(1.5));
            long queued = device.Agent.Agent.Queued;
            Assert.True(device.Agent.Agent.Queue.Count >= 5);
            mosquitto.Restart();
            using OperatorSubscriber ops = new OperatorSubscriber(_pki, mosquitto.Port);
            Assert.True(device.RunUntil(() => device.Agent.Agent.Acknowledged >= queued, Long), "not drained:\n" + mosquitto.Log);
            Assert.True(Poll.Until(() => ops.Telemetry(LiveAgent.DeviceClass, device.DeviceId, device.Key).Select(t => t.Seq).Distinct().Count() >= queued - 2 - 1, Long));
            var seqs = ops.Telemetry(LiveAgent.DeviceClass, device.DeviceId, device.Key).Where(t => t.Result != TelemetryResult.Replayed).Select(t => t.Seq).ToList();
            Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(i => (long)i), seqs);
        }
    }
}
