using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using MedDeviceAgent.Companion;
using MedDeviceAgent.Companion.Broker;
using MedDeviceAgent.Companion.Pki.Tls;

namespace MedDeviceAgent.Cli.Commands
{
    /// <summary>'mda broker': the embedded MQTT broker, and 'mda broker mosquitto-config' for a real Mosquitto.</summary>
    internal static class BrokerCommands
    {
        private const string FilesNote = " Reads the PKI as 'mda pki' wrote it: tls/ca.pem, tls/broker.pem, the encrypted broker key in tls/keys/ (passphrase from MDA_PASSPHRASE or a terminal prompt), tls/crl.pem and the operators in tls/tls.json.";

        private const string ExitNote = " Exit codes: 0 done, 1 cannot listen, 2 usage, 3 not a PKI directory or a TLS file missing, 4 wrong or missing passphrase, 5 PKI without TLS hierarchy (run 'mda pki tls-init') or malformed";

        /// <summary>Builds the group.</summary>
        public static Command Create()
        {
            Option<string> pki = CliOptions.RequiredPath("--pki", "PKI folder");
            Option<int> port = Port();
            Option<IPAddress> bind = Bind();
            Option<int?> duration = new Option<int?>("--duration") { Description = "Stop after this many seconds (default: run until interrupted)" };
            Option<int?> warnDays = WarnDays();
            Command broker = new Command("broker", "Run the embedded MQTT broker: mutual TLS 1.2+ only, client id = certificate CN, deny-by-default ACL; the CRL and the operators are re-read while it runs." + FilesNote + ExitNote + ".");
            broker.Options.Add(pki);
            broker.Options.Add(port);
            broker.Options.Add(bind);
            broker.Options.Add(duration);
            broker.Options.Add(warnDays);
            broker.SetAction(r => CommandRunner.Run(r, (output, error) => RunBroker(r.GetValue(pki)!, r.GetValue(bind)!, r.GetValue(port), r.GetValue(duration), r.GetValue(warnDays) ?? TlsAuthority.DefaultWarningDays, output, error)));
            broker.Subcommands.Add(MosquittoConfigCommand());
            return broker;
        }

        private static Command MosquittoConfigCommand()
        {
            Option<string> pki = CliOptions.RequiredPath("--pki", "PKI folder");
            Option<int> port = Port();
            Option<IPAddress> bind = Bind();
            Option<string> outDir = CliOptions.RequiredPath("--out", "Folder for mosquitto.conf and acl (created if missing)");
            Option<string?> user = new Option<string?>("--user") { Description = "Account Mosquitto switches to when started as root (it must be able to read the PKI files)" };
            Option<int?> warnDays = WarnDays();
            Command command = new Command("mosquitto-config", "Write mosquitto.conf, an ACL file and the broker key decrypted for Mosquitto (broker-key.pem, mode 0600) equivalent to the embedded broker, from the same PKI files." + FilesNote + ExitNote + ", 6 cannot write.");
            command.Options.Add(pki);
            command.Options.Add(port);
            command.Options.Add(bind);
            command.Options.Add(outDir);
            command.Options.Add(user);
            command.Options.Add(warnDays);
            command.SetAction(r => CommandRunner.Run(r, (output, error) =>
            {
                string target = r.GetValue(outDir)!;
                BrokerPki opened = BrokerPki.Open(r.GetValue(pki)!);
                WriteWarnings(opened, r.GetValue(warnDays) ?? TlsAuthority.DefaultWarningDays, error);
                MosquittoConfig.Write(opened, PassphraseSource.Get(error, isNew: false), r.GetValue(bind)!, r.GetValue(port), new BrokerLimits(), r.GetValue(user), target);
                output.WriteLine("wrote " + Path.Combine(Path.GetFullPath(target), MosquittoConfig.ConfigFileName) + ", " + MosquittoConfig.AclFileName + " and " + MosquittoConfig.KeyFileName + " (the broker key in clear, mode 0600); start with: mosquitto -c " + Path.Combine(Path.GetFullPath(target), MosquittoConfig.ConfigFileName));
                output.WriteLine("after 'mda pki revoke-device' send Mosquitto SIGHUP to re-read the CRL; after issuing or revoking an operator run this command again, then SIGHUP");
                return ExitCodes.Ok;
            }));
            return command;
        }

