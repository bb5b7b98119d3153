using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text.Json.Nodes;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Pki.Tls;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>
    /// The TLS part of 'mda pki': tls-init, issue-device, revoke-device, issue-operator, revoke-operator, list-devices,
    /// refresh-crl (see docs/pki-tls.md). The bodies parse, call <see cref="TlsAuthority"/> and print.
    /// </summary>
    internal static class PkiTlsCommands
    {
        private const string PassphraseNote = " The passphrase comes from MDA_PASSPHRASE or a terminal prompt.";

        /// <summary>Adds the TLS commands to the pki group.</summary>
        public static void AddTo(Command group)
        {
            group.Subcommands.Add(TlsInit());
            group.Subcommands.Add(IssueDevice());
            group.Subcommands.Add(RevokeDevice());
            group.Subcommands.Add(IssueOperator());
            group.Subcommands.Add(RevokeOperator());
            group.Subcommands.Add(ListDevices());
            group.Subcommands.Add(RefreshCrl());
        }

        /// <summary>--broker-host NAME|IP, repeatable.</summary>
        public static Option<string[]> BrokerHosts()
        {
            return new Option<string[]>("--broker-host")
            {
                Description = "A DNS name or IP address the broker is reached by (subjectAltName of the broker certificate); repeat for several [default: " + string.Join(", ", BrokerHost.Defaults) + "]",
                DefaultValueFactory = _ => new List<string>(BrokerHost.Defaults).ToArray(),
            };
        }

        /// <summary>JSON of one issued certificate.</summary>
        internal static JsonObject Certificate(IssuedCertificate certificate, DateTimeOffset now)
        {
            return new JsonObject
            {
                ["name"] = certificate.Name,
                ["serial"] = certificate.SerialHex,
                ["certificate"] = certificate.CertificatePath,
                ["notBefore"] = UnixTime.ToIso(certificate.NotBefore),
                ["notAfter"] = UnixTime.ToIso(certificate.NotAfter),
                ["daysLeft"] = certificate.DaysLeft(now),
                ["revoked"] = certificate.Revoked,
            };
        }

        private static Command TlsInit()
        {
            Command command = new Command("tls-init", "Add the TLS PKI to a PKI directory that has none (one made before TLS support; 'mda pki init' does this itself): TLS root CA under the offline root, device CA, broker certificate, empty CRL." + PassphraseNote + " Exit codes: 0 done, 2 usage, 4 passphrase, 5 PKI error (e.g. TLS material exists), 6 cannot write.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<string[]> hosts = BrokerHosts();
            Option<bool> json = CliOptions.Json();
            command.Options.Add(dir);
            command.Options.Add(hosts);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                List<string> names = BrokerHost.Normalize(parse.GetValue(hosts)!);
                PkiDirectory pki = PkiDirectory.Open(parse.GetValue(dir)!);
                TlsAuthority tls = TlsAuthority.Initialize(pki, names, PassphraseSource.Get(error, isNew: false), DateTimeOffset.UtcNow);
                ReportWriter.Write(output, parse.GetValue(json), "Created the TLS PKI in " + pki.DirectoryPath, tls.Describe());
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command IssueDevice()
        {
            Command command = new Command("issue-device", "Issue a device's TLS identity: a fresh P-256 key and certificate (CN = device id, clientAuth) and a 32-byte telemetry MAC key (kept encrypted in the PKI directory), written as a new bundle folder: ca.pem, cert.pem, key.pem (0600), telemetry.key (0600), network-deployment.json (0600, for 'nanoff --networkdeployment'). A device id with a live certificate is refused (revoke it first)." + PassphraseNote + " Exit codes: 0 done, 2 usage, 4 passphrase, 5 PKI error (live id, no TLS PKI), 6 bundle folder exists or cannot be written.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<string> deviceId = new Option<string>("--device-id") { Description = "Device id, the certificate's CN (A-Z a-z 0-9 . _ -, 1-64)", Required = true };
            Option<string> outDir = CliOptions.RequiredPath("--out", "Bundle folder to create (must not exist)");
            Option<int?> validDays = CliOptions.Days("--valid-days", "Certificate validity in days [default: " + TlsAuthority.DefaultValidDays + "]");
            Option<bool> json = CliOptions.Json();
            foreach (Option option in new Option[] { dir, deviceId, outDir, validDays, json })
            {
                command.Options.Add(option);
            }

            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(parse.GetValue(dir)!));
                string id = parse.GetValue(deviceId)!;
                string bundle = parse.GetValue(outDir)!;
                tls.CheckCanIssueDevice(id);
                ProvisioningBundle.CheckCanCreate(bundle);
                DateTimeOffset now = DateTimeOffset.UtcNow;
                IssuedCertificate issued = tls.IssueDevice(id, parse.GetValue(validDays) ?? TlsAuthority.DefaultValidDays, bundle, PassphraseSource.Get(error, isNew: false), now);
                JsonObject report = Certificate(issued, now);
                report["bundle"] = Path.GetFullPath(bundle);
                ReportWriter.Write(output, parse.GetValue(json), "Issued device certificate " + issued.SerialHex + " for '" + id + "' into " + bundle, report);
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command RevokeDevice()
        {
            Command command = new Command("revoke-device", "Revoke a device's live certificate: publish the next CRL (tls/crl.pem, X.509 v2 signed by the device CA, with CRL number and next update). The id may then be issued again (with a new key)." + PassphraseNote + " Exit codes: 0 done (also when no live certificate is left), 2 usage, 4 passphrase, 5 PKI error (id never issued), 6 cannot write.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<string> deviceId = new Option<string>("--device-id") { Description = "Device id to revoke", Required = true };
            Option<bool> json = CliOptions.Json();
            command.Options.Add(dir);
            command.Options.Add(deviceId);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(parse.GetValue(dir)!));
                string id = parse.GetValue(deviceId)!;
                tls.CheckKnownDevice(id);
                IssuedCertificate? live = tls.LiveDevice(id);
                bool changed = live != null && tls.RevokeDevice(id, PassphraseSource.Get(error, isNew: false), DateTimeOffset.UtcNow);

                JsonObject report = new JsonObject
                {
                    ["deviceId"] = id,
                    ["changed"] = changed,
                    ["serial"] = live?.SerialHex,
                    ["crl"] = tls.CrlPath,
                    ["crlNumber"] = tls.CrlNumber,
                    ["crlNextUpdate"] = UnixTime.ToIso(tls.CrlNextUpdate),
                };
                string headline = changed
                    ? "Revoked the certificate of '" + id + "' (serial " + live!.SerialHex + "): CRL number is now " + tls.CrlNumber
                    : "Device '" + id + "' has no live certificate; nothing changed";
                ReportWriter.Write(output, parse.GetValue(json), headline, report);
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command IssueOperator()
        {
            Command command = new Command("issue-operator", "Issue the companion's own MQTT identity: a fresh P-256 key and certificate (CN = operator name, clientAuth), written as a new bundle folder: ca.pem, cert.pem, key.pem (0600)." + PassphraseNote + " Exit codes: 0 done, 2 usage, 4 passphrase, 5 PKI error, 6 bundle folder exists or cannot be written.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<string> name = new Option<string>("--name") { Description = "Operator name, the certificate's CN (A-Z a-z 0-9 . _ -, 1-64; not a device id)", Required = true };
            Option<string> outDir = CliOptions.RequiredPath("--out", "Bundle folder to create (must not exist)");
            Option<int?> validDays = CliOptions.Days("--valid-days", "Certificate validity in days [default: " + TlsAuthority.DefaultValidDays + "]");
            Option<bool> json = CliOptions.Json();
            foreach (Option option in new Option[] { dir, name, outDir, validDays, json })
            {
                command.Options.Add(option);
            }

            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(parse.GetValue(dir)!));
                string bundle = parse.GetValue(outDir)!;
                ProvisioningBundle.CheckCanCreate(bundle);
                DateTimeOffset now = DateTimeOffset.UtcNow;
                IssuedCertificate issued = tls.IssueOperator(parse.GetValue(name)!, parse.GetValue(validDays) ?? TlsAuthority.DefaultValidDays, bundle, PassphraseSource.Get(error, isNew: false), now);
                JsonObject report = Certificate(issued, now);
                report["bundle"] = Path.GetFullPath(bundle);
                ReportWriter.Write(output, parse.GetValue(json), "Issued operator certificate " + issued.SerialHex + " for '" + issued.Name + "' into " + bundle, report);
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command RevokeOperator()
        {
            Command command = new Command("revoke-operator", "Revoke every live certificate of an operator identity: publish the next CRL (tls/crl.pem)." + PassphraseNote + " Exit codes: 0 done (also when none is live), 2 usage, 4 passphrase, 5 PKI error (name never issued), 6 cannot write.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<string> name = new Option<string>("--name") { Description = "Operator name to revoke", Required = true };
            Option<bool> json = CliOptions.Json();
            command.Options.Add(dir);
            command.Options.Add(name);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(parse.GetValue(dir)!));
                string operatorName = parse.GetValue(name)!;
                tls.CheckKnownOperator(operatorName);
                bool changed = tls.HasLiveOperator(operatorName) && tls.RevokeOperator(operatorName, PassphraseSource.Get(error, isNew: false), DateTimeOffset.UtcNow);
                JsonObject report = new JsonObject
                {
                    ["name"] = operatorName,
                    ["changed"] = changed,
                    ["crl"] = tls.CrlPath,
                    ["crlNumber"] = tls.CrlNumber,
                    ["crlNextUpdate"] = UnixTime.ToIso(tls.CrlNextUpdate),
                };
                string headline = changed
                    ? "Revoked operator '" + operatorName + "': CRL number is now " + tls.CrlNumber
                    : "Operator '" + operatorName + "' has no live certificate; nothing changed";
                ReportWriter.Write(output, parse.GetValue(json), headline, report);
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command ListDevices()
        {
            Command command = new Command("list-devices", "List the device certificates issued (live and revoked) and warn, on stderr and under 'warnings' in --json, about live certificates that expire within --warn-days days (or have expired), about the broker certificate, and about a CRL close to its next update. No passphrase needed. Exit codes: 0 done (warnings do not change it), 2 usage, 5 PKI error.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<int?> warnDays = CliOptions.Days("--warn-days", "Warn about certificates expiring within this many days [default: " + TlsAuthority.DefaultWarningDays + "]");
            Option<bool> json = CliOptions.Json();
            command.Options.Add(dir);
            command.Options.Add(warnDays);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(parse.GetValue(dir)!));
                int days = parse.GetValue(warnDays) ?? TlsAuthority.DefaultWarningDays;
                DateTimeOffset now = DateTimeOffset.UtcNow;
                JsonArray devices = new JsonArray();
                foreach (IssuedCertificate device in tls.Devices)
                {
                    devices.Add(Certificate(device, now));
                }

                JsonArray warnings = new JsonArray();
                foreach (string warning in ExpiryWarnings.For(tls, days, now))
                {
                    warnings.Add(warning);
                }

                foreach (JsonNode? warning in warnings)
                {
                    error.WriteLine("warning: " + warning!.GetValue<string>());
                }

                JsonObject report = new JsonObject
                {
                    ["warnDays"] = days,
                    ["devices"] = devices,
                    ["warnings"] = warnings,
                    ["crlNumber"] = tls.CrlNumber,
                    ["crlNextUpdate"] = UnixTime.ToIso(tls.CrlNextUpdate),
                };
                ReportWriter.Write(output, parse.GetValue(json), tls.Devices.Count + " device certificate(s), " + warnings.Count + " warning(s)", report);
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Command RefreshCrl()
        {
            Command command = new Command("refresh-crl", "Re-sign the CRL (same revocations, next CRL number, next update in " + TlsAuthority.CrlValidDays + " days). Run it regularly: verifiers refuse a CRL past its next update." + PassphraseNote + " Exit codes: 0 done, 2 usage, 4 passphrase, 5 PKI error, 6 cannot write.");
            Option<string> dir = CliOptions.RequiredPath("--dir", "PKI directory");
            Option<bool> json = CliOptions.Json();
            command.Options.Add(dir);
            command.Options.Add(json);
            command.SetAction(parse => CommandRunner.Run(parse, (output, error) =>
            {
                TlsAuthority tls = TlsAuthority.Open(PkiDirectory.Open(parse.GetValue(dir)!));
                tls.RefreshCrl(PassphraseSource.Get(error, isNew: false), DateTimeOffset.UtcNow);
                JsonObject report = new JsonObject
                {
                    ["crl"] = tls.CrlPath,
                    ["crlNumber"] = tls.CrlNumber,
                    ["crlNextUpdate"] = UnixTime.ToIso(tls.CrlNextUpdate),
                };
                ReportWriter.Write(output, parse.GetValue(json), "Re-signed the CRL: number " + tls.CrlNumber + ", next update " + UnixTime.ToIso(tls.CrlNextUpdate), report);
                return ExitCodes.Ok;
            }));
            return command;
        }
    }
}
