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
            group.Subcommands.Add(InspectCommand());
            group.Subcommands.Add(VerifyCommand());
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

        private static Command InspectCommand()
        {
            Command command = new Command("inspect", "Print every field of an .mdpkg package (header, envelope, manifest, delegation, revocation list, root rotations) or an MCUboot image (header and TLVs). Nothing is verified: use 'mda package verify'. Exit codes: 0 done, 2 usage, 3 file missing or not a readable package.");
            Argument<string> file = new Argument<string>("FILE") { Description = "Package (.mdpkg) or MCUboot image" };
            Option<bool> json = CliOptions.Json();
            command.Arguments.Add(file);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                string path = parse.GetValue(file)!;
                using (FileStream stream = OpenInput(path))
                {
                    JsonObject report;
                    if (McuBootImage.HasMagic(stream))
                    {
                        UpdateResult parsed = McuBootImage.TryParse(stream, out McuBootImage? image, out string reason);
                        if (parsed != UpdateResult.Accepted || image == null)
                        {
                            throw new CompanionException(CompanionErrorKind.InputError, "not a readable MCUboot image (" + parsed + "): " + reason);
                        }

                        report = McuBootJson(path, image);
                    }
                    else
                    {
                        report = InspectionJson(path, PackageInspector.Inspect(stream));
                    }

                    ReportWriter.Write(output, parse.GetValue(json), "Contents of " + path + " (not verified)", report);
                }

                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command VerifyCommand()
        {
            Command command = new Command("verify", "Verify a package against a trusted root public key in the device's order (header, CBOR, COSE, root rotations, delegation, revocation, signature, manifest, expiry, payload digest, trailing data). Device-only rules (vendor and class match, security-counter floor, slot size) are not checked. An MCUboot image is verified against the update-signer public key given as --trust. Exit codes: 0 accepted, 2 usage, 3 file missing or unreadable, 10-49 the rejection verdict (the UpdateResult value, e.g. 29 KeyRevoked, 30 BadSignature, 36 DigestMismatch).");
            Argument<string> file = new Argument<string>("FILE") { Description = "Package (.mdpkg) or MCUboot image" };
            Option<string> trust = CliOptions.RequiredPath("--trust", "Trusted root public key (PEM), e.g. from 'mda pki export-public --role root'");
            Option<string?> revocationList = new Option<string?>("--revocation-list") { Description = "A revocation list statement to treat as already held (as a device would), e.g. the file 'mda pki revoke' reports" };
            Option<DateTimeOffset?> at = CliOptions.Time("--at", "Check validity windows and expiry at this ISO 8601 time instead of the host clock");
            Option<bool> json = CliOptions.Json();
            command.Arguments.Add(file);
            command.Options.Add(trust);
            command.Options.Add(revocationList);
            command.Options.Add(at);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                PublicKeyInfo anchor = PublicKeyFile.Read(parse.GetValue(trust)!);
                string? listPath = parse.GetValue(revocationList);
                byte[]? stored = listPath == null ? null : ReadInput(listPath);
                DateTimeOffset now = parse.GetValue(at) ?? DateTimeOffset.UtcNow;
                string path = parse.GetValue(file)!;
                VerificationReport result = PackageVerifier.VerifyFile(path, anchor, now, stored);
                JsonObject report = new JsonObject
                {
                    ["file"] = Path.GetFullPath(path),
                    ["format"] = result.Format,
                    ["result"] = result.Result.ToString(),
                    ["code"] = (int)result.Result,
                    ["accepted"] = result.Accepted,
                    ["meaning"] = UpdateResultText.Describe(result.Result),
                    ["reason"] = result.Accepted ? null : result.Reason,
                    ["checkedAt"] = UnixTime.ToIso(now.ToUnixTimeSeconds()),
                    ["trustedKeyId"] = anchor.KeyIdHex,
                };
                if (result.CurrentRoot != null)
                {
                    report["currentRootKeyId"] = result.CurrentRoot.KeyIdHex;
                    report["rootRotationsApplied"] = result.RootRotationsApplied;
                }

                if (result.SignerKeyId != null)
                {
                    report["signerKeyId"] = KeyId.ToHex(result.SignerKeyId);
                }

                if (result.RevocationList != null)
                {
                    report["revocationListVersion"] = result.RevocationList.Version;
                }

                if (result.Manifest != null && result.Result != UpdateResult.BadSignature)
                {
                    report["manifest"] = ManifestJson(result.Manifest);
                }

                if (result.Format == McuBootFormat && result.SecurityCounter >= 0)
                {
                    report["securityCounter"] = result.SecurityCounter;
                }

                string headline = result.Accepted
                    ? "ACCEPTED: " + path
                    : "REJECTED (" + result.Result + ", " + (int)result.Result + "): " + UpdateResultText.Describe(result.Result) + ": " + result.Reason;
                ReportWriter.Write(output, parse.GetValue(json), headline, report);
                return (int)result.Result;
            }));
            return command;
        }

        private static JsonObject ManifestJson(Manifest manifest)
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

        private static JsonObject InspectionJson(string path, PackageInspection inspection)
        {
            PackageEnvelope envelope = inspection.Envelope;
            JsonArray rotations = new JsonArray();
            foreach (InspectedStatement<RootRotation> rotation in inspection.RootRotations)
            {
                rotations.Add(Statement(rotation, value => new JsonObject
                {
                    ["sequence"] = value.Sequence,
                    ["keyId"] = value.NewRoot.KeyIdHex,
                    ["algorithm"] = AlgorithmName(value.NewRoot.Algorithm),
                    ["publicKey"] = Convert.ToHexStringLower(value.NewRoot.RawKey),
                    ["issuerKeyId"] = KeyId.ToHex(value.IssuerKeyId),
                }));
            }

            return new JsonObject
            {
                ["file"] = Path.GetFullPath(path),
                ["format"] = Mdpkg,
                ["fileSize"] = envelope.FileLength,
                ["header"] = new JsonObject
                {
                    ["magic"] = "MDPK",
                    ["formatVersion"] = envelope.FormatVersion,
                    ["envelopeLength"] = envelope.EnvelopeLength,
                },
                ["envelope"] = new JsonObject
                {
                    ["algorithm"] = AlgorithmName(envelope.Cose.Algorithm),
                    ["keyId"] = KeyId.ToHex(envelope.Cose.KeyId),
                    ["signature"] = Convert.ToHexStringLower(envelope.Cose.Signature),
                },
                ["manifest"] = inspection.Manifest != null ? ManifestJson(inspection.Manifest) : new JsonObject { ["error"] = inspection.ManifestError },
                ["delegation"] = inspection.Delegation == null ? null : Statement(inspection.Delegation, value => new JsonObject
                {
                    ["keyId"] = value.Key.KeyIdHex,
                    ["algorithm"] = AlgorithmName(value.Key.Algorithm),
                    ["publicKey"] = Convert.ToHexStringLower(value.Key.RawKey),
                    ["role"] = Delegation.RoleName(value.Role),
                    ["notBefore"] = UnixTime.ToIso(value.NotBefore),
                    ["notAfter"] = UnixTime.ToIso(value.NotAfter),
                    ["issuerKeyId"] = KeyId.ToHex(value.IssuerKeyId),
                }),
                ["revocationList"] = inspection.RevocationList == null ? null : Statement(inspection.RevocationList, value =>
                {
                    JsonArray revoked = new JsonArray();
                    foreach (byte[] id in value.RevokedKeyIds)
                    {
                        revoked.Add(KeyId.ToHex(id));
                    }

                    return new JsonObject
                    {
                        ["version"] = value.Version,
                        ["revokedKeyIds"] = revoked,
                        ["issued"] = UnixTime.ToIso(value.Issued),
                        ["issuerKeyId"] = KeyId.ToHex(value.IssuerKeyId),
                    };
                }),
                ["rootRotations"] = rotations,
                ["payload"] = new JsonObject
                {
                    ["offset"] = envelope.PayloadOffset,
                    ["bytesPresent"] = inspection.PayloadBytesPresent,
                },
            };
        }

        private static JsonObject Statement<T>(InspectedStatement<T> statement, Func<T, JsonObject> describe)
            where T : class
        {
            JsonObject result = statement.Value != null ? describe(statement.Value) : new JsonObject { ["error"] = statement.Error };
            result["signedByKeyId"] = statement.SignerKeyId != null ? KeyId.ToHex(statement.SignerKeyId) : null;
            result["statementSize"] = statement.Size;
            return result;
        }

        private static JsonObject McuBootJson(string path, McuBootImage image)
        {
            JsonArray tlvs = new JsonArray();
            foreach (McuBootTlv tlv in image.Tlvs)
            {
                tlvs.Add(new JsonObject
                {
                    ["type"] = tlv.Name,
                    ["protected"] = tlv.IsProtected,
                    ["length"] = tlv.Value.Length,
                    ["value"] = Convert.ToHexStringLower(tlv.Value),
                });
            }

            return new JsonObject
            {
                ["file"] = Path.GetFullPath(path),
                ["format"] = McuBootFormat,
                ["fileSize"] = image.FileLength,
                ["header"] = new JsonObject
                {
                    ["magic"] = "0x96f3b83d",
                    ["loadAddress"] = image.LoadAddress,
                    ["headerSize"] = image.HeaderSize,
                    ["protectedTlvSize"] = image.ProtectedTlvSize,
                    ["imageSize"] = image.ImageSize,
                    ["flags"] = image.Flags,
                    ["version"] = image.VersionMajor + "." + image.VersionMinor + "." + image.VersionRevision + "+" + image.BuildNumber,
                },
                ["securityCounter"] = image.SecurityCounter >= 0 ? image.SecurityCounter : null,
                ["tlvAreaSize"] = image.TlvAreaSize,
                ["tlvs"] = tlvs,
                ["trailingBytes"] = image.FileLength - image.End,
            };
        }

        private static string AlgorithmName(CoseAlgorithm algorithm)
        {
            return KeyAlgorithms.IsSupported(algorithm) ? KeyAlgorithms.Name(algorithm) + " (" + algorithm + ", " + (int)algorithm + ")" : ((int)algorithm).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private static FileStream OpenInput(string path)
        {
            return InputFile.Open(path, "input", PackageFile.ChunkSize);
        }

        private static byte[] ReadInput(string path)
        {
            return InputFile.ReadAll(path, "input");
        }
    }
}
