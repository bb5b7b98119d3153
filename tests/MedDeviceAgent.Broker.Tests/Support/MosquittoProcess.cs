using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using MedDeviceAgent.VirtualDevice.Tests.Mqtt;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>A real Mosquitto started from a configuration file, its output collected; killed on dispose.</summary>
    public sealed class MosquittoProcess : IDisposable
    {
        private readonly StringBuilder _log = new StringBuilder();
        private readonly Process _process;

        private MosquittoProcess(Process process)
        {
            _process = process;
        }

        /// <summary>Process id (for signals).</summary>
        public int Id => _process.Id;

        /// <summary>What Mosquitto printed so far.</summary>
        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        /// <summary>Starts <c>mosquitto -c <paramref name="config"/></c> and waits until it accepts TCP on <paramref name="port"/>.</summary>
        /// <exception cref="InvalidOperationException">Mosquitto is not installed or did not start (its output is in the message).</exception>
        public static MosquittoProcess Start(string config, int port)
        {
            string executable = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
            ProcessStartInfo start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(config);
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("mosquitto is not installed (Debian: apt-get install mosquitto); these tests need a real broker.", e);
            }

            MosquittoProcess mosquitto = new MosquittoProcess(process);
            process.OutputDataReceived += (_, e) => mosquitto.Append(e.Data);
            process.ErrorDataReceived += (_, e) => mosquitto.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!Poll.Until(() => process.HasExited || BrokersFixture.Accepts(port), TimeSpan.FromSeconds(15)) || process.HasExited)
            {
                string log = mosquitto.Log;
                mosquitto.Dispose();
                throw new InvalidOperationException("mosquitto did not start from " + config + ":\n" + log);
            }

            return mosquitto;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                }

                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line != null)
            {
                lock (_log)
                {
                    _log.Append(line).Append('\n');
                }
            }
        }
    }
}
