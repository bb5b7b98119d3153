using System;

namespace MedDeviceAgent.Cli
{
    /// <summary>Entry point: composes the command tree and runs it.</summary>
    public static class Program
    {
        /// <summary>Runs mda with the process's console.</summary>
        public static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
    }
}
