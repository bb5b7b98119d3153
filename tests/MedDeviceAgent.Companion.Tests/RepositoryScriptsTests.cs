using System;
using System.Diagnostics;
using System.IO;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Firmware.Core.Tests.Support;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>
    /// What a new user meets first (issue 11 item 5): the README says where ../shared goes and what
    /// it holds; ./demo.sh says it is building on a cold start and names a missing ../shared. The
    /// script runs on a copy in a scratch layout with a stand-in 'dotnet' that records its calls.
    /// </summary>
    public sealed class RepositoryScriptsTests : IDisposable
    {
        private const string Dll = "companion/MedDeviceAgent.Cli/bin/Release/net10.0/mda.dll";
        private readonly TempDir temp = new TempDir();

        public void Dispose() => temp.Dispose();

        [Fact]
        public void Readme_SharedMaterial_SaysItSitsBesideTheCloneAndWhatItHolds()
        {
            string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

            Assert.Contains("`../shared` beside the clone", readme, StringComparison.Ordinal);
            foreach (string folder in new[] { "nanoframework-api/", "vectors/wycheproof/", "cyclonedx/" })
            {
                Assert.Contains(folder, readme, StringComparison.Ordinal);
                Assert.True(Directory.Exists(Path.Combine(RepoPaths.SharedMaterial, folder)), folder + " is named in the README but missing from ../shared");
            }
        }

        [Fact]
        public void DemoScript_ColdStart_SaysItIsBuildingThenRunsTheDemo()
        {
            string repo = Layout(withShared: true);

            (int code, string stderr) = RunDemo(repo, "--dir", "x");
            string[] calls = File.ReadAllLines(temp.File("calls.log"));

            Assert.True(code == 0, stderr);
            Assert.Contains("Building mda", stderr, StringComparison.Ordinal);
            Assert.Equal(2, calls.Length);
            Assert.StartsWith("build companion/MedDeviceAgent.Cli -c Release", calls[0], StringComparison.Ordinal);
            Assert.Equal(Dll + " demo --dir x", calls[1]);
        }

        [Fact]
        public void DemoScript_WarmStart_RunsTheDemoWithoutBuilding()
        {
            string repo = Layout(withShared: true);
            Assert.Equal(0, RunDemo(repo).Code);

            (int code, string stderr) = RunDemo(repo);
            string[] calls = File.ReadAllLines(temp.File("calls.log"));

            Assert.Equal(0, code);
            Assert.DoesNotContain("Building", stderr, StringComparison.Ordinal);
            Assert.Equal(3, calls.Length);
            Assert.Equal(Dll + " demo", calls[2]);
        }

        [Fact]
        public void DemoScript_NoSharedBesideClone_SaysSoAndRunsNothing()
        {
            string repo = Layout(withShared: false);

            (int code, string stderr) = RunDemo(repo);

            Assert.Equal(1, code);
            Assert.Contains("../shared is missing", stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(temp.File("calls.log")));
        }

        private string Layout(bool withShared)
        {
            string repo = temp.File("work/MedDeviceAgent");
            Directory.CreateDirectory(repo);
            File.Copy(Path.Combine(RepoPaths.Root, "demo.sh"), Path.Combine(repo, "demo.sh"));
            if (withShared)
            {
                Directory.CreateDirectory(temp.File("work/shared/nanoframework-api"));
            }

            // The stand-in records each call; 'build' produces the assembly as the real build would.
            Directory.CreateDirectory(temp.File("bin"));
            File.WriteAllText(
                temp.File("bin/dotnet"),
                "#!/usr/bin/env bash\necho \"$*\" >> '" + temp.File("calls.log") + "'\nif [ \"$1\" = build ]; then mkdir -p \"$(dirname " + Dll + ")\"; touch " + Dll + "; fi\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp.File("bin/dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            return repo;
        }

        private (int Code, string Stderr) RunDemo(string repo, params string[] args)
        {
            ProcessStartInfo start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(Path.Combine(repo, "demo.sh"));
            foreach (string arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["PATH"] = temp.File("bin") + ":" + Environment.GetEnvironmentVariable("PATH");
            using Process process = Process.Start(start)!;
            string stderr = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stderr);
        }
    }
}
