using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using MedDeviceAgent.Broker.Tests.Support;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.TestSupport;
using MQTTnet;
using MQTTnet.Formatter;

namespace MedDeviceAgent.Broker.Tests
{
    /// <summary>
    /// The rate limit never acknowledges a publish it does not deliver: an over-limit publish is held for a token
    /// (back-pressure), and a client still over the limit is disconnected without a PUBACK (MQTT 3.1.1 and 5 alike).
    /// </summary>
    public sealed class RateLimitBackPressureTests : IDisposable
    {
        private readonly TestPki _pki = new TestPki("ops-1");
        private readonly StringWriter _log = new StringWriter();

        /// <inheritdoc />
        public void Dispose() => _pki.Dispose();

        [Theory]
        [InlineData(MqttProtocolVersion.V311)]
        [InlineData(MqttProtocolVersion.V500)]
        public async Task Publish_BurstOverRateLimit_EveryAcknowledgedMessageDelivered(MqttProtocolVersion protocol)
        {
            // 0.5/s, burst 3, 1 s wait: of a burst of 12 pipelined publishes the broker delivers the first 3 and then
            // refuses by closing the connection (any PUBACK already sent is for a delivered message). Before the fix it sent PUBACKs (a 3.1.1 PUBACK has no reason code) for
            // messages it dropped.
            (EmbeddedBroker broker, int port) = await StartAsync(new BrokerLimits { PublishesPerSecond = 0.5, PublishBurst = 3 });
            await using (broker)
            {
                await using NetClient op = await NetClient.ConnectAsync(port, _pki.CaPem, _pki.IssueClient("ops-1"), "ops-1");
                await op.SubscribeAsync("mda/v1/#");
                await using NetClient device = await NetClient.ConnectAsync(port, _pki.CaPem, _pki.IssueClient("dev-a"), "dev-a", protocol, persistentSession: false);
                List<Task<MqttClientPublishReasonCode>> publishes = new List<Task<MqttClientPublishReasonCode>>();
                for (int i = 0; i < 12; i++)
                {
                    publishes.Add(device.PublishForCodeAsync("mda/v1/pump/dev-a/telemetry/" + i));
                }

                List<string> acknowledged = new List<string>();
                int failed = 0;
                for (int i = 0; i < publishes.Count; i++)
                {
                    try
                    {
                        Assert.Equal(MqttClientPublishReasonCode.Success, await publishes[i]);
                        acknowledged.Add("mda/v1/pump/dev-a/telemetry/" + i);
                    }
                    catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                    {
                        failed++;
                    }
                }

                Assert.True(failed > 0, "the burst was not refused at all");
                // The broker routes the burst of 3; their PUBACKs may be cut off by the disconnect (a duplicate later, never a loss).
                Assert.True(acknowledged.Count <= 3, "acknowledged " + acknowledged.Count);
                Assert.True(Poll.Until(() => op.Received.Count >= 3), "the burst was not delivered");
                Assert.True(Poll.Until(() => acknowledged.TrueForAll(op.HasReceived)), "an acknowledged message was not delivered; log:\n" + _log);
                Assert.True(broker.Counters.RateLimited >= 1);
                Assert.True(Poll.Until(() => !device.IsConnected));
            }
        }

        [Fact]
        public async Task Publish_OverRateLimitTokenWithinWait_HeldThenAcknowledgedAndDelivered()
        {
            // 4/s, burst 2: a token comes every 0.25 s, within the 1 s wait, so every publish is held and then delivered.
            (EmbeddedBroker broker, int port) = await StartAsync(new BrokerLimits { PublishesPerSecond = 4, PublishBurst = 2 });
            await using (broker)
            {
                await using NetClient op = await NetClient.ConnectAsync(port, _pki.CaPem, _pki.IssueClient("ops-1"), "ops-1");
                await op.SubscribeAsync("mda/v1/#");
                await using NetClient device = await NetClient.ConnectAsync(port, _pki.CaPem, _pki.IssueClient("dev-a"), "dev-a", MqttProtocolVersion.V311, persistentSession: false);
                for (int i = 0; i < 6; i++)
                {
                    Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishForCodeAsync("mda/v1/pump/dev-a/telemetry/" + i));
                }

                Assert.True(Poll.Until(() => op.Received.Count == 6), "received " + op.Received.Count);
                Assert.True(device.IsConnected);
                Assert.Equal(0, broker.Counters.RateLimited);
                Assert.True(broker.Counters.RateLimitHeld >= 1);
            }
        }

        private Task<(EmbeddedBroker Broker, int Port)> StartAsync(BrokerLimits limits) => TestBroker.StartAsync(_pki, limits, _log);
    }
}
