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
    /// <summary>
    /// 'mda package verify': judges a package with the firmware core (as 'mda sim verify' and a
    /// device do) and reports the verdict, what was checked, and what was not.
    /// </summary>
    internal static class PackageVerifyCommand
    {
        private const string Description =
            "Verify a package with the firmware core, exactly as a device that trusts --trust would (header, CBOR, COSE, root rotations, delegation, revocation, "
            + "signature, manifest, expiry, payload digest, trailing data). The device's own facts are checked only when given: --vendor, --device-class, "
            + "--security-floor, --slot-capacity (the report lists the checks not made). An MCUboot image is verified against the update-signer public key "
            + "given as --trust. Exit codes: 0 accepted, 2 usage, 3 file missing or unreadable, 10-49 the rejection verdict (the UpdateResult value, e.g. "
            + "29 KeyRevoked, 30 BadSignature, 36 DigestMismatch).";

        /// <summary>Builds the command.</summary>
        public static Command Create()
        {
            Argument<string> file = new Argument<string>("FILE") { Description = "Package (.mdpkg) or MCUboot image" };
            Option<string> trust = CliOptions.RequiredPath("--trust", "Trusted root public key (PEM), e.g. from 'mda pki export-public --role root'");
            Option<int?> rootSequence = Number<int>("--root-sequence", "Sequence of the --trust root in the PKI's rotation chain (1 for the first root, as 'mda sim init' provisions; N after N-1 rotations) [default: 1]", 1, int.MaxValue);
            Option<string?> revocationList = new Option<string?>("--revocation-list") { Description = "A revocation list statement to treat as already held (as a device would), e.g. the file 'mda pki revoke' reports" };
            Option<DateTimeOffset?> at = CliOptions.Time("--at", "Check validity windows and expiry at this ISO 8601 time instead of the host clock");
            Option<string?> vendor = new Option<string?>("--vendor") { Description = "Check the manifest's vendor against this device vendor id [default: not checked]" };
            Option<string?> deviceClass = new Option<string?>("--device-class") { Description = "Check the manifest's device class against this one [default: not checked]" };
            Option<long?> floor = Number<long>("--security-floor", "Check the security counter against this confirmed floor (anti-rollback) [default: not checked]", 0, long.MaxValue);
            Option<int?> slot = Number<int>("--slot-capacity", "Check the payload size against a slot of this many bytes [default: not checked]", 1, int.MaxValue);
            Option<bool> json = CliOptions.Json();
            Command command = new Command("verify", Description);
            command.Arguments.Add(file);
            foreach (Option option in new Option[] { trust, rootSequence, revocationList, at, vendor, deviceClass, floor, slot, json })
            {
                command.Options.Add(option);
            }

            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                PublicKeyInfo anchor = PublicKeyFile.Read(parse.GetValue(trust)!);
                DeviceExpectations expectations = new DeviceExpectations
                {
                    VendorId = parse.GetValue(vendor),
                    DeviceClassId = parse.GetValue(deviceClass),
                    SecurityFloor = parse.GetValue(floor),
                    SlotCapacity = parse.GetValue(slot),
                };
                expectations.Validate();
                string? listPath = parse.GetValue(revocationList);
                int sequence = parse.GetValue(rootSequence) ?? VerificationTrust.FirstRootSequence;
                DateTimeOffset now = parse.GetValue(at) ?? DateTimeOffset.UtcNow;
                string path = parse.GetValue(file)!;
                VerificationReport result;
                using (FileStream stream = PackageCommands.OpenInput(path))
                {
                    bool mdpkgOnly = listPath != null || parse.GetValue(rootSequence).HasValue || expectations.Unchecked().Count < 4;
                    if (McuBootImage.HasMagic(stream) && mdpkgOnly)
                    {
                        throw new CompanionException(CompanionErrorKind.InvalidArgument, "--root-sequence, --revocation-list, --vendor, --device-class, --security-floor and --slot-capacity apply to .mdpkg packages; '" + path + "' is an MCUboot image");
                    }

                    byte[]? held = listPath == null ? null : PackageCommands.ReadInput(listPath);
                    try
                    {
                        result = PackageVerifier.Verify(stream, new VerificationTrust(anchor, sequence, held), expectations, now, new StderrProgress(error));
                    }
                    catch (IOException e)
                    {
                        throw new CompanionException(CompanionErrorKind.InputError, "cannot read '" + path + "': " + e.Message, e);
                    }
                }

                ReportWriter.Write(output, parse.GetValue(json), Headline(path, result), Report(path, anchor, sequence, now, result));
                return (int)result.Result;
            }));
            return command;
        }

        /// <summary>The first line: the verdict, and for an accepted package what acceptance does not cover.</summary>
        internal static string Headline(string path, VerificationReport result)
        {
            if (!result.Accepted)
            {
                return "REJECTED (" + result.Result + ", " + ((int)result.Result).ToString(CultureInfo.InvariantCulture) + "): " + UpdateResultText.Describe(result.Result) + ": " + result.Reason;
            }

            string line = "ACCEPTED: " + path + " (" + (result.Format == "mcuboot" ? "hash and signature verify with the given key" : "authentic and intact from the trusted root");
            return line + (result.NotChecked.Count == 0 ? "; vendor, device class, security-counter floor and slot capacity checked)" : "; NOT checked: " + string.Join(", ", result.NotChecked) + ")");
        }

        private static JsonObject Report(string path, PublicKeyInfo anchor, int sequence, DateTimeOffset now, VerificationReport result)
        {
            JsonObject report = new JsonObject
            {
                ["file"] = Path.GetFullPath(path),
                ["format"] = result.Format,
                ["result"] = result.Result.ToString(),
                ["code"] = (int)result.Result,
                ["accepted"] = result.Accepted,
                ["meaning"] = Meaning(result),
                ["reason"] = result.Accepted ? null : result.Reason,
                ["checkedAt"] = UnixTime.ToIso(now.ToUnixTimeSeconds()),
                ["trustedKeyId"] = anchor.KeyIdHex,
            };
            if (result.Format != "mcuboot")
            {
                report["trustedRootSequence"] = sequence;
            }

            if (result.CurrentRoot != null)
            {
                report["currentRootKeyId"] = result.CurrentRoot.KeyIdHex;
                report["rootRotationsApplied"] = result.RootRotationsApplied;
            }

            if (result.SignerKeyId != null)
            {
                report["signerKeyId"] = KeyId.ToHex(result.SignerKeyId);
            }

            if (result.RevocationListVersion.HasValue)
            {
                report["revocationListVersion"] = result.RevocationListVersion.Value;
            }

            if (result.Manifest != null)
            {
                report["manifest"] = PackageCommands.ManifestJson(result.Manifest);
            }

            if (result.Format == "mcuboot" && result.SecurityCounter >= 0)
            {
                report["securityCounter"] = result.SecurityCounter;
            }

            if (result.Accepted)
            {
                report["checked"] = Strings(result.Checked);
            }

            report["notChecked"] = Strings(result.NotChecked);
            return report;
        }

        /// <summary>What the verdict means; for an accepted package only what was checked is claimed.</summary>
        private static string Meaning(VerificationReport result)
        {
            if (!result.Accepted)
            {
                return UpdateResultText.Describe(result.Result);
            }

            if (result.NotChecked.Count == 0)
            {
                return UpdateResultText.Describe(UpdateResult.Accepted) + ", and it fits the slot";
            }

            return "the checks listed under 'checked' passed; a device also checks " + string.Join(", ", result.NotChecked) + ", which were not checked here";
        }

        private static JsonArray Strings(System.Collections.Generic.IReadOnlyList<string> values)
        {
            JsonArray array = new JsonArray();
            foreach (string value in values)
            {
                array.Add(value);
            }

            return array;
        }

        /// <summary>An optional whole-number option in <paramref name="min"/>..<paramref name="max"/> (a bad value is a usage error).</summary>
        private static Option<T?> Number<T>(string name, string description, long min, long max)
            where T : struct
        {
            return new Option<T?>(name)
            {
                Description = description,
                CustomParser = result =>
                {
                    string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                    if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
                    {
                        result.AddError(name + ": '" + text + "' is not a whole number from " + min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture));
                        return null;
                    }

                    return (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
                },
            };
        }
    }
}
