using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using MedDeviceAgent.Companion.Ingest;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>
    /// The connected part of 'mda demo': runs the embedded broker ('mda broker') as a child process on a free
    /// loopback port for the telemetry steps, and checks what the ingest stored.
    /// </summary>
    /// <remarks>
    /// The broker is a separate process, as in the field, so the demo's in-process commands (monitor, sim run)
    /// reach it over real mutual TLS. Its output goes to <c>broker.log</c> in the demo folder. It runs with
    /// <c>--duration</c> as a safety net and is killed when the demo ends, however it ends.
    /// </remarks>
    internal sealed class DemoTelemetry : IDisposable
    {
        private const int BrokerSafetySeconds = 300;

        private static readonly TimeSpan BrokerStartTimeout = TimeSpan.FromSeconds(30);

        private readonly string _root;
        private readonly TextWriter _output;
        private readonly int _port;
        private readonly object _logLock = new object();
        private Process? _broker;
        private StreamWriter? _brokerLog;

        /// <summary>Picks the port (a free loopback port) the broker will listen on.</summary>
        public DemoTelemetry(string root, TextWriter output)
        {
            _root = root;
            _output = output;
            _port = FreePort();
            Broker = "127.0.0.1:" + _port.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The broker's HOST:PORT for --broker.</summary>
        public string Broker { get; }

        /// <summary>Starts 'mda broker --pki PKI' and waits until it accepts TCP connections.</summary>
        /// <exception cref="DemoStepException">It could not start, exited or did not listen in time.</exception>
        public void StartBroker(string pki)
        {
            string logPath = Path.Combine(_root, "broker.log");
            string[] args = { "broker", "--pki", pki, "--port", _port.ToString(CultureInfo.InvariantCulture), "--duration", BrokerSafetySeconds.ToString(CultureInfo.InvariantCulture) };
            _output.WriteLine("$ mda " + string.Join(' ', args) + "   (in the background; its log: " + logPath + ")");
            ProcessStartInfo start = MdaStartInfo(args);
            _brokerLog = new StreamWriter(logPath) { AutoFlush = true };
            try
            {
                _broker = Process.Start(start) ?? throw new DemoStepException("the broker process did not start");
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                throw new DemoStepException("the broker process did not start: " + e.Message);
            }

            _broker.OutputDataReceived += (_, e) => Log(e.Data);
            _broker.ErrorDataReceived += (_, e) => Log(e.Data);
            _broker.BeginOutputReadLine();
            _broker.BeginErrorReadLine();

            Stopwatch waited = Stopwatch.StartNew();
            while (!Listening())
            {
                if (_broker.HasExited)
                {
                    throw new DemoStepException("the broker exited with code " + _broker.ExitCode.ToString(CultureInfo.InvariantCulture) + "; see " + logPath);
                }

                if (waited.Elapsed > BrokerStartTimeout)
                {
                    throw new DemoStepException("the broker did not listen on " + Broker + " within " + BrokerStartTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s; see " + logPath);
                }

                Thread.Sleep(100);
            }

            _output.WriteLine("   -> listening on " + Broker);
        }

        /// <summary>Checks that the store in <paramref name="db"/> holds exactly <paramref name="expected"/> messages of the device, each once, in order.</summary>
        /// <exception cref="DemoStepException">It does not.</exception>
        public void CheckStored(string db, string deviceId, int expected)
        {
            IReadOnlyList<(long Boot, long Sequence)> stored;
            using (ITelemetryStore store = TelemetryStores.Open(db, mustExist: true))
            {
                stored = store.ReadSequences(deviceId);
            }

            HashSet<(long, long)> distinct = new HashSet<(long, long)>(stored);
            if (stored.Count != expected || distinct.Count != expected)
            {
                throw new DemoStepException("the store holds " + stored.Count.ToString(CultureInfo.InvariantCulture) + " message(s) of " + deviceId + " (" + distinct.Count.ToString(CultureInfo.InvariantCulture) + " distinct), expected " + expected.ToString(CultureInfo.InvariantCulture));
            }

            _output.WriteLine("   store: " + expected.ToString(CultureInfo.InvariantCulture) + " messages of " + deviceId + ", boot " + stored[0].Boot.ToString(CultureInfo.InvariantCulture)
                + ", sequences " + stored[0].Sequence.ToString(CultureInfo.InvariantCulture) + "-" + stored[stored.Count - 1].Sequence.ToString(CultureInfo.InvariantCulture) + ", each once");
        }

        /// <summary>Stops the broker when it runs.</summary>
        public void StopBroker()
        {
            if (_broker == null)
            {
                return;
            }

            try
            {
                if (!_broker.HasExited)
                {
                    _broker.Kill(entireProcessTree: true);
                }

                _broker.WaitForExit(10000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _broker.Dispose();
            _broker = null;
            lock (_logLock)
            {
                _brokerLog?.Dispose();
                _brokerLog = null;
            }

            _output.WriteLine("   (broker stopped)");
        }

        /// <inheritdoc />
        public void Dispose() => StopBroker();

        /// <summary>The same mda, as a child process: the apphost when this is one, else 'dotnet mda.dll'.</summary>
        private static ProcessStartInfo MdaStartInfo(string[] args)
        {
            string? self = Environment.ProcessPath;
            string cliAssembly = typeof(CliApp).Assembly.Location;
            ProcessStartInfo start;
            if (self != null && string.Equals(Path.GetFileNameWithoutExtension(self), "mda", StringComparison.Ordinal))
            {
                start = new ProcessStartInfo(self);
            }
            else
            {
                string host = self != null && string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.Ordinal)
                    ? self
                    : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
                start = new ProcessStartInfo(host);
                start.ArgumentList.Add(cliAssembly);
            }

            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.UseShellExecute = false;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.RedirectStandardInput = true;
            return start;
        }

        private static int FreePort()
        {
            TcpListener probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        private bool Listening()
        {
            try
            {
                using TcpClient client = new TcpClient();
                return client.ConnectAsync(IPAddress.Loopback, _port).Wait(500) && client.Connected;
            }
            catch (AggregateException)
            {
                return false;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private void Log(string? line)
        {
            if (line == null)
            {
                return;
            }

            lock (_logLock)
            {
                _brokerLog?.WriteLine(line);
            }
        }
    }
}
