using System;
using System.Text;
using BenchmarkDotNet.Attributes;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice;
using MedDeviceAgent.VirtualDevice.Agent;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.Benchmarks
{
    /// <summary>
    /// One telemetry message of the device agent on the host build: build the reading, encode, MAC with the portable
    /// HMAC, append to the flash queue (preallocated in-memory flash) and delete it as after its PUBACK.
    /// </summary>
    [MemoryDiagnoser]
    public class TelemetryAgentBenchmarks
    {
        private DeviceAgent _agent = null!;
        private long _now;

        /// <summary>A provisioned virtual device and its agent, offline (no transport traffic is measured).</summary>
        [GlobalSetup]
        public void Setup()
        {
            OutboundQueueLimits limits = new OutboundQueueLimits(64, 64 * 256, 256);
            MemoryStorage flash = new MemoryStorage(limits.DataCapacity);
            flash.Preallocate(OutboundQueue.DataName, OutboundQueue.IndexNameA, OutboundQueue.IndexNameB);
            SimDevice device = new SimDevice(flash, new ManualClock(1800000000, true), 1 << 16, new UpdateOptions());
            TrustAnchor anchor = new TrustAnchor();
            byte[] root = new byte[32];
            root[0] = 1;
            anchor.Set(1, CoseAlgorithm.EdDSA, root, 0, root.Length);
            device.Engine.Provision("acme", "pump-x1", "dev-bench", anchor, Encoding.ASCII.GetBytes("factory 1.0.0"), 1, 0, 0, 3);
            device.PowerOn();
            byte[] key = new byte[32];
            TelemetryEncoder encoder = new TelemetryEncoder(new PortableMessageAuthenticator(key, 0, key.Length), Encoding.UTF8.GetBytes("dev-bench"));
            _agent = new DeviceAgent(new Offline(), flash, limits, encoder, new RecordingEventSink(), new ReconnectBackoff(new SystemRandomSource(), 100, 1000, BackoffJitter.Full), device.Engine.State, device.Engine.BeginTelemetryBoot(), null, new FixedMemoryGauge(FixedMemoryGauge.DefaultFreeBytes), new DeviceAgentOptions());
            _agent.Start(0);
        }

        /// <summary>Encode + MAC + queue append, then the ack that deletes it.</summary>
        [Benchmark]
        public long CaptureAndAck()
        {
            _now += 1000;
            long id = _agent.CaptureTelemetry(_now);
            _agent.Queue.Ack(id);
            return id;
        }

        /// <summary>A transport that is never connected (the benchmark measures no network).</summary>
        private sealed class Offline : IMqttTransport
        {
            public event MqttMessageHandler? MessageReceived
            {
                add { }
                remove { }
            }

            public event MqttConnectionLostHandler? ConnectionLost
            {
                add { }
                remove { }
            }

            public bool IsConnected => false;

            public bool Connect(string clientId, MqttLastWill? will) => false;

            public void Disconnect()
            {
            }

            public bool Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain) => false;

            public bool Subscribe(string topicFilter, int qos) => false;
        }
    }
}
