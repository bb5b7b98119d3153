using System;
using System.CommandLine;
using System.IO;
using MedDeviceAgent.Companion;

namespace MedDeviceAgent.Cli
{
    /// <summary>
    /// Runs a command body with the invocation's writers and turns expected failures into a
    /// one-line "error: ..." on stderr and the documented exit code.
    /// </summary>
    internal static class CommandRunner
    {
        /// <summary>Runs <paramref name="body"/>; returns its exit code, or the code for the failure it threw.</summary>
        public static int Run(ParseResult parse, Func<TextWriter, TextWriter, int> body)
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            try
            {
                return body(output, error);
            }
            catch (CompanionException e)
            {
                error.WriteLine("error: " + e.Message);
                return ExitCode(e.Kind);
            }
        }

        /// <summary>The exit code for a failure kind.</summary>
        public static int ExitCode(CompanionErrorKind kind)
        {
            switch (kind)
            {
                case CompanionErrorKind.InputError: return ExitCodes.InputError;
                case CompanionErrorKind.WrongPassphrase: return ExitCodes.WrongPassphrase;
                case CompanionErrorKind.PkiError: return ExitCodes.PkiError;
                case CompanionErrorKind.OutputError: return ExitCodes.OutputError;
                case CompanionErrorKind.InvalidArgument: return ExitCodes.Usage;
                default: return ExitCodes.Failure;
            }
        }
    }
}
