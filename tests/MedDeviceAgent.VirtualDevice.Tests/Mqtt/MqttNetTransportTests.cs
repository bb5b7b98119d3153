using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using MedDeviceAgent.VirtualDevice.Platform;
using MQTTnet.Formatter;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>The host MQTT transport against a real mosquitto (plain TCP), two clients talking through it.</summary>
    public sealed class MqttNetTransportTests : IClassFixture<PlainBrokerFixture>
    {
        private readonly PlainBrokerFixture _broker;

        public MqttNetTransportTests(PlainBrokerFixture broker)
        {
            _broker = broker;
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        public void Publish_SubscribedTopic_DeliversToOtherClient(int qos)
        {
            using ClientPair pair = _broker.Pair("cmd");
            Assert.True(pair.Device.Subscribe(pair.Topic, qos));

            byte[] payload = Encoding.UTF8.GetBytes("hello qos " + qos);
            Assert.True(pair.Backend.Publish(pair.Topic, payload, 0, payload.Length, qos, false));

            (string Topic, byte[] Payload) message = Assert.Single(pair.Received.WaitForMessages(1));
            Assert.Equal(pair.Topic, message.Topic);
            Assert.Equal(payload, message.Payload);
            Assert.True(pair.Device.IsConnected);
            Assert.True(pair.Backend.IsConnected);
        }

        [Fact]
        public void Publish_Mqtt5_RoundTripWorks()
        {
            MqttTransportOptions options = PlainBrokerFixture.Options(_broker.AnonymousPort);
            options.ProtocolVersion = MqttProtocolVersion.V500;
            using ClientPair pair = ClientPair.Connect(options, options, "v5", _broker.Broker);
            Assert.True(pair.Device.Subscribe(pair.Topic, 1));

            // Nobody listens on the first topic: MQTT 5 says so in the PUBACK, which still counts as sent.
            Assert.True(pair.Backend.Publish(pair.Topic + "/nobody", new byte[] { 1 }, 0, 1, 1, false));
            Assert.True(pair.Backend.Publish(pair.Topic, new byte[] { 2 }, 0, 1, 1, false));

            Assert.Equal(new byte[] { 2 }, Assert.Single(pair.Received.WaitForMessages(1)).Payload);
        }

        [Fact]
        public void ConnectionLost_SameClientIdConnectsElsewhere_RaisedForTheOlderConnection()
        {
            string clientId = PlainBrokerFixture.UniqueClientId("twin");
            using MqttNetTransport older = new MqttNetTransport(PlainBrokerFixture.Options(_broker.AnonymousPort));
            using MqttNetTransport newer = new MqttNetTransport(PlainBrokerFixture.Options(_broker.AnonymousPort));
            TransportRecorder olderEvents = new TransportRecorder(older);
            TransportRecorder newerEvents = new TransportRecorder(newer);
            Assert.True(older.Connect(clientId));

            Assert.True(newer.Connect(clientId));

            olderEvents.WaitForConnectionLost(1);
            Assert.False(older.IsConnected);
            Assert.True(newer.IsConnected);
            Assert.Equal(0, newerEvents.ConnectionLostCount);
        }

        [Fact]
        public void Publish_WildcardSubscription_ReportsConcreteTopic()
        {
            using ClientPair pair = _broker.Pair("fleet");
            Assert.True(pair.Device.Subscribe(pair.Topic + "/+/cmd", 1));

            Assert.True(pair.Backend.Publish(pair.Topic + "/dev-7/cmd", new byte[] { 7 }, 0, 1, 1, false));

            Assert.Equal(pair.Topic + "/dev-7/cmd", Assert.Single(pair.Received.WaitForMessages(1)).Topic);
        }

        [Fact]
        public void Publish_ThousandMessagesQos1_ArriveInOrderWithOwnPayloads()
        {
            const int Count = 1000;
            using ClientPair pair = _broker.Pair("seq");
            Assert.True(pair.Device.Subscribe(pair.Topic, 1));

            byte[] buffer = new byte[4];
            for (int i = 0; i < Count; i++)
            {
                // The same buffer every time: the transport must copy it.
                BitConverter.TryWriteBytes(buffer, i);
                Assert.True(pair.Backend.Publish(pair.Topic, buffer, 0, buffer.Length, 1, false), "publish " + i);
            }

            List<(string Topic, byte[] Payload)> messages = pair.Received.WaitForMessages(Count);
            Assert.Equal(Count, messages.Count);
            for (int i = 0; i < Count; i++)
            {
                Assert.Equal(i, BitConverter.ToInt32(messages[i].Payload));
            }
        }

        [Fact]
        public void Publish_BinaryPayloads_ArriveByteExactIncludingEmpty()
        {
            byte[] allValues = new byte[256];
            for (int i = 0; i < allValues.Length; i++)
            {
                allValues[i] = (byte)i;
            }

            byte[][] payloads =
            {
                Array.Empty<byte>(),
                new byte[] { 0 },
                allValues,
                new byte[1000],
                RandomNumberGenerator.GetBytes(200 * 1024),
            };
            using ClientPair pair = _broker.Pair("bin");
            Assert.True(pair.Device.Subscribe(pair.Topic, 1));

            foreach (byte[] payload in payloads)
            {
                Assert.True(pair.Backend.Publish(pair.Topic, payload, 0, payload.Length, 1, false));
            }

            List<(string Topic, byte[] Payload)> messages = pair.Received.WaitForMessages(payloads.Length);
            Assert.Equal(payloads.Length, messages.Count);
            for (int i = 0; i < payloads.Length; i++)
            {
                Assert.Equal(payloads[i], messages[i].Payload);
            }
        }

        [Fact]
        public void Publish_SubRange_SendsOnlyThoseBytes()
        {
            using ClientPair pair = _broker.Pair("range");
            Assert.True(pair.Device.Subscribe(pair.Topic, 0));

            byte[] buffer = Encoding.ASCII.GetBytes("xxPAYLOADyyy");
            Assert.True(pair.Backend.Publish(pair.Topic, buffer, 2, 7, 0, false));

            Assert.Equal("PAYLOAD", Encoding.ASCII.GetString(Assert.Single(pair.Received.WaitForMessages(1)).Payload));
        }

        [Fact]
        public void Publish_BadRangeOrQos_Throws()
        {
            using MqttNetTransport backend = _broker.Connected("backend");
            byte[] buffer = new byte[4];

            Assert.Throws<ArgumentOutOfRangeException>(() => backend.Publish("mda/x", buffer, 3, 2, 0, false));
            Assert.Throws<ArgumentOutOfRangeException>(() => backend.Publish("mda/x", buffer, -1, 1, 0, false));
            Assert.Throws<ArgumentOutOfRangeException>(() => backend.Publish("mda/x", buffer, 0, 1, 3, false));
            Assert.Throws<ArgumentOutOfRangeException>(() => backend.Subscribe("mda/x", -1));
            Assert.Throws<ArgumentNullException>(() => backend.Publish("mda/x", null!, 0, 0, 0, false));
        }

        [Fact]
        public void Publish_FromFourThreadsAtOnce_AllDeliveredInOrderPerThread()
        {
            const int Threads = 4;
            const int PerThread = 100;
            using ClientPair pair = _broker.Pair("many");
            Assert.True(pair.Device.Subscribe(pair.Topic, 1));

            // Dedicated threads, as the virtual device's callers are (blocking pool threads would starve MQTTnet).
            bool[] results = new bool[Threads];
            Thread[] publishers = new Thread[Threads];
            for (int t = 0; t < Threads; t++)
            {
                int thread = t;
                publishers[t] = new Thread(() =>
                {
                    bool all = true;
                    for (int i = 0; i < PerThread; i++)
                    {
                        byte[] payload = { (byte)thread, (byte)i };
                        all &= pair.Backend.Publish(pair.Topic, payload, 0, payload.Length, 1, false);
                    }

                    results[thread] = all;
                });
                publishers[t].Start();
            }

            foreach (Thread publisher in publishers)
            {
                Assert.True(publisher.Join(Poll.Timeout), "a publisher thread hangs");
            }

            Assert.All(results, Assert.True);
            List<(string Topic, byte[] Payload)> messages = pair.Received.WaitForMessages(Threads * PerThread);
            Assert.Equal(Threads * PerThread, messages.Count);
            int[] next = new int[Threads];
            foreach ((string _, byte[] payload) in messages)
            {
                Assert.Equal(next[payload[0]]++, payload[1]);
            }
        }

        [Fact]
        public void Connect_ClosedPort_ReturnsFalseQuickly()
        {
            using MqttNetTransport transport = new MqttNetTransport(PlainBrokerFixture.Options(MosquittoBroker.FreePort()));

            Stopwatch watch = Stopwatch.StartNew();
            Assert.False(transport.Connect(PlainBrokerFixture.UniqueClientId("nobody")));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), "took " + watch.Elapsed);
            Assert.False(transport.IsConnected);
        }

        [Fact]
        public void Connect_ServerNeverAnswers_ReturnsFalseAfterConnectTimeout()
        {
            using ScriptedBroker silent = new ScriptedBroker(ScriptedBrokerBehaviour.NeverAnswer);
            MqttTransportOptions options = PlainBrokerFixture.Options(silent.Port);
            options.ConnectTimeout = TimeSpan.FromSeconds(1);
            using MqttNetTransport transport = new MqttNetTransport(options);

            Stopwatch watch = Stopwatch.StartNew();
            Assert.False(transport.Connect(PlainBrokerFixture.UniqueClientId("hang")));

            Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));
            Assert.False(transport.IsConnected);
        }

        [Fact]
        public void Publish_BrokerNeverAcknowledges_Qos1FalseAfterTimeoutQos0True()
        {
            using ScriptedBroker silent = new ScriptedBroker(ScriptedBrokerBehaviour.ConnAckOnly);
            MqttTransportOptions options = PlainBrokerFixture.Options(silent.Port);
            options.OperationTimeout = TimeSpan.FromSeconds(1);
            using MqttNetTransport transport = new MqttNetTransport(options);
            Assert.True(transport.Connect(PlainBrokerFixture.UniqueClientId("unacked")));
            byte[] payload = { 1, 2, 3 };
            Assert.True(transport.Publish("mda/unacked", payload, 0, payload.Length, 0, false));

            Stopwatch watch = Stopwatch.StartNew();
            Assert.False(transport.Publish("mda/unacked", payload, 0, payload.Length, 1, false));
            Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(6));

            Assert.False(transport.Subscribe("mda/unacked", 1));
            Assert.True(transport.IsConnected);
        }

        [Fact]
        public void Connect_PasswordListener_AcceptsOnlyTheRightCredentials()
        {
            MqttTransportOptions anonymous = PlainBrokerFixture.Options(_broker.PasswordPort);
            MqttTransportOptions wrong = PlainBrokerFixture.Options(_broker.PasswordPort);
            wrong.UserName = PlainBrokerFixture.UserName;
            wrong.Password = _broker.Password + "x";
            MqttTransportOptions right = PlainBrokerFixture.Options(_broker.PasswordPort);
            right.UserName = PlainBrokerFixture.UserName;
            right.Password = _broker.Password;

            using MqttNetTransport refusedAnonymous = new MqttNetTransport(anonymous);
            using MqttNetTransport refusedWrong = new MqttNetTransport(wrong);
            using MqttNetTransport accepted = new MqttNetTransport(right);

            Assert.False(refusedAnonymous.Connect(PlainBrokerFixture.UniqueClientId("anon")));
            Assert.False(refusedWrong.Connect(PlainBrokerFixture.UniqueClientId("wrong")));
            Assert.True(accepted.Connect(PlainBrokerFixture.UniqueClientId("right")), _broker.Broker.Log);
            Assert.False(refusedAnonymous.IsConnected);
            Assert.False(refusedWrong.IsConnected);
        }

        [Fact]
        public void Connect_OptionsChangedAfterConstruction_TransportKeepsItsCopy()
        {
            MqttTransportOptions options = PlainBrokerFixture.Options(_broker.AnonymousPort);
            using MqttNetTransport transport = new MqttNetTransport(options);

            options.Port = MosquittoBroker.FreePort();

            Assert.True(transport.Connect(PlainBrokerFixture.UniqueClientId("copy")));
        }

        [Fact]
        public void Subscribe_BrokerAnswersFailureCode_ReturnsFalse()
        {
            using ScriptedBroker refusing = new ScriptedBroker(ScriptedBrokerBehaviour.RefuseSubscriptions);
            using MqttNetTransport device = new MqttNetTransport(PlainBrokerFixture.Options(refusing.Port));
            Assert.True(device.Connect(PlainBrokerFixture.UniqueClientId("refused")));

            Assert.False(device.Subscribe("mda/cmd", 1));
            Assert.False(device.Subscribe("mda/cmd", 0));
            Assert.True(device.IsConnected);
        }

        [Fact]
        public void Subscribe_InvalidFilter_ReturnsFalse()
        {
            using MqttNetTransport device = _broker.Connected("device");

            Assert.False(device.Subscribe("mda/#/bad", 1));
            Assert.False(device.Subscribe(string.Empty, 1));
            Assert.True(device.IsConnected);
        }

        [Fact]
        public void PublishAndSubscribe_NeverConnected_ReturnFalse()
        {
            using MqttNetTransport transport = new MqttNetTransport(PlainBrokerFixture.Options(_broker.AnonymousPort));
            byte[] payload = { 1 };

            Assert.False(transport.IsConnected);
            Assert.False(transport.Publish("mda/x", payload, 0, 1, 1, false));
            Assert.False(transport.Publish("mda/x", payload, 0, 1, 0, false));
            Assert.False(transport.Subscribe("mda/x", 0));
            transport.Disconnect();
        }

        [Fact]
        public void Disconnect_ThenPublish_ReturnsFalseAndRaisesNoConnectionLost()
        {
            MqttNetTransport transport = _broker.Connected("device");
            TransportRecorder recorder = new TransportRecorder(transport);
            byte[] payload = { 1 };

            transport.Disconnect();

            Assert.False(transport.IsConnected);
            Assert.False(transport.Publish("mda/x", payload, 0, 1, 1, false));
            Assert.False(transport.Publish("mda/x", payload, 0, 1, 0, false));
            Assert.True(Poll.Until(() => transport.DisconnectReports == 1), "MQTTnet never reported the disconnect.");
            transport.Disconnect();
            transport.Dispose();
            Assert.Equal(0, recorder.ConnectionLostCount);
            Assert.Equal(1, transport.DisconnectReports);
        }

        [Fact]
        public void Connect_WhileConnected_ReplacesConnectionWithoutConnectionLost()
        {
            using ClientPair pair = _broker.Pair("again");

            Assert.True(pair.Device.Connect(PlainBrokerFixture.UniqueClientId("pair.Device-2")));
            Assert.True(pair.Device.Subscribe(pair.Topic, 1));
            Assert.True(pair.Backend.Publish(pair.Topic, new byte[] { 9 }, 0, 1, 1, false));

            Assert.Equal(new byte[] { 9 }, Assert.Single(pair.Received.WaitForMessages(1)).Payload);
            Assert.True(Poll.Until(() => pair.Device.DisconnectReports == 1), "MQTTnet never reported the first connection closed.");
            Assert.Equal(0, pair.Received.ConnectionLostCount);
        }

        [Fact]
        public void Dispose_ThenUse_ConnectThrowsOthersReturnFalse()
        {
            MqttNetTransport transport = _broker.Connected("device");

            transport.Dispose();
            transport.Dispose();

            Assert.False(transport.IsConnected);
            Assert.False(transport.Publish("mda/x", new byte[] { 1 }, 0, 1, 1, false));
            Assert.False(transport.Subscribe("mda/x", 1));
            Assert.Throws<ObjectDisposedException>(() => transport.Connect("again"));
        }

        [Fact]
        public void Publish_Qos1SentTwiceByPublisher_RaisesMessageReceivedTwice()
        {
            using MqttNetTransport device = _broker.Connected("device");
            TransportRecorder received = new TransportRecorder(device);
            string topic = PlainBrokerFixture.UniqueTopic("dup");
            Assert.True(device.Subscribe(topic, 1));
            byte[] payload = Encoding.UTF8.GetBytes("install 1.2.3");

            // A publisher that lost the PUBACK retransmits with DUP set; at QoS 1 the broker forwards both copies.
            using (TcpClient publisher = new TcpClient())
            {
                publisher.Connect("127.0.0.1", _broker.AnonymousPort);
                NetworkStream stream = publisher.GetStream();
                stream.Write(MqttWire.Connect(PlainBrokerFixture.UniqueClientId("raw")));
                Assert.Equal(0x20, MqttWire.Read(stream)!.Value.Header);
                stream.Write(MqttWire.PublishQos1(topic, 42, payload, duplicate: false));
                stream.Write(MqttWire.PublishQos1(topic, 42, payload, duplicate: true));
                Assert.Equal(MqttWire.PubAckType, MqttWire.Read(stream)!.Value.Header >> 4);
                Assert.Equal(MqttWire.PubAckType, MqttWire.Read(stream)!.Value.Header >> 4);
                stream.Write(MqttWire.Disconnect);
            }

            List<(string Topic, byte[] Payload)> messages = received.WaitForMessages(2);
            Assert.Equal(2, messages.Count);
            Assert.All(messages, m => Assert.Equal(payload, m.Payload));
            Assert.NotSame(messages[0].Payload, messages[1].Payload);
        }

        [Fact]
        public void MessageReceived_HandlerPublishesQos1_NoDeadlock()
        {
            using ClientPair pair = _broker.Pair("req");
            TransportRecorder replies = new TransportRecorder(pair.Backend);
            string reply = pair.Topic + "/reply";
            bool[] replySent = new bool[1];
            using ManualResetEventSlim handlerReturned = new ManualResetEventSlim(false);
            pair.Device.MessageReceived += (topic, payload) =>
            {
                Volatile.Write(ref replySent[0], pair.Device.Publish(reply, payload, 0, payload.Length, 1, false));
                handlerReturned.Set();
            };
            Assert.True(pair.Device.Subscribe(pair.Topic, 1));
            Assert.True(pair.Backend.Subscribe(reply, 1));

            Assert.True(pair.Backend.Publish(pair.Topic, new byte[] { 5 }, 0, 1, 1, false));

            // The broker forwards the reply before it sends the handler's PUBACK, so the reply can reach the
            // backend while Publish is still waiting: the handler's result is known only once it returned.
            Assert.Equal(new byte[] { 5 }, Assert.Single(replies.WaitForMessages(1)).Payload);
            Assert.True(handlerReturned.Wait(Poll.Timeout), "the handler's QoS 1 Publish never returned (deadlock)");
            Assert.True(Volatile.Read(ref replySent[0]));
        }

        [Fact]
        public void MessageReceived_HandlerDisconnects_ReturnsWithoutWaitingForTimeout()
        {
            MqttTransportOptions options = PlainBrokerFixture.Options(_broker.AnonymousPort);
            options.OperationTimeout = TimeSpan.FromSeconds(8);
            using ClientPair pair = ClientPair.Connect(options, options, "bye", _broker.Broker);
            TimeSpan[] took = { TimeSpan.MaxValue };
            pair.Device.MessageReceived += (_, _) =>
            {
                Stopwatch watch = Stopwatch.StartNew();
                pair.Device.Disconnect();
                took[0] = watch.Elapsed;
            };
            Assert.True(pair.Device.Subscribe(pair.Topic, 1));

            Assert.True(pair.Backend.Publish(pair.Topic, new byte[] { 1 }, 0, 1, 1, false));

            Assert.True(Poll.Until(() => took[0] != TimeSpan.MaxValue), "handler never ran");
            Assert.True(took[0] < TimeSpan.FromSeconds(4), "Disconnect inside the handler took " + took[0]);
            Assert.False(pair.Device.IsConnected);
            Assert.True(Poll.Until(() => pair.Device.DisconnectReports == 1), "MQTTnet never reported the disconnect.");
        }

        [Fact]
        public void MessageReceived_HandlerThrows_LaterMessagesStillDelivered()
        {
            // The recorder is subscribed first, so it sees the message the throwing handler fails on.
            using ClientPair pair = _broker.Pair("throw");
            int calls = 0;
            pair.Device.MessageReceived += (_, _) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new InvalidOperationException("core fault");
                }
            };
            Assert.True(pair.Device.Subscribe(pair.Topic, 1));

            Assert.True(pair.Backend.Publish(pair.Topic, new byte[] { 1 }, 0, 1, 1, false));
            Assert.True(pair.Backend.Publish(pair.Topic, new byte[] { 2 }, 0, 1, 1, false));

            // The recorder runs before the throwing handler for each message: wait for the handler too.
            Assert.Equal(2, pair.Received.WaitForMessages(2).Count);
            Assert.True(Poll.Until(() => Volatile.Read(ref calls) >= 2), "the handler never saw the second message");
            Assert.Equal(2, calls);
            Assert.Equal(1, pair.Device.HandlerFailures);
            Assert.True(pair.Device.IsConnected);
        }
    }
}
