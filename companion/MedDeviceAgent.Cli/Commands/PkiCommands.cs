using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text.Json.Nodes;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>The 'mda pki' command group: init, delegate, revoke, rotate-root, export-public (and the TLS commands of <see cref="PkiTlsCommands"/>).</summary>
    internal static class PkiCommands
    {
        private const string PassphraseNote = " The passphrase comes from MDA_PASSPHRASE or a terminal prompt.";

        /// <summary>Builds the group.</summary>
        public static Command Create()
        {
            Command group = new Command("pki", "Key hierarchy: root, delegated online keys, revocation, root rotation");
            group.Subcommands.Add(Init());
            group.Subcommands.Add(Delegate());
            group.Subcommands.Add(Revoke());
            group.Subcommands.Add(RotateRoot());
            group.Subcommands.Add(ExportPublic());
            PkiTlsCommands.AddTo(group);
            return group;
        }

        /// <summary>The JSON summary of a PKI directory (public facts only).</summary>
        internal static JsonObject Summary(PkiDirectory pki)
        {
            JsonArray revoked = new JsonArray();
            foreach (string id in pki.RevokedKeyIds)
            {
                revoked.Add(id);
            }

            return new JsonObject
            {
                ["directory"] = pki.DirectoryPath,
                ["vendorId"] = pki.VendorId,
                ["root"] = new JsonObject
                {
                    ["keyId"] = pki.Root.PublicKey.KeyIdHex,
                    ["algorithm"] = KeyAlgorithms.Name(pki.Root.PublicKey.Algorithm),
                    ["sequence"] = pki.Root.Sequence,
                },
                ["updateSigner"] = Signer(pki.UpdateSigner),
                ["commandSigner"] = Signer(pki.CommandSigner),
                ["revocationList"] = new JsonObject
                {
                    ["version"] = pki.RevocationListVersion,
                    ["revokedKeyIds"] = revoked,
                },
                ["rootRotations"] = pki.RootRotationCount,
            };
        }

        private static JsonObject? Signer(PkiKeySummary? signer)
        {
            if (signer == null)
            {
                return null;
            }

            return new JsonObject
            {
                ["keyId"] = signer.PublicKey.KeyIdHex,
                ["algorithm"] = KeyAlgorithms.Name(signer.PublicKey.Algorithm),
                ["notBefore"] = UnixTime.ToIso(signer.NotBefore),
                ["notAfter"] = UnixTime.ToIso(signer.NotAfter),
                ["revoked"] = signer.Revoked,
            };
        }

        private static Command Init()
        {
            Command command = new Command("init", "Create a PKI directory: an encrypted root key, an update-signer and a command-signer delegated by the root, and revocation list version 1 (empty); and the TLS PKI: a P-256 TLS root CA under the root's authority, a device CA, a broker certificate for the --broker-host names, an empty CRL (see docs/pki-tls.md)." + PassphraseNote + " Exit codes: 0 done, 2 usage, 4 passphrase, 5 directory already initialized, 6 cannot write.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory to create (created 0700 if missing; must not already hold a PKI)");
            Option<string?> algorithm = CliOptions.Algorithm("Key algorithm for all three keys", withDefault: true);
            Option<string> vendor = new Option<string>("--vendor") { Description = "Vendor id written into every manifest (A-Z a-z 0-9 . _ -)", DefaultValueFactory = _ => PkiDirectory.DefaultVendorId };
            Option<int?> validDays = CliOptions.Days("--valid-days", "Validity of the two delegations in days [default: " + PkiDirectory.DefaultValidDays + "]");
            Option<string[]> brokerHosts = PkiTlsCommands.BrokerHosts();
            Option<bool> json = CliOptions.Json();
            command.Options.Add(dir);
            command.Options.Add(algorithm);
            command.Options.Add(vendor);
            command.Options.Add(validDays);
            command.Options.Add(brokerHosts);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                long notBefore = now.ToUnixTimeSeconds() - PkiDirectory.ClockSkewAllowanceSeconds;
                long notAfter = now.AddDays(parse.GetValue(validDays) ?? PkiDirectory.DefaultValidDays).ToUnixTimeSeconds();
                string path = parse.GetValue(dir)!;
                CoseAlgorithm alg = KeyAlgorithms.Parse(parse.GetValue(algorithm)!);
                string vendorId = parse.GetValue(vendor)!;
                Companion.Packaging.PackageRequest.CheckIdentifier(vendorId, "vendor id");
                List<string> hosts = BrokerHost.Normalize(parse.GetValue(brokerHosts)!);
                PkiDirectory.CheckCanInitialize(path);
                string passphrase = PassphraseSource.Get(error, isNew: true);
                PkiDirectory pki = PkiDirectory.Initialize(path, alg, vendorId, notBefore, notAfter, passphrase, now);
                TlsAuthority tls = TlsAuthority.Initialize(pki, hosts, passphrase, now);
                JsonObject report = Summary(pki);
                report["tls"] = tls.Describe();
                ReportWriter.Write(output, parse.GetValue(json), "Initialized PKI in " + pki.DirectoryPath, report);
                if (!parse.GetValue(json))
                {
                    output.WriteLine("Next: give devices the root public key: mda pki export-public --dir " + path + " --role root --out root.pub.pem");
                }

                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command Delegate()
        {
            Command command = new Command("delegate", "Delegate a role to a new key (the previous key is retired but stays valid until its window ends unless revoked), or with --keep-key re-delegate the current key with a new validity window." + PassphraseNote + " Exit codes: 0 done, 2 usage, 4 passphrase, 5 PKI error, 6 cannot write.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<string> role = new Option<string>("--role") { Description = "Role to delegate", Required = true };
            role.AcceptOnlyFromAmong(PkiDirectory.RoleName(PkiKeyRole.UpdateSigner), PkiDirectory.RoleName(PkiKeyRole.CommandSigner));
            Option<string?> algorithm = CliOptions.Algorithm("Algorithm of the new key [default: the root's]", withDefault: false);
            Option<DateTimeOffset?> notBefore = CliOptions.Time("--not-before", "Start of validity, ISO 8601 [default: now minus " + (PkiDirectory.ClockSkewAllowanceSeconds / 60) + " minutes of clock-skew allowance]");
            Option<DateTimeOffset?> notAfter = CliOptions.Time("--not-after", "End of validity, ISO 8601 (instead of --valid-days)");
            Option<int?> validDays = CliOptions.Days("--valid-days", "Validity in days from not-before [default: " + PkiDirectory.DefaultValidDays + "]");
            Option<bool> keepKey = new Option<bool>("--keep-key") { Description = "Re-delegate the current key of the role instead of creating a new one" };
            Option<bool> json = CliOptions.Json();
            foreach (Option option in new Option[] { dir, role, algorithm, notBefore, notAfter, validDays, keepKey, json })
            {
                command.Options.Add(option);
            }

            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                if (parse.GetValue(notAfter).HasValue && parse.GetValue(validDays).HasValue)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "give either --not-after or --valid-days, not both");
                }

                DateTimeOffset now = DateTimeOffset.UtcNow;
                long start = parse.GetValue(notBefore)?.ToUnixTimeSeconds() ?? now.ToUnixTimeSeconds() - PkiDirectory.ClockSkewAllowanceSeconds;
                long end = parse.GetValue(notAfter)?.ToUnixTimeSeconds() ?? (parse.GetValue(notBefore) ?? now).AddDays(parse.GetValue(validDays) ?? PkiDirectory.DefaultValidDays).ToUnixTimeSeconds();
                PkiKeyRole keyRole = PkiDirectory.ParseRole(parse.GetValue(role)!);
                string? algorithmName = parse.GetValue(algorithm);
                CoseAlgorithm? alg = algorithmName == null ? null : KeyAlgorithms.Parse(algorithmName);
                PkiDirectory pki = PkiDirectory.Open(parse.GetValue(dir)!);
                string passphrase = PassphraseSource.Get(error, isNew: false);
                PkiKeySummary delegated = pki.Delegate(keyRole, alg, start, end, parse.GetValue(keepKey), passphrase, now);
                JsonObject report = Summary(pki);
                report["delegated"] = new JsonObject
                {
                    ["role"] = PkiDirectory.RoleName(keyRole),
                    ["keyId"] = delegated.PublicKey.KeyIdHex,
                    ["newKey"] = !parse.GetValue(keepKey),
                };
                ReportWriter.Write(output, parse.GetValue(json), "Delegated " + PkiDirectory.RoleName(keyRole) + " to key " + delegated.PublicKey.KeyIdHex, report);
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command Revoke()
        {
            Command command = new Command("revoke", "Revoke a key id: issue the next revocation list version with the key added. Revoking the current update-signer (or command-signer) requires delegating a new one before signing again." + PassphraseNote + " Exit codes: 0 done (also when already revoked), 2 usage, 4 passphrase, 5 PKI error (e.g. the key is the root), 6 cannot write.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<byte[]> keyId = CliOptions.KeyIdOption("Key id to revoke: 32 hex digits (as 'mda pki' and 'mda package inspect' print them)");
            Option<bool> json = CliOptions.Json();
            command.Options.Add(dir);
            command.Options.Add(keyId);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                PkiDirectory pki = PkiDirectory.Open(parse.GetValue(dir)!);
                byte[] id = parse.GetValue(keyId)!;
                string hex = KeyId.ToHex(id);
                bool known = pki.IsKnownKey(id);
                pki.CheckRevocable(id);
                bool changed = !pki.IsRevoked(id) && pki.Revoke(id, PassphraseSource.Get(error, isNew: false), DateTimeOffset.UtcNow);
                JsonObject report = Summary(pki);
                report["revoked"] = new JsonObject
                {
                    ["keyId"] = hex,
                    ["changed"] = changed,
                    ["knownKey"] = known,
                    ["revocationListFile"] = pki.RevocationListPath,
                };
                string headline = changed
                    ? "Revoked key " + hex + ": revocation list is now version " + pki.RevocationListVersion
                    : "Key " + hex + " was already revoked (revocation list version " + pki.RevocationListVersion + "); nothing changed";
                ReportWriter.Write(output, parse.GetValue(json), headline, report);
                if (!known)
                {
                    error.WriteLine("note: " + hex + " is not a key this PKI issued; it was revoked anyway");
                }

                foreach (PkiKeySummary? signer in new[] { pki.UpdateSigner, pki.CommandSigner })
                {
                    if (signer != null && signer.Revoked && signer.PublicKey.KeyIdHex == hex)
                    {
                        string name = PkiDirectory.RoleName(signer.Role);
                        error.WriteLine("note: the current " + name + " is revoked; delegate a new one: mda pki delegate --dir " + parse.GetValue(dir) + " --role " + name);
                    }
                }

                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command RotateRoot()
        {
            Command command = new Command("rotate-root", "Rotate the root: create root N+1, sign a rotation statement with root N, and re-issue the delegations and the revocation list (next version) under the new root. Packages carry every rotation, so devices trusting an older root still verify them." + PassphraseNote + " Exit codes: 0 done, 2 usage, 4 passphrase, 5 PKI error, 6 cannot write.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<string?> algorithm = CliOptions.Algorithm("Algorithm of the new root [default: the current root's]", withDefault: false);
            Option<bool> json = CliOptions.Json();
            command.Options.Add(dir);
            command.Options.Add(algorithm);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                string? algorithmName = parse.GetValue(algorithm);
                CoseAlgorithm? alg = algorithmName == null ? null : KeyAlgorithms.Parse(algorithmName);
                PkiDirectory pki = PkiDirectory.Open(parse.GetValue(dir)!);
                string previous = pki.Root.PublicKey.KeyIdHex;
                PkiKeySummary root = pki.RotateRoot(alg, PassphraseSource.Get(error, isNew: false), DateTimeOffset.UtcNow);
                JsonObject report = Summary(pki);
                report["previousRootKeyId"] = previous;
                ReportWriter.Write(output, parse.GetValue(json), "Rotated root to sequence " + root.Sequence + ", key " + root.PublicKey.KeyIdHex, report);
                if (!parse.GetValue(json))
                {
                    output.WriteLine("The previous root's key file stays in the directory (listed under retiredRoots in " + PkiDirectory.MetadataFileName + "): move it offline or destroy it.");
                }

                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command ExportPublic()
        {
            Command command = new Command("export-public", "Write a public key as SubjectPublicKeyInfo PEM (readable by 'openssl pkey -pubin'). No passphrase needed. Exit codes: 0 done, 2 usage, 5 PKI error, 6 cannot write.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<string> role = new Option<string>("--role") { Description = "Which key to export", Required = true };
            role.AcceptOnlyFromAmong(PkiDirectory.RoleName(PkiKeyRole.Root), PkiDirectory.RoleName(PkiKeyRole.UpdateSigner), PkiDirectory.RoleName(PkiKeyRole.CommandSigner));
            Option<string> outFile = CliOptions.RequiredPath("--out", "Output PEM file (written atomically; replaced if it exists)");
            Option<bool> json = CliOptions.Json();
            command.Options.Add(dir);
            command.Options.Add(role);
            command.Options.Add(outFile);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                PkiKeyRole keyRole = PkiDirectory.ParseRole(parse.GetValue(role)!);
                PkiDirectory pki = PkiDirectory.Open(parse.GetValue(dir)!);
                PublicKeyInfo key = pki.GetPublicKey(keyRole);
                string path = parse.GetValue(outFile)!;
                PublicKeyFile.Write(path, key);
                JsonObject report = new JsonObject
                {
                    ["role"] = PkiDirectory.RoleName(keyRole),
                    ["keyId"] = key.KeyIdHex,
                    ["algorithm"] = KeyAlgorithms.Name(key.Algorithm),
                    ["file"] = Path.GetFullPath(path),
                };
                if (keyRole == PkiKeyRole.Root)
                {
                    report["sequence"] = pki.Root.Sequence;
                }

                ReportWriter.Write(output, parse.GetValue(json), "Wrote the " + PkiDirectory.RoleName(keyRole) + " public key to " + path, report);
                return ExitCodes.Ok;
            }));
            return command;
        }
    }
}
