using System;
using System.Device.Gpio;
using System.Text;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Telemetry;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Firmware.Platform;

namespace MedDeviceAgent.Firmware
{
    /// <summary>Device entry point: creates the ESP32 adapters, runs the boot decision, then loops on the device agent.</summary>
    /// <remarks>
    /// The broker connection (<see cref="M2MqttTransport"/>, mutual TLS 1.2) needs the broker address and the device's
    /// certificates, which provisioning writes to internal flash (<see cref="AgentSettings"/>); without them the device
    /// runs without telemetry and says so on the console. The agent loop runs on the main thread: one
    /// <see cref="DeviceAgent.Step"/>, then a sleep of the delay it asks for (at most 1 s); a storage fault is printed and
    /// retried after a second (the queue reopens itself). RAM: the agent (about 3 KB with its encoder and queue buffers),
    /// one TLS session (about 33 KB native). The adapters live in static fields so that the LED timer and the SNTP state
    /// stay reachable.
    /// </remarks>
    public class Program
    {
        /// <summary>GPIO of the status LED (the on-board LED of common ESP32 DevKit boards).</summary>
        public const int StatusLedPin = 2;

        /// <summary>Size of one image slot in bytes: the board's slot plan (<see cref="DeviceBoard"/>, hardware/boards/).</summary>
        public const int SlotCapacityBytes = DeviceBoard.SlotCapacityBytes;

        private static IStorage s_storage;
        private static SntpClock s_clock;
        private static IRandomSource s_random;
        private static IIndicator s_indicator;
        private static IInstaller s_installer;
        private static UpdateEngine s_updates;
        private static WorkYieldScope s_yield;
        private static DeviceAgent s_agent;

        /// <summary>Starts the agent.</summary>
        public static void Main()
        {
            s_storage = new Esp32FileStorage(Esp32FileStorage.DefaultRoot);
            s_clock = new SntpClock(null);
            s_random = new HardwareRandomSource();
            s_indicator = new GpioIndicator(new GpioController(), StatusLedPin);
            s_installer = new DeviceRebootInstaller(s_storage, SlotCapacityBytes);

            s_indicator.Show(IndicatorState.Idle);
            s_clock.Synchronize();

            // This thread runs the core's long work (boot image check, later verify and stage): it yields to
            // the other threads at the core's yield points. The reference board has no external watchdog.
            s_yield = WorkYield.Enter(new CooperativeWorkYield(null));

            // Boot decision first: confirm a test image that came up healthy, or revert one that did not.
            s_updates = new UpdateEngine(s_storage, s_clock, s_installer, s_indicator, new SelfTestHealthCheck(s_storage), new ConsoleEventSink(), new UpdateOptions { BlockSize = 4096, CheckpointEveryBlocks = DeviceBoard.CheckpointEveryBlocks });
            if (!s_updates.PowerOn())
            {
                s_indicator.Show(IndicatorState.Fault);
            }

            AgentSettings settings = AgentSettings.Load();
            if (settings == null)
            {
                Console.WriteLine("agent: not provisioned for telemetry (I:\\mda\\agent.cfg and the bundle files); idle");
                Thread.Sleep(Timeout.Infinite);
            }

            // Update delivery over MQTT is wired by the update-delivery work; this loop carries telemetry.
            s_agent = CreateAgent(settings);
            s_agent.Start(Environment.TickCount64);
            while (true)
            {
                int delay;
                try
                {
                    delay = s_agent.Step(Environment.TickCount64);
                }
                catch (Exception e)
                {
                    // A flash fault: the queue closed itself and reopens at the next step.
                    Console.WriteLine("agent: " + e.Message);
                    delay = 1000;
                }

                if (delay > 0)
                {
                    Thread.Sleep(delay);
                }
            }
        }

        /// <summary>The device agent: M2Mqtt over TLS 1.2 with the bundle's certificates, native HMAC with the telemetry key.</summary>
        private static DeviceAgent CreateAgent(AgentSettings settings)
        {
            IMqttTransport transport = new M2MqttTransport(settings.BrokerHost, settings.BrokerPort, settings.CaPem, settings.CertificatePem, settings.KeyPem);
            string deviceId = s_updates.State.Trust.DeviceId;
            TelemetryEncoder encoder = new TelemetryEncoder(new NativeHmacAuthenticator(settings.TelemetryKey), Encoding.UTF8.GetBytes(deviceId));
            DeviceAgentOptions options = new DeviceAgentOptions();
            options.TelemetryPeriodMilliseconds = settings.PeriodMilliseconds;
            ReconnectBackoff backoff = new ReconnectBackoff(s_random, 1000, 300000, BackoffJitter.Full);

            // 64 messages of up to 256 bytes in flash (about 21 KB of the I: drive): an hour offline at a 60 s period.
            OutboundQueueLimits limits = new OutboundQueueLimits(64, 64 * 256, 256);
            return new DeviceAgent(transport, s_storage, limits, encoder, new ConsoleEventSink(), backoff, s_updates.State, s_updates.BeginTelemetryBoot(), null, new NativeMemoryGauge(), options);
        }
    }
}
