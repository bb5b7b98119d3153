using System.Device.Gpio;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary>
    /// <see cref="IWorkYield"/> for the ESP32: at every yield point of a verification or a staging block it
    /// pulses an external watchdog (when the board has one) and gives the rest of the thread's time slice to
    /// the other managed threads with <c>Thread.Sleep(0)</c>, so that the MQTT client's threads (keep-alive,
    /// receive) run promptly while the update thread verifies for seconds.
    /// </summary>
    /// <remarks>
    /// <para>Why this is enough on nanoFramework 1.x: the interpreter switches managed threads every 20 ms time
    /// quantum (nf-interpreter CLR_RT_Thread::c_TimeQuantum_Milliseconds), so the MQTT threads run during a
    /// verification whatever it does; on ESP32 the CLR's watchdog hook is the empty default
    /// (src/HAL/nanoHAL_Watchdog.c) and the stock firmware does not start the ESP-IDF task watchdog
    /// (CONFIG_ESP_TASK_WDT_INIT=n), so no native watchdog sees managed work. What can starve is what waits on
    /// the update thread: an external supervisor fed from managed code, and anything that shares the update's
    /// thread. So the update must run on its own thread, never inside the MQTT message handler (that would
    /// block M2Mqtt's dispatch thread for the whole verification); the handler only queues the request.</para>
    /// <para>Intervals: the core calls <see cref="Yield"/> at least every eighth of a signature verification
    /// and once per 4 KiB staging block (see <see cref="IWorkYield"/>). An external watchdog's timeout must
    /// exceed the longest gap: an eighth of the measured verification time plus one block's flash time
    /// (a 4 KiB sector erase is typically 45 ms, 400 ms at worst on common SPI NOR parts).</para>
    /// <para>Cost per call: one GPIO toggle (when configured) and one reschedule; no allocation.
    /// Sleep(0) keeps the thread ready but makes it the last to run (nf-interpreter
    /// UpdateToLowestExecutionCounter), so other ready threads get the CPU first.</para>
    /// </remarks>
    internal sealed class CooperativeWorkYield : IWorkYield
    {
        private readonly GpioPin _watchdogPin;

        /// <summary>Creates the hook; <paramref name="watchdogPin"/> is the external watchdog's input, or null when the board has none.</summary>
        public CooperativeWorkYield(GpioPin watchdogPin)
        {
            _watchdogPin = watchdogPin;
        }

        /// <inheritdoc />
        public void Yield()
        {
            if (_watchdogPin != null)
            {
                _watchdogPin.Toggle();
            }

            Thread.Sleep(0);
        }
    }
}
