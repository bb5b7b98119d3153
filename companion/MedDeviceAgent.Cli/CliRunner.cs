using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Cli
{
    /// <summary>Runs a command body, turning expected failures into a message on stderr and an exit code.</summary>
    internal static class CliRunner
    {
        /// <summary>Runs <paramref name="body"/>; maps <see cref="CliException"/> and <see cref="CompanionException"/> to their exit codes.</summary>
        public static int Run(ParseResult parse, Func<int> body)
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            try
            {
                return body();
            }
            catch (CliException e)
            {
                error.WriteLine("error: " + e.Message);
                return e.ExitCode;
            }
            catch (CompanionException e)
            {
                error.WriteLine("error: " + e.Message);
                return ExitCodeOf(e.Kind);
            }
        }

        /// <summary>The exit code of a companion error kind.</summary>
        public static int ExitCodeOf(CompanionErrorKind kind)
        {
            switch (kind)
            {
                case CompanionErrorKind.InputError:
                    return ExitCodes.InputError;
                case CompanionErrorKind.WrongPassphrase:
                    return ExitCodes.WrongPassphrase;
                case CompanionErrorKind.PkiError:
                    return ExitCodes.PkiError;
                case CompanionErrorKind.OutputError:
                    return ExitCodes.OutputError;
                case CompanionErrorKind.InvalidArgument:
                    return ExitCodes.Usage;
                default:
                    return ExitCodes.Failure;
            }
        }

        /// <summary>Reads a whole input file, naming it in the error when it cannot.</summary>
        public static byte[] ReadInput(string path)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.InputError, "cannot read '" + path + "': " + e.Message);
            }
        }

        /// <summary>Parses "X.Y.Z" (non-negative integers).</summary>
        public static int[] ParseVersion(string text)
        {
            string[] parts = text.Split('.');
            int[] version = new int[3];
            if (parts.Length != 3)
            {
                throw new CliException(ExitCodes.Usage, "version '" + text + "' is not X.Y.Z");
            }

            for (int i = 0; i < 3; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out version[i]))
                {
                    throw new CliException(ExitCodes.Usage, "version '" + text + "' is not X.Y.Z with non-negative integers");
                }
            }

            return version;
        }

        /// <summary>The CLI name of an algorithm.</summary>
        public static string AlgorithmName(CoseAlgorithm algorithm)
        {
            return algorithm == CoseAlgorithm.EdDSA ? "ed25519" : algorithm == CoseAlgorithm.ES256 ? "p256" : "none";
        }
    }
}
