using System;
using System.Diagnostics;
using System.Text;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>
    /// The core's <see cref="DeviceAgent"/> on host adapters: the virtual device's flash (its queue files beside the
    /// state records), an <see cref="MqttNetTransport"/> over mutual TLS with the bundle's certificate (the broker verified
    /// against the bundle's CA), the portable HMAC with the bundle's telemetry key (kid = the device id's UTF-8 bytes),
    /// the host CSPRNG for the back-off jitter and a monotonic stopwatch for time.
    /// </summary>
    /// <remarks>
    /// Creating one claims a telemetry boot on the device (<see cref="Firmware.Core.Update.UpdateEngine.BeginTelemetryBoot"/>,
    /// one state write), so the device must be powered on. Not thread-safe (one thread steps it at a time); many agents
    /// can share a few threads (<see cref="AgentFleet"/>).
    /// </remarks>
    public sealed class VirtualAgent : IDisposable
    {
        private readonly MqttNetTransport _transport;
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        /// <summary>Builds the agent of <paramref name="device"/> with <paramref name="bundle"/>.</summary>
        /// <exception cref="ArgumentException">The bundle's device id is not the device's.</exception>
        public VirtualAgent(SimDevice device, DeviceBundle bundle, VirtualAgentOptions options)
        {
            ArgumentNullException.ThrowIfNull(device);
            ArgumentNullException.ThrowIfNull(bundle);
            ArgumentNullException.ThrowIfNull(options);
            if (device.Engine.State.Trust.DeviceId != bundle.DeviceId)
            {
                throw new ArgumentException("the bundle is for device '" + bundle.DeviceId + "', the virtual device is '" + device.Engine.State.Trust.DeviceId + "'", nameof(bundle));
            }

            Device = device;
            MqttTransportOptions transport = new MqttTransportOptions
            {
                Host = options.BrokerHost,
                Port = options.BrokerPort,
                UseTls = true,
                CaCertificatePem = bundle.CaPem,
                ConnectTimeout = options.ConnectTimeout,
                OperationTimeout = options.OperationTimeout,
            };
            transport.SetClientCertificate(bundle.CertificatePem, bundle.KeyPem);
            _transport = new MqttNetTransport(transport);
            byte[] key = bundle.TelemetryKey;
            TelemetryEncoder encoder = new TelemetryEncoder(new PortableMessageAuthenticator(key, 0, key.Length), Encoding.UTF8.GetBytes(bundle.DeviceId));
            Array.Clear(key);
            ReconnectBackoff backoff = new ReconnectBackoff(new SystemRandomSource(), options.BackoffBaseMilliseconds, options.BackoffCapMilliseconds, BackoffJitter.Full);
            DeviceAgentOptions agentOptions = new DeviceAgentOptions
            {
                TelemetryPeriodMilliseconds = options.TelemetryPeriodMilliseconds,
                MaxIdleMilliseconds = options.MaxIdleMilliseconds,
            };
            long boot = device.Engine.BeginTelemetryBoot();

            Agent = new DeviceAgent(_transport, device.Storage, options.QueueLimits, encoder, device.Events, backoff, device.Engine.State, boot, options.Sensor, new FixedMemoryGauge(FixedMemoryGauge.DefaultFreeBytes), agentOptions);
        }

        /// <summary>The virtual device.</summary>
        public SimDevice Device { get; }

        /// <summary>The core agent.</summary>
        public DeviceAgent Agent { get; }

        /// <summary>Milliseconds since this agent was made (its monotonic clock, the device's uptime).</summary>
        public long NowMilliseconds => _clock.ElapsedMilliseconds;

        /// <summary>Starts the agent now.</summary>
        public void Start() => Agent.Start(NowMilliseconds);

        /// <summary>One step now; returns the delay before the next.</summary>
        public int Step() => Agent.Step(NowMilliseconds);

        /// <summary>Stops the agent cleanly (state offline, DISCONNECT).</summary>
        public void Stop() => Agent.Stop();

        /// <summary>Stops and releases the connection.</summary>
        public void Dispose()
        {
            Agent.Stop();
            _transport.Dispose();
        }
    }
}
