using System.Device.Gpio;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary>
    /// <see cref="IIndicator"/> on one LED: off when idle, slow blink while updating, double-speed blink while an
    /// image is on test, fast blink for attention, steady on for a fault.
    /// </summary>
    /// <remarks>RAM: one GPIO pin and one timer. The timer callback only toggles the pin.</remarks>
    internal sealed class GpioIndicator : IIndicator
    {
        private readonly GpioPin _pin;
        private readonly Timer _timer;
        private readonly object _sync = new object();

        /// <summary>Drives the LED on GPIO <paramref name="pinNumber"/> (active high).</summary>
        public GpioIndicator(GpioController controller, int pinNumber)
        {
            _pin = controller.OpenPin(pinNumber, PinMode.Output);
            _pin.Write(PinValue.Low);
            _timer = new Timer(Toggle, null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <inheritdoc />
        public void Show(IndicatorState state)
        {
            lock (_sync)
            {
                int period = PeriodOf(state);
                _timer.Change(Timeout.Infinite, Timeout.Infinite);
                _pin.Write(state == IndicatorState.Fault ? PinValue.High : PinValue.Low);
                if (period > 0)
                {
                    _timer.Change(period, period);
                }
            }
        }

        /// <summary>Blink half-period in milliseconds, 0 for a steady LED.</summary>
        private static int PeriodOf(IndicatorState state)
        {
            switch (state)
            {
                case IndicatorState.Updating:
                    return 500;
                case IndicatorState.Testing:
                    return 250;
                case IndicatorState.Attention:
                    return 100;
                default:
                    return 0;
            }
        }

        private void Toggle(object state)
        {
            _pin.Toggle();
        }
    }
}
