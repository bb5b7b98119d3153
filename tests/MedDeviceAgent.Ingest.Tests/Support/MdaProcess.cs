using System;
using System.Diagnostics;
using System.Text;
using MedDeviceAgent.Cli;

namespace MedDeviceAgent.Ingest.Tests.Support
{
    /// <summary>'mda' as a separate process (dotnet mda.dll ...), so a test can kill it like a crash.</summary>
    public sealed class MdaProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new StringBuilder();

        private MdaProcess(Process process)
        {
            _process = process;
        }

        /// <summary>Everything it printed (stdout and stderr).</summary>
        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>True once it exited.</summary>
        public bool HasExited => _process.HasExited;

        /// <summary>Its exit code.</summary>
        public int ExitCode => _process.ExitCode;

        /// <summary>Starts mda with <paramref name="args"/> (the environment, MDA_PASSPHRASE included, is inherited).</summary>
        public static MdaProcess Start(params string[] args)
        {
            ProcessStartInfo start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            MdaProcess process = new MdaProcess(Process.Start(start)!);
            process._process.OutputDataReceived += (_, e) => process.Append(e.Data);
            process._process.ErrorDataReceived += (_, e) => process.Append(e.Data);
            process._process.BeginOutputReadLine();
            process._process.BeginErrorReadLine();
            return process;
        }

        /// <summary>Kills it at once (SIGKILL: no commit, no acknowledgement, no disconnect).</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10000);
        }

        /// <summary>Waits for it to exit; false on timeout.</summary>
        public bool WaitForExit(TimeSpan timeout)
        {
            bool exited = _process.WaitForExit(timeout);
            if (exited)
            {
                _process.WaitForExit();
            }

            return exited;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line != null)
            {
                lock (_output)
                {
                    _output.Append(line).Append('\n');
                }
            }
        }
    }
}
