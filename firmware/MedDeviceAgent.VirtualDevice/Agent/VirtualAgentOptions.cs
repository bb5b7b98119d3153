using System;
using MedDeviceAgent.Firmware.Core.Agent;

namespace MedDeviceAgent.VirtualDevice.Agent
{
    /// <summary>Settings of a <see cref="VirtualAgent"/>: broker, period, queue size, back-off, transport timeouts.</summary>
    public sealed class VirtualAgentOptions
    {
        /// <summary>Broker host name or address (must match the broker certificate).</summary>
        public string BrokerHost { get; set; } = "127.0.0.1";

        /// <summary>Broker TLS port.</summary>
        public int BrokerPort { get; set; } = 8883;

        /// <summary>Telemetry period in milliseconds.</summary>
        public int TelemetryPeriodMilliseconds { get; set; } = DeviceAgentOptions.DefaultTelemetryPeriodMilliseconds;

        /// <summary>Longest sleep between steps in milliseconds.</summary>
        public int MaxIdleMilliseconds { get; set; } = 1000;

        /// <summary>Queue capacity (default: 256 messages of up to 256 bytes, 32 KiB of payload).</summary>
        public OutboundQueueLimits QueueLimits { get; set; } = new OutboundQueueLimits(256, 32 * 1024, 256);

        /// <summary>First reconnect delay bound in milliseconds.</summary>
        public int BackoffBaseMilliseconds { get; set; } = 500;

        /// <summary>Largest reconnect delay in milliseconds.</summary>
        public int BackoffCapMilliseconds { get; set; } = 30000;

        /// <summary>Transport connect timeout (TCP, TLS, CONNACK).</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Transport operation timeout (the bound on waiting for a PUBACK).</summary>
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>Sensor for telemetry key 8, or null.</summary>
        public ITelemetrySensor? Sensor { get; set; }
    }
}
