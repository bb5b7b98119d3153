using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text.Json;
using MedDeviceAgent.Companion;
using PackageRequest = MedDeviceAgent.Companion.Packaging.PackageRequest;
using SemanticVersion = MedDeviceAgent.Companion.Packaging.SemanticVersion;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice;
using MedDeviceAgent.VirtualDevice.Boards;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>The 'mda sim' command group: the virtual device (the firmware core on host adapters).</summary>
    internal static class SimCommands
    {
        /// <summary>Builds the group.</summary>
        public static Command Create()
        {
            Command group = new Command("sim", "The virtual device: the firmware core with host adapters, state kept in a folder");
            group.Subcommands.Add(Init());
            group.Subcommands.Add(Verify());
            group.Subcommands.Add(Install());
            group.Subcommands.Add(Status());
            group.Subcommands.Add(CryptoVerify());
            group.Subcommands.Add(SimAgentCommands.Run());
            group.Subcommands.Add(SimAgentCommands.Fleet());
            return group;
        }

        private static Option<string> StateOption() => new Option<string>("--state") { Description = "Folder holding the virtual device's flash and settings", Required = true };

        
        private static Command Init()
        {
            Option<string> state = StateOption();
            Option<string> trust = new Option<string>("--trust") { Description = "Root public key (SubjectPublicKeyInfo PEM, from 'mda pki export-public --role root')", Required = true };
            Option<string> deviceClass = new Option<string>("--device-class") { Description = "Device class id the device accepts packages for (1-64 of A-Z a-z 0-9 . _ -, as for package create)", Required = true };
            Option<string?> deviceId = new Option<string?>("--device-id") { Description = "This device's id (1-64 of A-Z a-z 0-9 . _ -); required unless --bundle gives it" };
            Option<string?> bundle = new Option<string?>("--bundle") { Description = "Provisioning bundle folder from 'mda pki issue-device': the device id is its certificate's CN; cert, key, CA and telemetry key are copied into the state folder (secrets 0600) for 'mda sim run'" };
            Option<string> vendor = new Option<string>("--vendor") { Description = "Vendor id the device accepts packages from (1-64 of A-Z a-z 0-9 . _ -)", DefaultValueFactory = _ => "meddeviceagent" };
            Option<string?> image = new Option<string?>("--image") { Description = "Factory image file for slot 0 (default: a small built-in image)" };
            Option<string> imageVersion = new Option<string>("--image-version") { Description = "Version of the factory image, X.Y.Z", DefaultValueFactory = _ => "1.0.0" };
            Option<long> counter = new Option<long>("--security-counter") { Description = "Initial security-counter floor", DefaultValueFactory = _ => 0 };
            Option<int> capacity = new Option<int>("--slot-capacity") { Description = "Largest image a slot holds, in bytes (host device; excludes --board)", DefaultValueFactory = _ => SimConfig.DefaultSlotCapacity };
            Option<string?> board = new Option<string?>("--board") { Description = "Model a real board (hardware/boards/): its slot capacity and staging checkpoints. One of: " + string.Join(", ", BoardCatalog.Names) };
            board.AcceptOnlyFromAmong(new System.Collections.Generic.List<string>(BoardCatalog.Names).ToArray());
            Option<bool> untrusted = new Option<bool>("--untrusted-clock") { Description = "Simulate a device without trusted time (expiry and delegation windows are then skipped and reported)" };
            Option<bool> json = CliOptions.Json();
            Command command = new Command("init", "Provision a virtual device: identity, trust anchor, factory image; --board models a real board's slot plan; --bundle takes the identity and the MQTT credentials from a provisioning bundle. The device is built in a temporary folder and moved into place at the end, so a failure (e.g. a full disk) changes nothing. An earlier virtual device in the folder is replaced (other files there are kept); a folder holding other files and no virtual device is refused. Exit codes: 0 done, 2 usage (a bad identifier or value, neither --device-id nor --bundle, or a --device-id other than the bundle's), 3 trust key, image or bundle missing, unreadable or refused (certificate and key do not match, CN not a valid device id), 6 cannot write");
            foreach (Option o in new Option[] { state, trust, deviceClass, deviceId, bundle, vendor, image, imageVersion, counter, capacity, board, untrusted, json })
            {
                command.Options.Add(o);
            }

            command.SetAction(r => CommandRunner.Run(r, (output, error) =>
            {
                // The same identifier rule as 'mda package create' and 'mda pki init': a device must
                // never hold an identity no package could name.
                PackageRequest.CheckIdentifier(r.GetValue(vendor)!, "--vendor");
                PackageRequest.CheckIdentifier(r.GetValue(deviceClass)!, "--device-class");
                MedDeviceAgent.VirtualDevice.Agent.DeviceBundle? provisioning = r.GetValue(bundle) == null ? null : SimAgentCommands.LoadBundle(r.GetValue(bundle)!);
                string? givenId = r.GetValue(deviceId);
                if (givenId == null && provisioning == null)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--device-id or --bundle is required");
                }

                if (givenId != null && provisioning != null && givenId != provisioning.DeviceId)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--device-id " + givenId + " is not the bundle's device (its certificate's CN is " + provisioning.DeviceId + ")");
                }

                string id = givenId ?? provisioning!.DeviceId;
                PackageRequest.CheckIdentifier(id, "--device-id");
                long floor = r.GetValue(counter);
                if (floor < 0 || floor > PackageRequest.MaxSecurityCounter)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--security-counter must be from 0 to " + PackageRequest.MaxSecurityCounter.ToString(CultureInfo.InvariantCulture));
                }

                if (r.GetValue(capacity) < 1)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--slot-capacity must be at least 1 byte");
                }

                SemanticVersion version = SemanticVersion.Parse(r.GetValue(imageVersion)!);
                if (version.Major > int.MaxValue || version.Minor > int.MaxValue || version.Patch > int.MaxValue)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--image-version parts must be at most " + int.MaxValue.ToString(CultureInfo.InvariantCulture));
                }

                InputFile.RequireRegularFile(r.GetValue(trust)!, "trust anchor");
                PublicKeyInfo root = PublicKeyFile.Read(r.GetValue(trust)!);
                string? imagePath = r.GetValue(image);
                byte[] factory = imagePath == null ? System.Text.Encoding.ASCII.GetBytes("MedDeviceAgent factory image " + r.GetValue(imageVersion)) : InputFile.ReadAll(imagePath, "factory image");
                if (factory.Length == 0)
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "factory image '" + imagePath + "' is empty");
                }

                SimConfig config = BoardConfig(r.GetValue(board), r.GetResult(capacity) is { Implicit: false }, r.GetValue(capacity));
                config.TrustedClock = !r.GetValue(untrusted);
                if (factory.Length > config.SlotCapacity)
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "factory image is larger than --slot-capacity");
                }

                TrustAnchor anchor = new TrustAnchor();
                byte[] raw = root.RawKey;
                anchor.Set(1, root.Algorithm, raw, 0, raw.Length);
                DeviceState provisioned = SimStateFolder.Create(
                    r.GetValue(state)!,
                    config,
                    device => device.Engine.Provision(r.GetValue(vendor)!, r.GetValue(deviceClass)!, id, anchor, factory, (int)version.Major, (int)version.Minor, (int)version.Patch, floor),
                    provisioning == null ? null : temp => provisioning.CopyTo(temp));
                WriteStatus(r, provisioned, null, r.GetValue(json), "provisioned");
                return ExitCodes.Ok;
            }));
            return command;
        }

        /// <summary>The settings for a host device of <paramref name="slotCapacity"/> bytes, or for the real board <paramref name="boardName"/>.</summary>
        private static SimConfig BoardConfig(string? boardName, bool capacityGiven, int slotCapacity)
        {
            if (boardName == null)
            {
                return new SimConfig { SlotCapacity = slotCapacity };
            }

            if (capacityGiven)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "--board and --slot-capacity exclude each other: the board's slot plan gives the capacity");
            }

            BoardProfile profile = BoardCatalog.Get(boardName);
            if (!profile.AgentStateFits)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "board " + profile.Name + ": its config partition (" + profile.ConfigBlocks.ToString(CultureInfo.InvariantCulture) + " blocks) cannot hold the agent's state, provisioning and spare blocks (" + profile.ReservedConfigBlocks.ToString(CultureInfo.InvariantCulture) + " blocks); see hardware/README.md");
            }

            return new SimConfig { Board = profile.Name, SlotCapacity = profile.SlotCapacityBytes };
        }

        private static Command Verify()
        {
            return PackageCommand(
                "verify",
                "Fully verify a package (manifest, signatures, trust, payload) as the device would, without staging it. The device is booted for the command (as a running device would be). Exit code: 0 accepted, 3 package unreadable, 40 the flash failed, else the rejection code",
                (device, source, report) => device.Engine.Verify(source, report));
        }

        private static Command Install()
        {
            return PackageCommand(
                "install",
                "Verify, stage into the inactive slot, reboot into it, run the health check and confirm (or revert). The verdict is recorded for 'mda sim status'. Exit code: 0 confirmed, 3 package unreadable, 40 StorageFailure when the flash cannot be written (e.g. a full disk; staged progress is kept and a rerun resumes), else the rejection code",
                (device, source, report) => device.Install(source, report));
        }

        private static Command PackageCommand(string name, string description, Func<SimDevice, FilePackageSource, VerificationReport, UpdateResult> action)
        {
            Option<string> state = StateOption();
            Argument<string> file = new Argument<string>("FILE") { Description = "The .mdpkg package" };
            Option<bool> json = CliOptions.Json();
            Command command = new Command(name, description);
            command.Options.Add(state);
            command.Options.Add(json);
            command.Arguments.Add(file);
            command.SetAction(r => CommandRunner.Run(r, (output, error) =>
            {
                string dir = r.GetValue(state)!;
                string packagePath = r.GetValue(file)!;
                InputFile.RequireRegularFile(packagePath, "package");
                VerificationReport report = new VerificationReport();
                UpdateResult result;
                DeviceState after;
                SimDevice? device = null;
                try
                {
                    device = SimStateFolder.Open(dir);
                    StderrProgress progress = new StderrProgress(error);
                    string phase = name == "install" ? "verifying and staging" : "verifying";
                    device.PayloadProgress = (done, total) => progress.Report(phase, done, total);
                    device.Engine.PayloadProgress = device.PayloadProgress;
                    using (FilePackageSource source = OpenPackage(packagePath))
                    {
                        result = action(device, source, report);
                    }

                    after = device.Engine.State;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // The flash could not be written or read (a full disk, a permission problem). The
                    // state records are power-safe: what was saved before the failure stands.
                    error.WriteLine("error: the virtual device's flash failed: " + e.Message + "; the package was not " + (name == "install" ? "installed" : "verified"));
                    result = UpdateResult.StorageFailure;
                    SimStateFolder.Close(device);
                    device = null;
                    after = ReadStateOrEmpty(dir);
                }
                finally
                {
                    if (device != null)
                    {
                        SimStateFolder.Close(device);
                    }
                }

                if (name == "install")
                {
                    RecordInstall(dir, packagePath, result, error);
                }

                WriteVerdict(r, name, result, report, r.GetValue(json), after);
                return (int)result;
            }));
            return command;
        }

        private static Command Status()
        {
            Option<string> state = StateOption();
            Option<bool> json = CliOptions.Json();
            Command command = new Command("status", "Show the virtual device's identity, images, security floor, trust anchor, pending update and the last install verdict. Read-only: the device is not booted and nothing is written");
            command.Options.Add(state);
            command.Options.Add(json);
            command.SetAction(r => CommandRunner.Run(r, (output, error) =>
            {
                // Read-only: the stored state as it is, without booting the device (no boot count,
                // no test boot of a pending image, nothing written).
                string dir = r.GetValue(state)!;
                WriteStatus(r, SimStateFolder.ReadState(dir), SimStateFolder.ReadLastInstall(dir), r.GetValue(json), null);
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command CryptoVerify()
        {
            Option<string> alg = new Option<string>("--alg") { Description = "ed25519 or es256", Required = true };
            alg.AcceptOnlyFromAmong("ed25519", "es256");
            Option<string> publicKey = new Option<string>("--public-key") { Description = "Public key file (SubjectPublicKeyInfo PEM)", Required = true };
            Option<string> signature = new Option<string>("--signature") { Description = "Signature as hex: Ed25519 64 bytes; ES256 64 bytes r||s", Required = true };
            Option<string> message = new Option<string>("--message") { Description = "File holding the signed message", Required = true };
            Option<bool> json = CliOptions.Json();
            Command command = new Command("crypto-verify", "Raw signature check with the firmware core's verifier (interoperability tests). Exit code: 0 valid, 7 invalid");
            foreach (Option o in new Option[] { alg, publicKey, signature, message, json })
            {
                command.Options.Add(o);
            }

            command.SetAction(r => CommandRunner.Run(r, (output, error) =>
            {
                CoseAlgorithm algorithm = r.GetValue(alg) == "ed25519" ? CoseAlgorithm.EdDSA : CoseAlgorithm.ES256;
                PublicKeyInfo key = PublicKeyFile.Read(r.GetValue(publicKey)!);
                if (key.Algorithm != algorithm)
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "the public key is " + KeyAlgorithms.Name(key.Algorithm) + ", not " + r.GetValue(alg));
                }

                byte[] sig;
                try
                {
                    sig = Convert.FromHexString(r.GetValue(signature)!.Trim());
                }
                catch (FormatException)
                {
                    throw new CompanionException(CompanionErrorKind.InputError, "--signature is not hex");
                }

                byte[] msg = ReadInput(r.GetValue(message)!);
                byte[] raw = key.RawKey;
                bool valid = MedDeviceAgent.Firmware.Core.Trust.SignatureVerifier.Verify(algorithm, raw, 0, raw.Length, sig, 0, sig.Length, msg, 0, msg.Length);
                if (r.GetValue(json))
                {
                    output.WriteLine(JsonSerializer.Serialize(new { valid, algorithm = r.GetValue(alg), keyId = key.KeyIdHex }));
                }
                else
                {
                    output.WriteLine(valid ? "signature valid" : "signature INVALID");
                }

                return valid ? ExitCodes.Ok : ExitCodes.SignatureInvalid;
            }));
            return command;
        }

        private static DeviceState ReadStateOrEmpty(string dir)
        {
            try
            {
                return SimStateFolder.ReadState(dir);
            }
            catch (Exception e) when (e is CompanionException || e is IOException || e is UnauthorizedAccessException)
            {
                return new DeviceState();
            }
        }

        private static void RecordInstall(string dir, string packagePath, UpdateResult result, TextWriter error)
        {
            SimInstallRecord record = new SimInstallRecord
            {
                Package = packagePath,
                Result = result.ToString(),
                Code = (int)result,
                At = UnixTime.ToIso(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            };
            try
            {
                SimStateFolder.WriteLastInstall(dir, record);
            }
            catch (CompanionException e)
            {
                error.WriteLine("warning: the install verdict was not recorded for 'mda sim status': " + e.Message);
            }
        }

        private static byte[] ReadInput(string path)
        {
            return InputFile.ReadAll(path, "input");
        }

        private static FilePackageSource OpenPackage(string path)
        {
            try
            {
                return new FilePackageSource(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.InputError, "cannot read package '" + path + "': " + e.Message, e);
            }
        }

        private static void WriteVerdict(ParseResult r, string action, UpdateResult result, VerificationReport report, bool json, DeviceState device)
        {
            UpdateState state = device.Update;
            TextWriter output = r.InvocationConfiguration.Output;
            Manifest m = report.Manifest;
            bool signed = result == UpdateResult.Accepted || (int)result >= (int)UpdateResult.WrongVendor;
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    action,
                    result = result.ToString(),
                    code = (int)result,
                    message = UpdateResultText.Describe(result),
                    timeChecksSkipped = report.TimeChecksSkipped,
                    version = signed ? m.Image.VersionText : null,
                    securityCounter = signed ? m.Image.SecurityCounter : (long?)null,
                    deviceClass = signed ? m.DeviceClass : null,
                    activeSlot = state.ActiveSlot,
                    activeVersion = state.Active.VersionText,
                    securityFloor = state.SecurityFloor,
                }));
                return;
            }

            string verdict = result == UpdateResult.Accepted
                ? (action == "install" ? "INSTALLED and confirmed" : "ACCEPTED")
                : "REJECTED (" + ((int)result).ToString(CultureInfo.InvariantCulture) + " " + result + "): " + UpdateResultText.Describe(result);
            output.WriteLine(action + ": " + verdict);
            if (signed && result == UpdateResult.Accepted)
            {
                output.WriteLine("  package: " + m.Component + " " + m.Image.VersionText + ", security counter " + m.Image.SecurityCounter.ToString(CultureInfo.InvariantCulture) + ", " + m.Image.Size.ToString(CultureInfo.InvariantCulture) + " bytes, class " + m.DeviceClass);
            }

            if (report.TimeChecksSkipped)
            {
                output.WriteLine("  note: the device has no trusted time; delegation validity and package expiry were NOT checked");
            }

            output.WriteLine("  device: running " + state.Active.VersionText + " from slot " + state.ActiveSlot.ToString(CultureInfo.InvariantCulture) + ", security floor " + state.SecurityFloor.ToString(CultureInfo.InvariantCulture));
        }

        private static void WriteStatus(ParseResult r, DeviceState device, SimInstallRecord? lastInstall, bool json, string? headline)
        {
            TrustState t = device.Trust;
            UpdateState s = device.Update;
            TextWriter output = r.InvocationConfiguration.Output;
            string deviceLastResult = ((UpdateResult)s.LastResult).ToString();
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    vendor = t.VendorId,
                    deviceClass = t.DeviceClass,
                    deviceId = t.DeviceId,
                    activeSlot = s.ActiveSlot,
                    activeVersion = s.Active.VersionText,
                    activeSecurityCounter = s.Active.SecurityCounter,
                    activeDigest = Convert.ToHexStringLower(s.Active.Digest),
                    activeSize = s.Active.Size,
                    securityFloor = s.SecurityFloor,
                    rootSequence = t.Root.Sequence,
                    rootKeyId = Convert.ToHexStringLower(t.Root.KeyId),
                    rootAlgorithm = KeyAlgorithms.Name(t.Root.Algorithm),
                    revocationListVersion = t.RevocationVersion,
                    revokedKeys = t.RevokedCount,
                    pendingPhase = s.Phase.ToString(),
                    lastResult = lastInstall != null ? lastInstall.Result : deviceLastResult,
                    deviceLastResult,
                    lastInstall,
                    bootCount = s.BootCount,
                }));
                return;
            }

            if (headline != null)
            {
                output.WriteLine(headline);
            }

            output.WriteLine("device   " + t.VendorId + " / " + t.DeviceClass + " / " + t.DeviceId);
            output.WriteLine("running  " + s.Active.VersionText + " (slot " + s.ActiveSlot.ToString(CultureInfo.InvariantCulture) + ", " + s.Active.Size.ToString(CultureInfo.InvariantCulture) + " bytes, sha256 " + Convert.ToHexStringLower(s.Active.Digest) + ")");
            output.WriteLine("floor    security counter >= " + s.SecurityFloor.ToString(CultureInfo.InvariantCulture));
            output.WriteLine("root     #" + t.Root.Sequence.ToString(CultureInfo.InvariantCulture) + " " + KeyAlgorithms.Name(t.Root.Algorithm) + " key id " + Convert.ToHexStringLower(t.Root.KeyId));
            output.WriteLine("revoked  list v" + t.RevocationVersion.ToString(CultureInfo.InvariantCulture) + ", " + t.RevokedCount.ToString(CultureInfo.InvariantCulture) + " key(s)");
            output.WriteLine("pending  " + s.Phase + "; boots " + s.BootCount.ToString(CultureInfo.InvariantCulture));
            if (lastInstall == null)
            {
                output.WriteLine("last     result " + deviceLastResult + " (the device's own record; no 'mda sim install' verdict recorded since provisioning)");
                return;
            }

            output.WriteLine("last     result " + lastInstall.Result + ": install of " + lastInstall.Package + " (" + lastInstall.Code.ToString(CultureInfo.InvariantCulture) + ") at " + lastInstall.At);
            if (lastInstall.Result != deviceLastResult)
            {
                output.WriteLine("         the device's own record says " + deviceLastResult + ": it persists only verdicts reached once staging began");
            }
        }
    }
}
