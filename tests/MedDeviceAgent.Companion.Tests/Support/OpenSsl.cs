using System.Diagnostics;

namespace MedDeviceAgent.Companion.Tests.Support
{
    /// <summary>Runs the openssl command-line tool (interop checks against an independent implementation).</summary>
    internal static class OpenSsl
    {
        /// <summary>Runs openssl with <paramref name="args"/>; MDA_OPENSSL_PASS is set for '-pass env:' arguments.</summary>
        public static (int ExitCode, string Output, string Error) Run(string? passphrase, params string[] args)
        {
            ProcessStartInfo start = new ProcessStartInfo("openssl")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            if (passphrase != null)
            {
                start.Environment["MDA_OPENSSL_PASS"] = passphrase;
            }

            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error);
        }

        /// <summary>Runs openssl and asserts success.</summary>
        public static string Ok(params string[] args)
        {
            (int code, string output, string error) = Run(null, args);
            Assert.True(code == 0, "openssl " + string.Join(" ", args) + " failed: " + error);
            return output;
        }
    }
}
