using System.CommandLine;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>The 'mda sim' command group.</summary>
    internal static class SimCommands
    {
        /// <summary>Builds the group.</summary>
        public static Command Create()
        {
            Command group = new Command("sim", "The virtual device: the firmware core with host adapters");
            return group;
        }
    }
}
