using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using MedDeviceAgent.Companion.IO;

namespace MedDeviceAgent.Companion.Broker
{
    /// <summary>
    /// Writes a Mosquitto 2.x configuration equivalent to the embedded broker from the same files: one TLS listener
    /// (<c>tls_version tlsv1.2</c> is Mosquitto's minimum version), <c>require_certificate</c>,
    /// <c>use_identity_as_username</c> (the username is the certificate's CN), <c>use_username_as_clientid</c>,
    /// <c>crlfile</c>, no anonymous clients, and an ACL file whose <c>pattern</c> line confines each device to
    /// <c>mda/v1/+/%u/#</c> and whose <c>user</c> blocks give each operator read on <c>mda/v1/#</c> and write on
    /// <c>cmd/#</c> and <c>update/#</c>. The operators are the live ones of the PKI's register when the files are
    /// written; the broker key is written decrypted beside them (<see cref="KeyFileName"/>, mode 0600), because
    /// Mosquitto cannot read an encrypted key without a prompt.
    /// </summary>
    /// <remarks>
    /// Differences from the embedded broker, by Mosquitto's design: a client id other than the CN is not refused
    /// but replaced by the CN (<c>use_username_as_clientid</c>), so it cannot take over another device's session;
    /// the <c>pattern</c> line applies to operators too (an operator may also use <c>mda/v1/+/{operator name}/#</c>);
    /// Mosquitto reads the CRL at start and on SIGHUP, not on every connection; it has no per-client publish rate
    /// limit (<c>max_packet_size</c>, <c>max_queued_messages</c> and <c>max_inflight_messages</c> bound a client); an operator issued or revoked later
    /// needs the files written again and a SIGHUP (a revoked operator is refused at once through the CRL after SIGHUP).
    /// </remarks>
    public static class MosquittoConfig
    {
        /// <summary>Name of the configuration file written.</summary>
        public const string ConfigFileName = "mosquitto.conf";

        /// <summary>Name of the ACL file written.</summary>
        public const string AclFileName = "acl";

        /// <summary>Folder inside the output folder where Mosquitto keeps its persistence file (<c>mosquitto.db</c>).</summary>
        public const string PersistenceFolderName = "data";

        /// <summary>Seconds between Mosquitto's saves of its persistence file (<c>autosave_interval</c>).</summary>
        /// <remarks>
        /// Each save rewrites the whole database (every retained message, session and queued message), so a short interval
        /// costs disk writes in proportion to the queue; SIGTERM also saves. A kill -9 or power loss loses what arrived
        /// since the last save (at most this many seconds).
        /// </remarks>
        public const int AutosaveIntervalSeconds = 10;

        /// <summary>Name of the broker's decrypted private key written (mode 0600).</summary>
        public const string KeyFileName = "broker-key.pem";

        /// <summary>
        /// Writes <see cref="ConfigFileName"/>, <see cref="AclFileName"/> and <see cref="KeyFileName"/> (the broker key
        /// decrypted with <paramref name="passphrase"/>, mode 0600) into <paramref name="outputDirectory"/> (created if
        /// missing, mode 0700; files replaced atomically). <paramref name="runAsUser"/>, when given, becomes the
        /// <c>user</c> line (the account Mosquitto switches to when started as root; it must be able to read the files).
        /// <paramref name="limits"/> gives <c>max_packet_size</c> (<see cref="BrokerLimits.MaxPacketBytes"/>) and
        /// <c>max_queued_messages</c> (<see cref="BrokerLimits.MaxPendingMessagesPerClient"/>), so both brokers agree. Persistence
        /// is on, in <see cref="PersistenceFolderName"/> inside the output folder (created, mode 0700; the account Mosquitto
        /// runs as must be able to write it), saved every <see cref="AutosaveIntervalSeconds"/> s and at SIGTERM.
        /// </summary>
        /// <exception cref="CompanionException">Invalid argument (port, user, white space in a path), WrongPassphrase,
        /// PkiError when the key file is missing, or OutputError when the output cannot be written.</exception>
        public static void Write(BrokerPki pki, string passphrase, IPAddress bind, int port, BrokerLimits limits, string? runAsUser, string outputDirectory)
        {
            ArgumentNullException.ThrowIfNull(pki);
            ArgumentNullException.ThrowIfNull(limits);
            ArgumentNullException.ThrowIfNull(passphrase);
            ArgumentNullException.ThrowIfNull(bind);
            ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
            if (port < 1 || port > 65535)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "port must be 1-65535");
            }

