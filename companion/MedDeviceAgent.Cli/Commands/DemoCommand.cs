using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>
    /// 'mda demo': the product's story on the virtual device, told by running the real mda
    /// commands one after another and checking each outcome: a PKI, a signed package verified and
    /// installed (test boot, health check, confirm), then a tampered package, an older package,
    /// a package for another device class and an image that fails its health check, each refused;
    /// then the device connects: the embedded broker (a child process), the ingest's persistent session,
    /// authenticated telemetry published while the companion is offline and stored exactly once.
    /// </summary>
    internal static class DemoCommand
    {
        private const string DeviceClass = "infusion-pump-x1";

        private const string DeviceId = "SN-000042";

        /// <summary>The file that marks a folder as made by the demo (so a rerun may empty it).</summary>
        private const string MarkerFileName = ".mda-demo";

        /// <summary>Builds the command.</summary>
        public static Command Create()
        {
            Option<string?> dir = new Option<string?>("--dir") { Description = "Working folder for the demo's PKI, packages and virtual device (default: a new temporary folder, kept). It must be new, empty, or an earlier demo's folder, which a rerun empties first" };
            Option<string?> algorithm = CliOptions.Algorithm("Signature algorithm of the demo PKI", true);
            Command demo = new Command("demo", "Run the end-to-end demo on the virtual device: sign, verify, install; show tampered, older, wrong-class and broken packages refused; then run the embedded broker (child process on a free loopback port), publish authenticated telemetry while the ingest is offline and store it once when it returns. Exit code 0 when every step behaved as expected, 1 otherwise");
            demo.Options.Add(dir);
            demo.Options.Add(algorithm);
            demo.SetAction(r => Run(r.GetValue(dir), r.GetValue(algorithm)!, r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));
            return demo;
        }

        private static int Run(string? dir, string algorithm, TextWriter output, TextWriter error)
        {
            string root = dir ?? Path.Combine(Path.GetTempPath(), "mda-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            string? refusal = PrepareFolder(root);
            if (refusal != null)
            {
                error.WriteLine("error: " + refusal);
                return ExitCodes.OutputError;
            }
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MDA_PASSPHRASE")))
            {
                // A throwaway passphrase for the demo's keys; never printed.
                Environment.SetEnvironmentVariable("MDA_PASSPHRASE", Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
            }

            string pki = Path.Combine(root, "pki");
            string device = Path.Combine(root, "device");
            string rootPub = Path.Combine(root, "root.pub.pem");
            using DemoTelemetry telemetry = new DemoTelemetry(root, output);
            Step[] steps = BuildSteps(root, pki, device, rootPub, algorithm, telemetry);
            output.WriteLine("MedDeviceAgent demo in " + root);
            output.WriteLine();
            int failures = 0;
            foreach (Step step in steps)
            {
                output.WriteLine("== " + step.Title);
                string? problem = Attempt(step.Prepare);
                if (problem == null && step.Args != null)
                {
                    output.WriteLine("$ mda " + string.Join(' ', step.Args));
                    int code = CliApp.Run(step.Args, output, error);
                    problem = code == step.ExpectedExitCode
                        ? null
                        : "UNEXPECTED exit " + code.ToString(CultureInfo.InvariantCulture) + ", expected " + step.ExpectedExitCode.ToString(CultureInfo.InvariantCulture);
                    if (problem == null)
                    {
                        problem = Attempt(step.Check);
                    }

                    if (problem == null)
                    {
                        output.WriteLine("   -> exit " + code.ToString(CultureInfo.InvariantCulture) + " as expected" + (step.ExpectedExitCode == 0 ? string.Empty : " (" + (UpdateResult)code + ")"));
                    }
                }

                problem ??= Attempt(step.Finish);
                if (problem != null)
                {
                    output.WriteLine("   -> " + problem);
                    failures++;
                }

                if (step.Args != null || problem != null)
                {
                    output.WriteLine();
                }
            }

            output.WriteLine(failures == 0
                ? "Demo complete: every step behaved as expected. Files are in " + root
                : "Demo FAILED: " + failures.ToString(CultureInfo.InvariantCulture) + " step(s) did not behave as expected");
            return failures == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }

        /// <summary>
        /// Makes <paramref name="root"/> an empty demo folder: created when missing, emptied when an
        /// earlier demo made it (it holds the marker file), refused when it holds anything else.
        /// Returns the reason for a refusal, or null.
        /// </summary>
        private static string? PrepareFolder(string root)
        {
            try
            {
                if (File.Exists(root))
                {
                    return "--dir '" + root + "' is a file, not a folder";
                }

                if (Directory.Exists(root) && Directory.GetFileSystemEntries(root).Length > 0)
                {
                    if (!File.Exists(Path.Combine(root, MarkerFileName)))
                    {
                        return "--dir '" + root + "' is not empty and holds no earlier demo (no " + MarkerFileName + "); choose a new or empty folder";
                    }

                    // An earlier demo's folder: everything in it is the demo's own, so it starts afresh.
                    foreach (string entry in Directory.GetDirectories(root))
                    {
                        Directory.Delete(entry, recursive: true);
                    }

                    foreach (string entry in Directory.GetFiles(root))
                    {
                        File.Delete(entry);
                    }
                }

                Directory.CreateDirectory(root);
                File.WriteAllText(Path.Combine(root, MarkerFileName), "Made by 'mda demo'. A rerun with --dir here deletes everything in this folder and starts again.\n");
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return "cannot prepare the demo folder '" + root + "': " + e.Message;
            }
        }

        private static Step[] BuildSteps(string root, string pki, string device, string rootPub, string algorithm, DemoTelemetry telemetry)
        {
            string P(string name) => Path.Combine(root, name);
            List<Step> steps = new List<Step>
            {
                new Step("1. The manufacturer creates its key hierarchy: offline root, delegated update-signer and command-signer", Args("pki", "init", "--dir", pki, "--algorithm", algorithm, "--vendor", "meddeviceagent")),
                new Step("2. The root public key becomes the device's trust anchor", Args("pki", "export-public", "--dir", pki, "--role", "root", "--out", rootPub)),
                new Step("3. The device gets its MQTT identity: a certificate under the device CA (CN = its id) and a telemetry MAC key", Args("pki", "issue-device", "--dir", pki, "--device-id", DeviceId, "--out", P("bundle-" + DeviceId))),
                new Step("   (provisioned at the factory from that bundle: image 1.0.0, security floor 1)", Args("sim", "init", "--state", device, "--trust", rootPub, "--device-class", DeviceClass, "--bundle", P("bundle-" + DeviceId), "--security-counter", "1")),
                new Step("4. Release 1.1.0 is signed (security counter 2)", Args("package", "create", "--pki", pki, "--payload", P("app-1.1.0.bin"), "--version", "1.1.0", "--security-counter", "2", "--device-class", DeviceClass, "--out", P("app-1.1.0.mdpkg")))
                {
                    Prepare = () => File.WriteAllBytes(P("app-1.1.0.bin"), Image("1.1.0", 48 * 1024)),
                },
                new Step("5. The device verifies it: manifest, delegation chain, revocation, signature, class, rollback, payload digest", Args("sim", "verify", "--state", device, P("app-1.1.0.mdpkg"))),
                new Step("6. The device installs it: stage into slot B, reboot into it, health check, confirm, raise the floor", Args("sim", "install", "--state", device, P("app-1.1.0.mdpkg"))),
                new Step("7. An attacker flips one payload byte: refused", Args("sim", "install", "--state", device, P("tampered.mdpkg")), (int)UpdateResult.DigestMismatch)
                {
                    Prepare = () => Tamper(P("app-1.1.0.mdpkg"), P("tampered.mdpkg")),
                },
                new Step("8. An older, genuinely signed release (counter 1) is replayed: refused as a rollback", null)
                {
                    Prepare = () => File.WriteAllBytes(P("app-1.0.5.bin"), Image("1.0.5", 40 * 1024)),
                },
                new Step("   (signing the old release)", Args("package", "create", "--pki", pki, "--payload", P("app-1.0.5.bin"), "--version", "1.0.5", "--security-counter", "1", "--device-class", DeviceClass, "--out", P("app-1.0.5.mdpkg"))),
                new Step("   (installing it)", Args("sim", "install", "--state", device, P("app-1.0.5.mdpkg")), (int)UpdateResult.Rollback),
                new Step("9. A package signed for another device class: refused", Args("package", "create", "--pki", pki, "--payload", P("app-1.1.0.bin"), "--version", "1.1.0", "--security-counter", "2", "--device-class", "ventilator-v2", "--out", P("ventilator.mdpkg"))),
                new Step("   (installing it)", Args("sim", "install", "--state", device, P("ventilator.mdpkg")), (int)UpdateResult.WrongDeviceClass),
                new Step("10. Release 1.2.0 is genuine but broken: its health check fails and the device reverts", Args("package", "create", "--pki", pki, "--payload", P("app-1.2.0.bin"), "--version", "1.2.0", "--security-counter", "3", "--device-class", DeviceClass, "--out", P("app-1.2.0.mdpkg")))
                {
                    Prepare = () => File.WriteAllBytes(P("app-1.2.0.bin"), Encoding.ASCII.GetBytes("release 1.2.0 " + MarkerHealthCheck.FailMarker)),
                },
                new Step("   (installing it)", Args("sim", "install", "--state", device, P("app-1.2.0.mdpkg")), (int)UpdateResult.HealthCheckFailed),
                new Step("11. The device still runs 1.1.0 with floor 2", Args("sim", "status", "--state", device)),
                new Step("12. The companion gets its own MQTT identity: an operator certificate (reads all telemetry, writes only cmd and update)", Args("pki", "issue-operator", "--dir", pki, "--name", "mda-monitor", "--out", Path.Combine(pki, "monitor-operator"))),
                new Step("   (the embedded broker starts: mutual TLS 1.2+, client id = certificate CN, deny-by-default ACL)", null)
                {
                    Prepare = () => telemetry.StartBroker(pki),
                },
                new Step("13. The companion's ingest subscribes once (persistent MQTT session), then goes offline", Args("monitor", "--pki", pki, "--broker", telemetry.Broker, "--db", P("fleet.db"), "--duration", "2", "--interval", "1")),
                new Step("14. The device publishes 5 authenticated telemetry messages (COSE_Mac0, QoS 1) while the companion is offline", Args("sim", "run", "--state", device, "--broker", telemetry.Broker, "--period", "0.2", "--count", "5")),
                new Step("15. The companion comes back: its session delivers what it missed; each message is verified and stored once", Args("monitor", "--pki", pki, "--broker", telemetry.Broker, "--db", P("fleet.db"), "--duration", "3", "--interval", "1"))
                {
                    Check = () => telemetry.CheckStored(P("fleet.db"), DeviceId, 5),
                },
                new Step("16. The fleet view", Args("fleet", "status", "--db", P("fleet.db")))
                {
                    Finish = telemetry.StopBroker,
                },
            };
            return steps.ToArray();
        }

        private static string[] Args(params string[] args) => args;

        /// <summary>Runs <paramref name="action"/>; returns null, or the reason it did not behave (a <see cref="DemoStepException"/>).</summary>
        private static string? Attempt(Action? action)
        {
            try
            {
                action?.Invoke();
                return null;
            }
            catch (DemoStepException e)
            {
                return e.Message;
            }
        }

        private static byte[] Image(string version, int size)
        {
            byte[] image = new byte[size];
            byte[] header = Encoding.ASCII.GetBytes("MedDeviceAgent application image " + version + "\n");
            new Random(size).NextBytes(image);
            header.CopyTo(image, 0);
            return image;
        }

        private static void Tamper(string source, string target)
        {
            byte[] bytes = File.ReadAllBytes(source);
            bytes[^100] ^= 0x01;
            File.WriteAllBytes(target, bytes);
        }

        private sealed class Step
        {
            public Step(string title, string[]? args, int expectedExitCode = 0)
            {
                Title = title;
                Args = args;
                ExpectedExitCode = expectedExitCode;
            }

            public string Title { get; }

            public string[]? Args { get; }

            public int ExpectedExitCode { get; }

            /// <summary>Runs before the command (or alone when there is none); a <see cref="DemoStepException"/> fails the step.</summary>
            public Action? Prepare { get; init; }

            /// <summary>Runs after the command exited as expected, to check what it did.</summary>
            public Action? Check { get; init; }

            /// <summary>Runs last, whatever happened.</summary>
            public Action? Finish { get; init; }
        }
    }
}
