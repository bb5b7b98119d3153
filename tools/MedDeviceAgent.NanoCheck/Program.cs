using System;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>Entry point (skeleton).</summary>
    public static class Program
    {
        /// <summary>Runs the check.</summary>
        public static int Main(string[] args)
        {
            Console.Error.WriteLine("NanoCheck: not implemented yet");
            return 2;
        }
    }
}
