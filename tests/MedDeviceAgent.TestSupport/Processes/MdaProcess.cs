using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using MedDeviceAgent.Cli;

namespace MedDeviceAgent.TestSupport
{
    /// <summary>
    /// <c>mda</c> as a separate process (<c>dotnet mda.dll</c>, the build the tests reference), with the passphrase in
    /// MDA_PASSPHRASE, as an operator would run it; a test can signal it, or kill it like a crash.
    /// </summary>
    public sealed class MdaProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new StringBuilder();
        private readonly StringBuilder _error = new StringBuilder();
        private readonly StringBuilder _all = new StringBuilder();

        private MdaProcess(Process process)
        {
            _process = process;
        }

        /// <summary>Result of one finished run.</summary>
        public sealed record Result(int ExitCode, string Output, string Error);

        /// <summary>Standard output so far.</summary>
        public string Output => Read(_output);

        /// <summary>Standard error so far.</summary>
        public string Error => Read(_error);

        /// <summary>Both streams so far, lines in the order they arrived.</summary>
        public string AllOutput => Read(_all);

        /// <summary>Process id.</summary>
        public int Id => _process.Id;

        /// <summary>True once the process has ended.</summary>
        public bool HasExited => _process.HasExited;

        /// <summary>Its exit code (once it ended).</summary>
        public int ExitCode => _process.ExitCode;

        /// <summary>Runs <c>mda <paramref name="args"/></c> to its end (at most two minutes) with <paramref name="passphrase"/> in MDA_PASSPHRASE.</summary>
        public static Result Run(string passphrase, params string[] args)
        {
            using MdaProcess process = Start(passphrase, args);
            int code = process.WaitForExit(TimeSpan.FromMinutes(2));
            return new Result(code, process.Output, process.Error);
        }

        /// <summary>Starts <c>mda <paramref name="args"/></c> in the background with <paramref name="passphrase"/> in MDA_PASSPHRASE (standard input closed).</summary>
        public static MdaProcess Start(string passphrase, params string[] args)
        {
            string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            ProcessStartInfo start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["MDA_PASSPHRASE"] = passphrase;
            Process process = Process.Start(start)!;
            MdaProcess mda = new MdaProcess(process);
            process.OutputDataReceived += (_, e) => mda.Append(mda._output, e.Data);
            process.ErrorDataReceived += (_, e) => mda.Append(mda._error, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();
            return mda;
        }

        /// <summary>Sends a POSIX signal (e.g. SIGTERM 15, SIGHUP 1) to process <paramref name="pid"/>.</summary>
        /// <exception cref="InvalidOperationException">The signal could not be sent.</exception>
        public static void Signal(int pid, int signal)
        {
            if (Kill(pid, signal) != 0)
            {
                throw new InvalidOperationException("kill(" + pid + ", " + signal + ") failed: errno " + Marshal.GetLastPInvokeError());
            }
        }

        /// <summary>Sends SIGTERM (mda stops cleanly and prints its summary).</summary>
        public void Terminate() => Signal(_process.Id, 15);

        /// <summary>Kills it at once (SIGKILL: no commit, no acknowledgement, no disconnect) and waits for it.</summary>
        public void Kill()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                _process.WaitForExit(10000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        /// <summary>Waits for the end and returns the exit code; kills the process and throws when it takes longer than <paramref name="timeout"/>.</summary>
        /// <exception cref="TimeoutException">It did not exit in time (its output is in the message).</exception>
        public int WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                Kill();
                throw new TimeoutException("mda did not exit within " + timeout + "; stdout:\n" + Output + "\nstderr:\n" + Error);
            }

            _process.WaitForExit(); // drains the redirected output
            return _process.ExitCode;
        }

        /// <inheritdoc />
        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private static string Read(StringBuilder source)
        {
            lock (source)
            {
                return source.ToString();
            }
        }

        private void Append(StringBuilder target, string? line)
        {
            if (line == null)
            {
                return;
            }

            lock (target)
            {
                target.Append(line).Append('\n');
            }

            lock (_all)
            {
                _all.Append(line).Append('\n');
            }
        }

        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int Kill(int pid, int signal);
    }
}
