using System;
using System.CommandLine;
using System.IO;
using System.Text.Json.Nodes;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.McuBoot;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>The 'mda package' command group: create, inspect, verify.</summary>
    internal static class PackageCommands
    {
        private const string Mdpkg = "mdpkg";
        private const string McuBootFormat = "mcuboot";

        /// <summary>Builds the group.</summary>
        public static Command Create()
        {
            Command group = new Command("package", "Create, inspect and verify update packages");
            group.Subcommands.Add(CreateCommand());
            group.Subcommands.Add(PackageInspectCommand.Create());
            group.Subcommands.Add(PackageVerifyCommand.Create());
            return group;
        }

        private static Command CreateCommand()
        {
            Command command = new Command("create", "Sign a payload with the PKI's update-signer into an .mdpkg package (manifest, delegation, revocation list and root rotations in a COSE_Sign1 envelope) or an MCUboot image. The payload is streamed; progress for large payloads goes to stderr. The passphrase comes from MDA_PASSPHRASE or a terminal prompt. Exit codes: 0 done, 2 usage, 3 payload missing or unreadable, 4 passphrase, 5 PKI error (no usable update-signer, or signing material a device would refuse: checked with the device's verifier before signing), 6 cannot write (nothing is left behind).");
            Option<string> pki = CliOptions.RequiredPath("--pki", "PKI directory (see 'mda pki init')");
            Option<string> payload = CliOptions.RequiredPath("--payload", "Payload file (the firmware image)");
            Option<SemanticVersion> version = CliOptions.Version();
            Option<long> counter = CliOptions.SecurityCounter();
            Option<string?> deviceClass = new Option<string?>("--device-class") { Description = "Device class id the package is for (required for mdpkg; A-Z a-z 0-9 . _ -)" };
            Option<string?> component = new Option<string?>("--component") { Description = "Component name (mdpkg only) [default: app]" };
            Option<DateTimeOffset?> expires = CliOptions.Time("--expires", "Expiry, ISO 8601 (mdpkg only) [default: none, as for an end-of-support release]");
            Option<string> format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => Mdpkg };
            format.AcceptOnlyFromAmong(Mdpkg, McuBootFormat);
            Option<string> outFile = CliOptions.RequiredPath("--out", "Output file (written atomically)");
            Option<bool> json = CliOptions.Json();
            foreach (Option option in new Option[] { pki, payload, version, counter, deviceClass, component, expires, format, outFile, json })
            {
                command.Options.Add(option);
            }

            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                bool mcuboot = parse.GetValue(format) == McuBootFormat;
                string payloadPath = parse.GetValue(payload)!;
                string outPath = parse.GetValue(outFile)!;
                DateTimeOffset now = DateTimeOffset.UtcNow;
                if (string.Equals(Path.GetFullPath(payloadPath), Path.GetFullPath(outPath), StringComparison.Ordinal))
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--out must not be the payload file");
                }

                PackageRequest request = new PackageRequest
                {
                    DeviceClassId = parse.GetValue(deviceClass) ?? string.Empty,
                    Component = parse.GetValue(component) ?? "app",
                    Version = parse.GetValue(version),
                    SecurityCounter = parse.GetValue(counter),
                    Created = now.ToUnixTimeSeconds(),
                    Expires = parse.GetValue(expires)?.ToUnixTimeSeconds() ?? -1,
                };
                if (mcuboot)
                {
                    if (parse.GetValue(deviceClass) != null || parse.GetValue(component) != null || parse.GetValue(expires) != null)
                    {
                        throw new CompanionException(CompanionErrorKind.InvalidArgument, "--device-class, --component and --expires are mdpkg manifest fields; an MCUboot image has no place for them");
                    }

                    McuBootImageBuilder.CheckFields(request.Version, request.SecurityCounter);
                }
                else
                {
                    if (parse.GetValue(deviceClass) == null)
                    {
                        throw new CompanionException(CompanionErrorKind.InvalidArgument, "--device-class is required for --format mdpkg");
                    }

                    request.Validate();
                }

                InputFile.RequireRegularFile(payloadPath, "payload");

                PkiDirectory directory = PkiDirectory.Open(parse.GetValue(pki)!);
                PackageSigningMaterial material = directory.LoadUpdateSigningMaterial(PassphraseSource.Get(error, isNew: false), now);
                SigningMaterialCheck.Check(directory, material, mcuboot ? SigningMaterialCheck.ProbeDeviceClass : request.DeviceClassId, now);
                StderrProgress progress = new StderrProgress(error);
                JsonObject report;
                if (mcuboot)
                {
                    McuBootBuildResult built = McuBootImageBuilder.CreateFile(material.Signer, request.Version, request.SecurityCounter, payloadPath, outPath, progress);
                    report = new JsonObject
                    {
                        ["file"] = Path.GetFullPath(outPath),
                        ["format"] = McuBootFormat,
                        ["fileSize"] = built.FileLength,
                        ["imageSize"] = built.ImageSize,
                        ["version"] = request.Version.ToString(),
                        ["securityCounter"] = request.SecurityCounter,
                        ["imageDigest"] = Convert.ToHexStringLower(built.ImageDigest),
                        ["keyHash"] = Convert.ToHexStringLower(built.KeyHash),
                        ["signerKeyId"] = material.Signer.PublicKey.KeyIdHex,
                        ["signatureAlgorithm"] = KeyAlgorithms.Name(material.Signer.Algorithm),
                    };
                }
                else
                {
                    PackageBuildResult built = PackageBuilder.CreateFile(material, request, payloadPath, outPath, progress);
                    report = new JsonObject
                    {
                        ["file"] = Path.GetFullPath(outPath),
                        ["format"] = Mdpkg,
                        ["fileSize"] = built.FileLength,
                        ["envelopeSize"] = built.EnvelopeLength,
                        ["manifest"] = ManifestJson(built.Manifest),
                        ["rootRotations"] = material.RootRotations.Count,
                    };
                }

                ReportWriter.Write(output, parse.GetValue(json), "Wrote " + (mcuboot ? "MCUboot image " : "package ") + outPath, report);
                return ExitCodes.Ok;
            }));
            return command;
        }

        /// <summary>The manifest as a report object (create, inspect and verify print it the same way).</summary>
        internal static JsonObject ManifestJson(Manifest manifest)
        {
            return new JsonObject
            {
                ["vendorId"] = manifest.VendorId,
                ["deviceClassId"] = manifest.DeviceClassId,
                ["component"] = manifest.Component,
                ["version"] = manifest.Version.ToString(),
                ["securityCounter"] = manifest.SecurityCounter,
                ["payloadDigest"] = Convert.ToHexStringLower(manifest.PayloadDigest),
                ["payloadSize"] = manifest.PayloadSize,
                ["created"] = UnixTime.ToIso(manifest.Created),
                ["expires"] = manifest.HasExpiry ? UnixTime.ToIso(manifest.Expires) : null,
                ["signerKeyId"] = KeyId.ToHex(manifest.SignerKeyId),
                ["revocationListVersion"] = manifest.RevocationListVersion,
            };
        }

        /// <summary>Opens a package for reading; a missing or unreadable file is an input error.</summary>
        internal static FileStream OpenInput(string path)
        {
            return InputFile.Open(path, "input", PackageFile.ChunkSize);
        }

        /// <summary>Reads a whole input file; a missing or unreadable file is an input error.</summary>
        internal static byte[] ReadInput(string path)
        {
            return InputFile.ReadAll(path, "input");
        }
    }
}
