using System;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Platform
{
    /// <summary>
    /// The device's event sink until the tamper-evident log exists: writes each decision of the core
    /// as one console line (<c>event CODE DETAIL</c>, numeric values of <see cref="SecurityEventCode"/>),
    /// visible on the serial debug output.
    /// </summary>
    /// <remarks>
    /// Keeps nothing: events are not stored on the device yet. RAM: the line string per event (a few
    /// events per update or boot, never per payload block). Timing: one console write per event.
    /// </remarks>
    internal sealed class ConsoleEventSink : IEventSink
    {
        /// <inheritdoc />
        public void Record(SecurityEventCode code, long detail)
        {
            Console.WriteLine("event " + ((int)code).ToString() + " " + detail.ToString());
        }
    }
}
