using System;
using System.IO;
using System.Text.Json;
using MedDeviceAgent.Cli;

namespace MedDeviceAgent.Companion.Tests.Support
{
    /// <summary>Runs the mda command tree in-process with captured output.</summary>
    internal static class Mda
    {
        /// <summary>The passphrase CLI tests use (set in MDA_PASSPHRASE).</summary>
        public const string Passphrase = "cli-test-passphrase";

        public static CliResult Run(params string[] args)
        {
            using StringWriter output = new StringWriter();
            using StringWriter error = new StringWriter();
            int code = CliApp.Run(args, output, error);
            return new CliResult(code, output.ToString(), error.ToString());
        }

        /// <summary>Sets (or with null, clears) MDA_PASSPHRASE for this process.</summary>
        public static void SetPassphrase(string? value)
        {
            Environment.SetEnvironmentVariable(PassphraseSource.EnvironmentVariable, value);
        }
    }

    /// <summary>Exit code and captured streams of one mda run.</summary>
    internal sealed record CliResult(int ExitCode, string Output, string Error)
    {
        /// <summary>The stdout parsed as JSON.</summary>
        public JsonElement Json()
        {
            using JsonDocument document = JsonDocument.Parse(Output);
            return document.RootElement.Clone();
        }

        public override string ToString() => "exit " + ExitCode + "\nstdout:\n" + Output + "\nstderr:\n" + Error;
    }
}
