using System;
using System.IO;
using System.Text;
using MedDeviceAgent.Companion;

namespace MedDeviceAgent.Cli
{
    /// <summary>
    /// Where mda gets the PKI passphrase: the MDA_PASSPHRASE environment variable when it is set,
    /// otherwise a prompt on the terminal without echo. With neither it fails (exit code 4). The
    /// passphrase is never printed or logged.
    /// </summary>
    internal static class PassphraseSource
    {
        /// <summary>The environment variable read first.</summary>
        public const string EnvironmentVariable = "MDA_PASSPHRASE";

        /// <summary>Whether a terminal is available to prompt on. Test hook: tests replace it.</summary>
        internal static Func<bool> IsInteractive { get; set; } = () => !Console.IsInputRedirected;

        /// <summary>
        /// Returns the passphrase. With <paramref name="isNew"/> (keys are about to be created) a
        /// prompted passphrase is asked twice and must match.
        /// </summary>
        /// <exception cref="CompanionException">Kind WrongPassphrase when there is no source, the prompt is
        /// cancelled, or the two entries differ.</exception>
        public static string Get(TextWriter prompt, bool isNew)
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (fromEnvironment != null)
            {
                return fromEnvironment;
            }

            if (!IsInteractive())
            {
                throw new CompanionException(CompanionErrorKind.WrongPassphrase, "no passphrase: set " + EnvironmentVariable + " or run mda on a terminal to be prompted");
            }

            string first = Prompt(prompt, isNew ? "New passphrase: " : "Passphrase: ");
            if (isNew && !string.Equals(first, Prompt(prompt, "Repeat passphrase: "), StringComparison.Ordinal))
            {
                throw new CompanionException(CompanionErrorKind.WrongPassphrase, "the two passphrases differ");
            }

            return first;
        }

        private static string Prompt(TextWriter prompt, string label)
        {
            prompt.Write(label);
            prompt.Flush();
            StringBuilder text = new StringBuilder();
            while (true)
            {
                ConsoleKeyInfo key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    prompt.WriteLine();
                    return text.ToString();
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    if (text.Length > 0)
                    {
                        text.Length--;
                    }
                }
                else if (key.Key == ConsoleKey.Escape || (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control)))
                {
                    prompt.WriteLine();
                    throw new CompanionException(CompanionErrorKind.WrongPassphrase, "passphrase entry cancelled");
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    text.Append(key.KeyChar);
                }
            }
        }
    }
}
