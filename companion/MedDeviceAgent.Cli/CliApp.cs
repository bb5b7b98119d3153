using System.CommandLine;
using System.IO;
using MedDeviceAgent.Cli.Commands;

namespace MedDeviceAgent.Cli
{
    /// <summary>Builds the mda command tree; output goes to injected writers so tests capture it.</summary>
    public static class CliApp
    {
        /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code (<see cref="ExitCodes"/>).</summary>
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            RootCommand root = new RootCommand("mda: MedDeviceAgent companion (PKI, update packages, virtual device)");
            root.Subcommands.Add(PkiCommands.Create());
            root.Subcommands.Add(PackageCommands.Create());
            root.Subcommands.Add(SimCommands.Create());
            root.Subcommands.Add(DemoCommand.Create());
            root.Subcommands.Add(BrokerCommands.Create());
            root.Subcommands.Add(MonitorCommand.Create());
            root.Subcommands.Add(FleetCommands.Create());
            ParseResult parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (System.CommandLine.Parsing.ParseError e in parse.Errors)
                {
                    error.WriteLine("error: " + e.Message);
                }

                error.WriteLine("Run 'mda --help' for usage.");
                return ExitCodes.Usage;
            }

            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
        }
    }
}
