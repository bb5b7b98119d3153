using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text.Json.Nodes;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.McuBoot;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>'mda package inspect': every field of a package, decoded by the firmware core's parsers, nothing verified.</summary>
    internal static class PackageInspectCommand
    {
        /// <summary>Builds the command.</summary>
        public static Command Create()
        {
            Command command = new Command("inspect", "Print every field of an .mdpkg package (header, envelope, manifest, delegation, revocation list, root rotations; decoded by the firmware core's parsers) or an MCUboot image (header and TLVs). Nothing is verified: use 'mda package verify'. Exit codes: 0 done, 2 usage, 3 file missing or not a readable package.");
            Argument<string> file = new Argument<string>("FILE") { Description = "Package (.mdpkg) or MCUboot image" };
            Option<bool> json = CliOptions.Json();
            command.Arguments.Add(file);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                string path = parse.GetValue(file)!;
                using (FileStream stream = PackageCommands.OpenInput(path))
                {
                    JsonObject report;
                    try
                    {
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
                    }
                    catch (IOException e)
                    {
                        throw new CompanionException(CompanionErrorKind.InputError, "cannot read '" + path + "': " + e.Message, e);
                    }

                    ReportWriter.Write(output, parse.GetValue(json), "Contents of " + path + " (not verified)", report);
                }

                return ExitCodes.Ok;
            }));
            return command;
        }

        private static JsonObject InspectionJson(string path, PackageInspection inspection)
        {
            JsonArray rotations = new JsonArray();
            foreach (InspectedRootRotation rotation in inspection.RootRotations)
            {
                rotations.Add(Statement(rotation, new JsonObject
                {
                    ["sequence"] = rotation.Sequence,
                    ["keyId"] = Hex(rotation.KeyId),
                    ["algorithm"] = AlgorithmName(rotation.KeyAlgorithm),
                    ["publicKey"] = Hex(rotation.PublicKey),
                    ["issuerKeyId"] = Hex(rotation.IssuerKeyId),
                }));
            }

            return new JsonObject
            {
                ["file"] = Path.GetFullPath(path),
                ["format"] = "mdpkg",
                ["fileSize"] = inspection.FileLength,
                ["header"] = new JsonObject
                {
                    ["magic"] = "MDPK",
                    ["formatVersion"] = inspection.FormatVersion,
                    ["envelopeLength"] = inspection.EnvelopeLength,
                },
                ["envelope"] = new JsonObject
                {
                    ["algorithm"] = AlgorithmName((int)inspection.EnvelopeAlgorithm),
                    ["keyId"] = KeyId.ToHex(inspection.EnvelopeKeyId),
                    ["signature"] = Convert.ToHexStringLower(inspection.Signature),
                },
                ["manifest"] = inspection.Manifest != null ? PackageCommands.ManifestJson(inspection.Manifest) : new JsonObject { ["error"] = inspection.ManifestError },
                ["delegation"] = inspection.Delegation == null ? null : Statement(inspection.Delegation, new JsonObject
                {
                    ["keyId"] = Hex(inspection.Delegation.KeyId),
                    ["algorithm"] = AlgorithmName(inspection.Delegation.KeyAlgorithm),
                    ["publicKey"] = Hex(inspection.Delegation.PublicKey),
                    ["role"] = RoleName(inspection.Delegation.Role),
                    ["notBefore"] = Time(inspection.Delegation.NotBefore),
                    ["notAfter"] = Time(inspection.Delegation.NotAfter),
                    ["issuerKeyId"] = Hex(inspection.Delegation.IssuerKeyId),
                }),
                ["revocationList"] = inspection.RevocationList == null ? null : Statement(inspection.RevocationList, new JsonObject
                {
                    ["version"] = inspection.RevocationList.Version,
                    ["revokedKeyIds"] = RevokedIds(inspection.RevocationList),
                    ["issued"] = Time(inspection.RevocationList.Issued),
                    ["issuerKeyId"] = Hex(inspection.RevocationList.IssuerKeyId),
                }),
                ["rootRotations"] = rotations,
                ["payload"] = new JsonObject
                {
                    ["offset"] = inspection.PayloadOffset,
                    ["bytesPresent"] = inspection.PayloadBytesPresent,
                },
            };
        }

        /// <summary>The statement's fields (or its error when it does not decode), then its signer and size.</summary>
        private static JsonObject Statement(InspectedStatement statement, JsonObject fields)
        {
            JsonObject result = statement.Error != null ? new JsonObject { ["error"] = statement.Error } : fields;
            if (statement.Error == null && statement.MissingFields.Count > 0)
            {
                result["missingOrWrongType"] = string.Join(", ", statement.MissingFields);
            }

            result["signedByKeyId"] = Hex(statement.SignerKeyId);
            result["statementSize"] = statement.Size;
            return result;
        }

        private static JsonNode? RevokedIds(InspectedRevocationList list)
        {
            if (list.RevokedKeyIds == null)
            {
                return null;
            }

            JsonArray revoked = new JsonArray();
            foreach (byte[] id in list.RevokedKeyIds)
            {
                revoked.Add(Convert.ToHexStringLower(id));
            }

            return revoked;
        }

        private static string? Hex(byte[]? value)
        {
            return value == null ? null : Convert.ToHexStringLower(value);
        }

        private static string? Time(long? value)
        {
            return value.HasValue ? UnixTime.ToIso(value.Value) : null;
        }

        private static string? RoleName(long? role)
        {
            if (!role.HasValue)
            {
                return null;
            }

            switch (role.Value)
            {
                case (long)KeyRole.UpdateSigner: return Delegation.RoleName(KeyRole.UpdateSigner);
                case (long)KeyRole.CommandSigner: return Delegation.RoleName(KeyRole.CommandSigner);
                default: return "role " + role.Value.ToString(CultureInfo.InvariantCulture);
            }
        }

        private static string? AlgorithmName(long? algorithm)
        {
            if (!algorithm.HasValue)
            {
                return null;
            }

            long value = algorithm.Value;
            if (value == (long)CoseAlgorithm.EdDSA || value == (long)CoseAlgorithm.ES256)
            {
                CoseAlgorithm known = (CoseAlgorithm)(int)value;
                return KeyAlgorithms.Name(known) + " (" + known + ", " + value.ToString(CultureInfo.InvariantCulture) + ")";
            }

            return value.ToString(CultureInfo.InvariantCulture);
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
                ["format"] = "mcuboot",
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
    }
}
