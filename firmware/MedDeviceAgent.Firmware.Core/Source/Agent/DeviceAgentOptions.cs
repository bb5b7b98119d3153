using System;

namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>Settings of a <see cref="DeviceAgent"/>: how often it measures, and the most it sleeps between steps.</summary>
    /// <remarks>Validated by the setters; the agent copies them at construction.</remarks>
    public sealed class DeviceAgentOptions
    {
        /// <summary>Default telemetry period: 60 s.</summary>
        public const int DefaultTelemetryPeriodMilliseconds = 60000;

        private int _period = DefaultTelemetryPeriodMilliseconds;
        private int _maxIdle = 1000;

        /// <summary>Milliseconds between two telemetry messages (1 or more; the first is taken at <see cref="DeviceAgent.Start"/>).</summary>
        /// <exception cref="ArgumentOutOfRangeException">Below 1.</exception>
        public int TelemetryPeriodMilliseconds
        {
            get
            {
                return _period;
            }

            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(value));
                }

                _period = value;
            }
        }

        /// <summary>
        /// Longest delay <see cref="DeviceAgent.Step"/> asks for (1 or more, default 1 s), so a dropped connection is
        /// noticed within it even while nothing is due.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">Below 1.</exception>
        public int MaxIdleMilliseconds
        {
            get
            {
                return _maxIdle;
            }

            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(value));
                }

                _maxIdle = value;
            }
        }
    }
}