            if (runAsUser != null && !CertificateIdentity.IsIdentifier(runAsUser))
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "user name '" + runAsUser + "' is not 1-64 characters of A-Z a-z 0-9 . _ -");
            }

            foreach (string path in new[] { pki.CaPath, pki.CertificatePath, pki.CrlPath, Path.GetFullPath(outputDirectory) })
            {
                foreach (char c in path)
                {
                    if (char.IsWhiteSpace(c) || char.IsControl(c))
                    {
                        throw new CompanionException(CompanionErrorKind.InvalidArgument, "Mosquitto cannot read a path with white space: " + path);
                    }
                }
            }

            OperatorNames operators = pki.OpenOperators().Current;
            string keyPem = pki.ExportKeyPem(passphrase);
            string directory = Path.GetFullPath(outputDirectory);
            try
            {
                foreach (string folder in new[] { directory, Path.Combine(directory, PersistenceFolderName) })
                {
                    if (OperatingSystem.IsWindows())
                    {
                        Directory.CreateDirectory(folder);
                    }
                    else
                    {
                        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot create " + directory + ": " + e.Message, e);
            }

            string aclPath = Path.Combine(directory, AclFileName);
            string keyPath = Path.Combine(directory, KeyFileName);
            byte[] keyBytes = Encoding.ASCII.GetBytes(keyPem);
            try
            {
                AtomicFile.WriteAllBytes(keyPath, keyBytes, AtomicFile.PrivateFileMode);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(keyBytes);
            }

            AtomicFile.WriteAllBytes(aclPath, Encoding.UTF8.GetBytes(Acl(operators)), AtomicFile.PublicFileMode);
            AtomicFile.WriteAllBytes(Path.Combine(directory, ConfigFileName), Encoding.UTF8.GetBytes(Config(pki, keyPath, bind, port, limits, runAsUser, aclPath, Path.Combine(directory, PersistenceFolderName))), AtomicFile.PublicFileMode);
        }

        /// <summary>The ACL file's text.</summary>
        public static string Acl(OperatorNames operators)
        {
            ArgumentNullException.ThrowIfNull(operators);
            StringBuilder acl = new StringBuilder();
            acl.Append("# Generated by 'mda broker mosquitto-config'. Deny by default: only what is listed here is allowed.\n");
            acl.Append("# Devices: their own topics (the username is the certificate CN).\n");
            acl.Append("pattern readwrite mda/v1/+/%u/#\n");
            foreach (string name in operators.Names)
            {
                acl.Append("\n# Operator ").Append(name).Append(": reads everything, writes commands and updates.\n");
                acl.Append("user ").Append(name).Append('\n');
                acl.Append("topic read mda/v1/#\n");
                acl.Append("topic write mda/v1/+/+/cmd/#\n");
                acl.Append("topic write mda/v1/+/+/update/#\n");
            }

            return acl.ToString();
        }

        private static string Config(BrokerPki files, string keyPath, IPAddress bind, int port, BrokerLimits limits, string? runAsUser, string aclPath, string persistenceFolder)
        {
            StringBuilder config = new StringBuilder();
            config.Append("# Generated by 'mda broker mosquitto-config' from the MedDeviceAgent PKI; mirrors 'mda broker'.\n");
            config.Append("per_listener_settings false\n");
            config.Append("allow_anonymous false\n");
            config.Append("acl_file ").Append(aclPath).Append('\n');
            config.Append("# Sessions, queued QoS 1 messages and retained messages survive a restart: saved at SIGTERM and every\n");
            config.Append("# autosave_interval seconds (a kill -9 loses what arrived since the last save).\n");
            config.Append("persistence true\n");
            config.Append("persistence_location ").Append(persistenceFolder).Append(Path.DirectorySeparatorChar).Append('\n');
            config.Append("autosave_interval ").Append(AutosaveIntervalSeconds.ToString(CultureInfo.InvariantCulture)).Append('\n');
            config.Append("max_packet_size ").Append(limits.MaxPacketBytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
            config.Append("# Same bound as the embedded broker's BrokerLimits.MaxPendingMessagesPerClient.\n");
            config.Append("max_queued_messages ").Append(limits.MaxPendingMessagesPerClient.ToString(CultureInfo.InvariantCulture)).Append('\n');

            if (runAsUser != null)
            {
                config.Append("user ").Append(runAsUser).Append('\n');
            }

            config.Append('\n');
            config.Append("listener ").Append(port.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(bind.ToString()).Append('\n');
            config.Append("cafile ").Append(files.CaPath).Append('\n');
            config.Append("certfile ").Append(files.CertificatePath).Append('\n');
            config.Append("keyfile ").Append(keyPath).Append('\n');
            config.Append("crlfile ").Append(files.CrlPath).Append('\n');
            config.Append("require_certificate true\n");
            config.Append("use_identity_as_username true\n");
            config.Append("use_username_as_clientid true\n");
            config.Append("tls_version tlsv1.2\n");
            return config.ToString();
        }
    }
}
