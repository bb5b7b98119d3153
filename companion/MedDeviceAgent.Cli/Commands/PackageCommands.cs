using System.CommandLine;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>The 'mda package' command group.</summary>
    internal static class PackageCommands
    {
        /// <summary>Builds the group.</summary>
        public static Command Create()
        {
            Command group = new Command("package", "Create, inspect and verify update packages");
            return group;
        }
    }
}
