using System.Threading;

namespace MedDeviceAgent.Firmware
{
    /// <summary>Device entry point (skeleton): wires the ESP32 adapters into the core.</summary>
    public class Program
    {
        /// <summary>Starts the agent.</summary>
        public static void Main()
        {
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
