using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Mqtt;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent.Support
{
    /// <summary>The companion's side in the tests: the operator identity subscribed to every device topic, verifying telemetry with the core's verifier.</summary>
    public sealed class OperatorSubscriber : IDisposable
    {
        private readonly MqttNetTransport _transport;

        public OperatorSubscriber(AgentPki pki, int port)
        {
            MqttTransportOptions options = new MqttTransportOptions
            {
                Host = "127.0.0.1",
                Port = port,
                UseTls = true,
                CaCertificatePem = File.ReadAllText(Path.Combine(pki.OperatorBundle, "ca.pem")),
            };
            options.SetClientCertificate(File.ReadAllText(Path.Combine(pki.OperatorBundle, "cert.pem")), File.ReadAllText(Path.Combine(pki.OperatorBundle, "key.pem")));
            _transport = new MqttNetTransport(options);
            _transport.MessageReceived += (topic, payload) => Received.Enqueue((topic, payload));
            Assert.True(Poll.Until(() => _transport.Connect(AgentPki.Operator) || false, TimeSpan.FromSeconds(20)), "operator could not connect");
            Assert.True(_transport.Subscribe("mda/v1/#", 1));
        }

        public ConcurrentQueue<(string Topic, byte[] Payload)> Received { get; } = new ConcurrentQueue<(string Topic, byte[] Payload)>();

        /// <summary>Telemetry received for <paramref name="deviceId"/>, decoded after the MAC and topic checks (every message must be authentic; replays allowed).</summary>
        public List<(long Boot, long Seq, TelemetryResult Result)> Telemetry(string deviceClass, string deviceId, byte[] key)
        {
            TelemetryVerifier verifier = new TelemetryVerifier();
            verifier.Register(new TelemetryDevice(deviceClass, deviceId, System.Text.Encoding.UTF8.GetBytes(deviceId), new PortableMessageAuthenticator(key, 0, key.Length), -1, 0));
            List<(long, long, TelemetryResult)> result = new List<(long, long, TelemetryResult)>();
            foreach ((string topic, byte[] payload) in Received.ToArray())
            {
                if (topic != Topics.TelemetryTopic(deviceClass, deviceId))
                {
                    continue;
                }

                TelemetryResult verdict = verifier.Verify(topic, payload, 0, payload.Length);
                Assert.True(verdict == TelemetryResult.Accepted || verdict == TelemetryResult.AcceptedAfterGap || verdict == TelemetryResult.Replayed, "telemetry rejected: " + verdict);
                result.Add((verifier.Message.Boot, verifier.Message.Sequence, verdict));
            }

            return result;
        }

        /// <summary>Payloads received on <paramref name="topic"/>.</summary>
        public List<byte[]> On(string topic) => Received.Where(m => m.Topic == topic).Select(m => m.Payload).ToList();

        public void Dispose() => _transport.Dispose();
    }
}
