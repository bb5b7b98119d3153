using System;

namespace MedDeviceAgent.NanoCheck
{
    /// <summary>Entry point of the nanoFramework surface check (see <see cref="CommandLine.HelpText"/>).</summary>
    public static class Program
    {
        /// <summary>Runs the check; the exit code is 0 (clean), 1 (violations) or 2 (usage or input error).</summary>
        public static int Main(string[] args)
        {
            return CommandLine.Run(args, Console.Out, Console.Error);
        }
    }
}
