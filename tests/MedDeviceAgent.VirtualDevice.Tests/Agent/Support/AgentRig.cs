using System;
using System.Collections.Generic;
using System.Text;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Agent;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent.Support
{
    /// <summary>
    /// A provisioned virtual device with a core <see cref="DeviceAgent"/> on a given transport, flash behind the power-cut
    /// decorator, a seeded random source and a manual millisecond clock: power it on, make agents, verify what arrived.
    /// </summary>
    public sealed class AgentRig
    {
        public const string DeviceClass = "pump-x1";
        public static readonly byte[] TelemetryKey = Convert.FromHexString("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");

        public AgentRig(string deviceId = "dev-a", IStorage? medium = null, OutboundQueueLimits? limits = null, int periodMs = 1000, int tearSeed = 7)
        {
            DeviceId = deviceId;
            Storage = new FaultInjectingStorage(medium ?? new MemoryStorage(1 << 20), tearSeed);
            Limits = limits ?? new OutboundQueueLimits(64, 64 * 256, 256);
            PeriodMs = periodMs;
            Device = new SimDevice(Storage, new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true), 1 << 16, new UpdateOptions());
            TrustAnchor anchor = new TrustAnchor();
            byte[] rootKey = new byte[32];
            rootKey[0] = 1;
            anchor.Set(1, CoseAlgorithm.EdDSA, rootKey, 0, rootKey.Length);
            Device.Engine.Provision("acme", DeviceClass, deviceId, anchor, Encoding.ASCII.GetBytes("factory 1.0.0"), 1, 0, 0, 3);
        }

        public string DeviceId { get; }
        public FaultInjectingStorage Storage { get; }
        public OutboundQueueLimits Limits { get; }
        public int PeriodMs { get; }
        public SimDevice Device { get; }
        public RecordingEventSink Events => Device.Events;

        /// <summary>A random source with a fixed seed (reproducible back-off).</summary>
        public sealed class SeededRandom : IRandomSource
        {
            private readonly Random _random;

            public SeededRandom(int seed) => _random = new Random(seed);

            public void Fill(byte[] buffer, int offset, int count) => _random.NextBytes(buffer.AsSpan(offset, count));
        }

        /// <summary>Powers the device on (a fresh engine) and makes an agent for this boot on <paramref name="transport"/>.</summary>
        public DeviceAgent Boot(IMqttTransport transport, ReconnectBackoff? backoff = null, ITelemetrySensor? sensor = null)
        {
            Device.PowerOn();
            long boot = Device.Engine.BeginTelemetryBoot();
            return NewAgent(transport, boot, backoff, sensor);
        }

        public DeviceAgent NewAgent(IMqttTransport transport, long boot, ReconnectBackoff? backoff = null, ITelemetrySensor? sensor = null)
        {
            TelemetryEncoder encoder = new TelemetryEncoder(new PortableMessageAuthenticator(TelemetryKey, 0, TelemetryKey.Length), Encoding.UTF8.GetBytes(DeviceId));
            return new DeviceAgent(transport, Storage, Limits, encoder, Events, backoff ?? new ReconnectBackoff(new SeededRandom(5), 100, 10000, BackoffJitter.Full), Device.Engine.State, boot, sensor, new FixedMemoryGauge(50000), new DeviceAgentOptions { TelemetryPeriodMilliseconds = PeriodMs });
        }

        /// <summary>A receiver that knows this device (fresh high-water mark).</summary>
        public TelemetryVerifier NewVerifier()
        {
            TelemetryVerifier verifier = new TelemetryVerifier();
            verifier.Register(new TelemetryDevice(DeviceClass, DeviceId, Encoding.UTF8.GetBytes(DeviceId), new PortableMessageAuthenticator(TelemetryKey, 0, TelemetryKey.Length), -1, 0));
            return verifier;
        }

        /// <summary>Steps <paramref name="agent"/> from <paramref name="from"/> to <paramref name="to"/> ms, as a device loop would (honouring the delays it asks for).</summary>
        public static long Run(DeviceAgent agent, long from, long to)
        {
            long now = from;
            while (now <= to)
            {
                int delay = agent.Step(now);
                now += Math.Max(delay, 1);
            }

            return now;
        }

        /// <summary>Decodes telemetry deliveries into (boot, seq) with the verifier (all must be authentic).</summary>
        public static List<(long Boot, long Seq)> Verify(TelemetryVerifier verifier, IEnumerable<FakeBroker.Delivery> deliveries)
        {
            List<(long, long)> pairs = new List<(long, long)>();
            foreach (FakeBroker.Delivery d in deliveries)
            {
                if (!d.Topic.EndsWith("/telemetry", StringComparison.Ordinal))
                {
                    continue;
                }

                TelemetryResult result = verifier.Verify(d.Topic, d.Payload, 0, d.Payload.Length);
                Assert.True(result == TelemetryResult.Accepted, "result " + result);
                pairs.Add((verifier.Message.Boot, verifier.Message.Sequence));
            }

            return pairs;
        }
    }
}
