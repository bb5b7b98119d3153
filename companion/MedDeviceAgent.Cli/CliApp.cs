using System.CommandLine;
using System.IO;

namespace MedDeviceAgent.Cli
{
    /// <summary>Builds the mda command tree; output goes to injected writers so tests capture it.</summary>
    public static class CliApp
    {
        /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
        public static int Run(string[] args, TextWriter output, TextWriter error)
        {
            RootCommand root = new RootCommand("mda: MedDeviceAgent companion (PKI, update packages, virtual device)");
            ParseResult parse = root.Parse(args);
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
        }
    }
}
