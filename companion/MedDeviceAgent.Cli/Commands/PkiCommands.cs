using System.CommandLine;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>The 'mda pki' command group.</summary>
    internal static class PkiCommands
    {
        /// <summary>Builds the group.</summary>
        public static Command Create()
        {
            Command group = new Command("pki", "Key hierarchy: root, delegated online keys, revocation, root rotation");
            return group;
        }
    }
}
