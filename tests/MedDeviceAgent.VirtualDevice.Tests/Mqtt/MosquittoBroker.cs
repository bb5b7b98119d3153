using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>
    /// A real mosquitto broker run by a test: a temporary directory for its generated config and files, one
    /// listener per given body on a free 127.0.0.1 port, start with a bounded wait until every port accepts, kill
    /// (SIGKILL: the fault injection for a dropped connection), restart on the same ports, and kill on dispose.
    /// </summary>
    public sealed class MosquittoBroker : IDisposable
    {
        /// <summary>How long a start may take before the test fails.</summary>
        public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

        private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(5);
        private readonly StringBuilder _log = new StringBuilder();
        private string[] _listenerBodies = Array.Empty<string>();
        private int[] _ports = Array.Empty<int>();
        private Process? _process;

        /// <summary>Creates the working directory; nothing runs until <see cref="Start"/>.</summary>
        public MosquittoBroker()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("mda-mosquitto-").FullName;
        }

        /// <summary>The broker's working directory (config, certificates, ACL and password files).</summary>
        public string Directory { get; }

        /// <summary>The port of each listener, in the order of the bodies given to <see cref="Start"/>.</summary>
        public IReadOnlyList<int> Ports => _ports;

        /// <summary>The port of the first listener.</summary>
        public int Port => _ports[0];

        /// <summary>True while the broker process runs.</summary>
        public bool IsRunning => _process != null && !_process.HasExited;

        /// <summary>What the broker printed so far (for assertion messages).</summary>
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

        /// <summary>The mosquitto executable: /usr/sbin/mosquitto (Debian's place) or the one on PATH.</summary>
        public static string Executable => File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";

        /// <summary>Writes a file into <see cref="Directory"/> and returns its full path.</summary>
        public string WriteFile(string name, string content)
        {
            string path = Path.Combine(Directory, name);
            File.WriteAllText(path, content);
            return path;
        }

        /// <summary>
        /// Starts the broker with one listener per body (settings under a <c>listener</c> line, per-listener
        /// settings on). Free ports are picked now; a port taken meanwhile by another process is retried with new ones.
        /// </summary>
        public void Start(params string[] listenerBodies)
        {
            ArgumentNullException.ThrowIfNull(listenerBodies);
            if (listenerBodies.Length == 0)
            {
                throw new ArgumentException("At least one listener is needed.", nameof(listenerBodies));
            }

            _listenerBodies = listenerBodies;
            for (int attempt = 1; ; attempt++)
            {
                _ports = new int[listenerBodies.Length];
                for (int i = 0; i < _ports.Length; i++)
                {
                    _ports[i] = FreePort();
                }

                if (TryLaunch() || attempt == 3)
                {
                    Assert.True(IsRunning, "mosquitto did not start:\n" + Log);
                    return;
                }
            }
        }

        /// <summary>Starts the broker again on the same ports after <see cref="Kill"/>.</summary>
        public void Restart()
        {
            Assert.False(IsRunning, "The broker is still running.");
            Assert.True(TryLaunch(), "mosquitto did not restart:\n" + Log);
        }

        /// <summary>Kills the broker process at once (SIGKILL): its connections drop without a DISCONNECT.</summary>
        public void Kill()
        {
            Process? process = _process;
            if (process == null)
            {
                return;
            }

            if (!process.HasExited)
            {
                process.Kill();
            }

            process.WaitForExit((int)ExitTimeout.TotalMilliseconds);
            process.Dispose();
            _process = null;
        }

        /// <summary>Returns a 127.0.0.1 port that nothing listened on a moment ago.</summary>
        public static int FreePort() => LocalPorts.Free();

        /// <summary>Kills the broker and deletes its directory.</summary>
        public void Dispose()
        {
            Kill();
            try
            {
                System.IO.Directory.Delete(Directory, true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleaning.
            }
        }

        private bool TryLaunch()
        {
            StringBuilder config = new StringBuilder();
            config.Append("per_listener_settings true\n");
            config.Append("persistence false\n");
            config.Append("log_dest stderr\n");
            config.Append("log_type error\nlog_type warning\nlog_type notice\n");

            // Run as root, mosquitto would switch to its own user, which cannot read this private directory.
            config.Append("user ").Append(Environment.UserName).Append('\n');
            for (int i = 0; i < _listenerBodies.Length; i++)
            {
                config.Append("\nlistener ").Append(_ports[i]).Append(" 127.0.0.1\n");
                config.Append(_listenerBodies[i].Trim()).Append('\n');
            }

            string configPath = WriteFile("mosquitto.conf", config.ToString());
            ProcessStartInfo start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(configPath);

            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Win32Exception exception)
            {
                throw new InvalidOperationException("mosquitto is not installed (Debian: apt-get install mosquitto); these tests need a real broker.", exception);
            }

            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;

            bool ready = Poll.Until(() => process.HasExited || AllPortsAccept(), StartTimeout) && !process.HasExited;
            if (!ready)
            {
                Kill();
            }

            return ready;
        }

        private bool AllPortsAccept()
        {
            foreach (int port in _ports)
            {
                try
                {
                    using TcpClient probe = new TcpClient();
                    probe.Connect(IPAddress.Loopback, port);
                }
                catch (SocketException)
                {
                    return false;
                }
            }

            return true;
        }

        private void Append(string? line)
        {
            if (line == null)
            {
                return;
            }

            lock (_log)
            {
                _log.Append(line).Append('\n');
            }
        }
    }
}
