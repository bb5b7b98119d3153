using System.CommandLine;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>'mda demo': the end-to-end story on the virtual device.</summary>
    internal static class DemoCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create()
        {
            Command demo = new Command("demo", "Run the end-to-end demo on the virtual device");
            return demo;
        }
    }
}
