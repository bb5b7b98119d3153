using System.Device.Gpio;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Firmware.Platform;

namespace MedDeviceAgent.Firmware
{
    /// <summary>Device entry point: creates the ESP32 adapters, hands them to the core, then idles.</summary>
    /// <remarks>
    /// The broker connection (<see cref="M2MqttTransport"/>) needs the broker address and the device's
    /// certificates, which provisioning writes to internal flash; the agent creates it once those are present.
    /// The adapters live in static fields so that the LED timer and the SNTP state stay reachable.
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

            // Update delivery over MQTT (s_random, M2MqttTransport) is wired by the update-delivery work.
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
