using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>mosquitto_pub and mosquitto_sub as independent clients (Debian's mosquitto-clients), with bounded run time.</summary>
    public static class MosquittoClients
    {
        /// <summary>Result of one run.</summary>
        public sealed record Run(int ExitCode, string Output, string Error);

        /// <summary>mosquitto_pub one QoS 1 message; exit 0 only when the broker took it.</summary>
        public static Run Publish(int port, string caPath, TestClient? identity, string clientId, string topic)
        {
            List<string> args = Common(port, caPath, identity, clientId);
            args.AddRange(new[] { "-q", "1", "-t", topic, "-m", "hello" });
            return Start("mosquitto_pub", args);
        }

        /// <summary>
        /// mosquitto_sub on <paramref name="filter"/> until one message arrives or <paramref name="waitSeconds"/> pass;
        /// started in the background so the test can publish meanwhile.
        /// </summary>
        public static Process StartSubscribe(int port, string caPath, TestClient identity, string filter, int waitSeconds)
        {
            List<string> args = Common(port, caPath, identity, identity.Name);
            args.AddRange(new[] { "-q", "1", "-t", filter, "-C", "1", "-W", waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-v" });
            return Launch("mosquitto_sub", args);
        }

        /// <summary>Waits for a process started here and returns what it printed.</summary>
        public static Run Finish(Process process)
        {
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(20_000), "client did not exit");
            Run run = new Run(process.ExitCode, output, error);
            process.Dispose();
            return run;
        }

        private static List<string> Common(int port, string caPath, TestClient? identity, string clientId)
        {
            List<string> args = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cafile", caPath, "-i", clientId };
            if (identity != null)
            {
                args.AddRange(new[] { "--cert", identity.CertificatePath, "--key", identity.KeyPath });
            }

            return args;
        }

        private static Run Start(string tool, List<string> args) => Finish(Launch(tool, args));

        private static Process Launch(string tool, List<string> args)
        {
            string path = File.Exists("/usr/bin/" + tool) ? "/usr/bin/" + tool : tool;
            ProcessStartInfo start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            try
            {
                return Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException(tool + " is not installed (Debian: apt-get install mosquitto-clients); these tests need it.", e);
            }
        }
    }
}
