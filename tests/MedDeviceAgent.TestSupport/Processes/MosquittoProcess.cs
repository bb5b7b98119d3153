using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace MedDeviceAgent.TestSupport
{
    /// <summary>A real Mosquitto started from a configuration file (e.g. what <c>mda broker mosquitto-config</c> wrote), its output collected; killed on dispose.</summary>
    public sealed class MosquittoProcess : IDisposable
    {
        private readonly StringBuilder _log = new StringBuilder();
        private readonly Process _process;

        private MosquittoProcess(Process process, string config, int port)
        {
            _process = process;
            Config = config;
            Port = port;
        }

        /// <summary>Process id (for signals).</summary>
        public int Id => _process.Id;

        /// <summary>The configuration file it was started from.</summary>
        public string Config { get; }

        /// <summary>The port it listens on.</summary>
        public int Port { get; }

        /// <summary>True once the process has ended.</summary>
        public bool HasExited => _process.HasExited;

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
                throw new InvalidOperationException("mosquitto is not installed (Debian: apt-get install mosquitto); these tests need a real broker and do not skip.", e);
            }

            MosquittoProcess mosquitto = new MosquittoProcess(process, config, port);
            process.OutputDataReceived += (_, e) => mosquitto.Append(e.Data);
            process.ErrorDataReceived += (_, e) => mosquitto.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!Poll.Until(() => process.HasExited || LocalPorts.Accepts(port), TimeSpan.FromSeconds(15)) || process.HasExited)
            {
                string log = mosquitto.Log;
                mosquitto.Dispose();
                throw new InvalidOperationException("mosquitto did not start from " + config + ":\n" + log);
            }

            return mosquitto;
        }

        /// <summary>Stops it cleanly (SIGTERM: Mosquitto saves its persistence file, if configured, and exits) and waits; kills it if it does not exit within 10 s.</summary>
        public void Stop()
        {
            if (!_process.HasExited)
            {
                MdaProcess.Signal(_process.Id, 15);
                if (!_process.WaitForExit(10000))
                {
                    _process.Kill();
                }
            }

            _process.WaitForExit(5000);
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