        private static Option<int?> WarnDays()
        {
            return CliOptions.Days("--warn-days", "Warn on stderr at start about device certificates and the broker certificate expiring within this many days, and a CRL close to its next update [default: " + TlsAuthority.DefaultWarningDays + "]");
        }

        private static void WriteWarnings(BrokerPki pki, int days, TextWriter error)
        {
            foreach (string warning in ExpiryWarnings.For(pki.Authority, days, DateTimeOffset.UtcNow))
            {
                error.WriteLine("warning: " + warning);
            }

            error.Flush();
        }

        private static int RunBroker(string pki, IPAddress bind, int port, int? duration, int warnDays, TextWriter output, TextWriter error)
        {
            using CancellationTokenSource stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            using System.Runtime.InteropServices.PosixSignalRegistration term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            try
            {
                BrokerPki opened = BrokerPki.Open(pki);
                WriteWarnings(opened, warnDays, error);
                string passphrase = PassphraseSource.Get(error, isNew: false);
                EmbeddedBroker broker;
                try
                {
                    broker = EmbeddedBroker.StartAsync(opened, passphrase, bind, port, null, error).GetAwaiter().GetResult();
                }
                catch (SocketException e)
                {
                    error.WriteLine("error: cannot listen on " + bind + ":" + port.ToString(CultureInfo.InvariantCulture) + ": " + e.Message);
                    return ExitCodes.Failure;
                }

                output.WriteLine("broker listening on " + bind + ":" + port.ToString(CultureInfo.InvariantCulture) + " (mutual TLS); Ctrl-C stops it");
                output.Flush();
                try
                {
                    stop.Token.WaitHandle.WaitOne(duration.HasValue ? TimeSpan.FromSeconds(duration.Value) : Timeout.InfiniteTimeSpan);
                }
                finally
                {
                    broker.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }

                output.WriteLine("broker stopped; refused: " + broker.Counters.Total.ToString(CultureInfo.InvariantCulture)
                    + " (certificates " + broker.Counters.RefusedCertificates.ToString(CultureInfo.InvariantCulture)
                    + ", connects " + broker.Counters.RefusedConnects.ToString(CultureInfo.InvariantCulture)
                    + ", publishes " + broker.Counters.DeniedPublishes.ToString(CultureInfo.InvariantCulture)
                    + ", subscriptions " + broker.Counters.DeniedSubscriptions.ToString(CultureInfo.InvariantCulture)
                    + ", rate-limited (disconnected unacknowledged) " + broker.Counters.RateLimited.ToString(CultureInfo.InvariantCulture)
                    + ", oversized " + broker.Counters.Oversized.ToString(CultureInfo.InvariantCulture)
                    + ", disconnected when revoked " + broker.Counters.RevokedDisconnects.ToString(CultureInfo.InvariantCulture)
                    + ", TLS handshake timeouts " + broker.Counters.HandshakeTimeouts.ToString(CultureInfo.InvariantCulture) + "); publishes held at the rate limit " + broker.Counters.RateLimitHeld.ToString(CultureInfo.InvariantCulture));
                return ExitCodes.Ok;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }

        private static Option<int> Port()
        {
            return new Option<int>("--port")
            {
                Description = "TCP port of the TLS listener (default 8883)",
                DefaultValueFactory = _ => 8883,
                CustomParser = result =>
                {
                    string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1 || value > 65535)
                    {
                        result.AddError("--port: '" + text + "' is not a port from 1 to 65535");
                        return 0;
                    }

                    return value;
                },
            };
        }

        private static Option<IPAddress> Bind()
        {
            return new Option<IPAddress>("--bind")
            {
                Description = "Address to listen on (default 127.0.0.1)",
                DefaultValueFactory = _ => IPAddress.Loopback,
                CustomParser = result =>
                {
                    string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                    if (!IPAddress.TryParse(text, out IPAddress? address))
                    {
                        result.AddError("--bind: '" + text + "' is not an IP address");
                        return IPAddress.Loopback;
                    }

                    return address;
                },
            };
        }
    }
}
