using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace MedDeviceAgent.Broker.Tests.Support
{
    /// <summary>
    /// <c>mda</c> as a separate process (<c>dotnet mda.dll</c> from the test's output folder), with its own environment:
    /// the production PBKDF2 iterations and the passphrase in MDA_PASSPHRASE, as an operator would run it.
    /// </summary>
    public sealed class MdaProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new StringBuilder();
        private readonly StringBuilder _error = new StringBuilder();

        private MdaProcess(Process process)
        {
            _process = process;
        }

        /// <summary>Result of one finished run.</summary>
        public sealed record Result(int ExitCode, string Output, string Error);

        /// <summary>Standard output so far.</summary>
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

        /// <summary>Standard error so far.</summary>
        public string Error
        {
            get
            {
                lock (_error)
                {
                    return _error.ToString();
                }
            }
        }

        /// <summary>True once the process has ended.</summary>
        public bool HasExited => _process.HasExited;

        /// <summary>Runs <c>mda <paramref name="args"/></c> to its end (at most two minutes) with <paramref name="passphrase"/> in MDA_PASSPHRASE.</summary>
        public static Result Run(string passphrase, params string[] args)
        {
            using MdaProcess process = Start(passphrase, args);
            int code = process.WaitForExit(TimeSpan.FromMinutes(2));
            return new Result(code, process.Output, process.Error);
        }

        /// <summary>Starts <c>mda <paramref name="args"/></c> in the background.</summary>
        public static MdaProcess Start(string passphrase, params string[] args)
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            ProcessStartInfo start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mda.dll"));
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["MDA_PASSPHRASE"] = passphrase;
            Process process = Process.Start(start)!;
            MdaProcess mda = new MdaProcess(process);
            process.OutputDataReceived += (_, e) => Append(mda._output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(mda._error, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();
            return mda;
        }

        /// <summary>Sends a POSIX signal (e.g. SIGTERM 15, SIGHUP 1) to process <paramref name="pid"/>.</summary>
        public static void Signal(int pid, int signal)
        {
            Assert.Equal(0, Kill(pid, signal));
        }

        /// <summary>Sends SIGTERM (the broker stops and prints its counters).</summary>
        public void Terminate() => Signal(_process.Id, 15);

        /// <summary>Waits for the end and returns the exit code; kills the process and fails when it takes longer than <paramref name="timeout"/>.</summary>
        public int WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                _process.Kill(true);
                Assert.Fail("mda did not exit within " + timeout + "; stdout:\n" + Output + "\nstderr:\n" + Error);
            }

            _process.WaitForExit(); // drains the redirected output
            return _process.ExitCode;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(true);
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            _process.Dispose();
        }

        private static void Append(StringBuilder target, string? line)
        {
            if (line != null)
            {
                lock (target)
                {
                    target.Append(line).Append('\n');
                }
            }
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}
