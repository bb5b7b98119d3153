using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedDeviceAgent.Companion.IO;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Protocol;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using X509Certificate2 = System.Security.Cryptography.X509Certificates.X509Certificate2;

namespace MedDeviceAgent.Companion.Pki.Tls
{
    /// <summary>
    /// The TLS side of a PKI directory (folder <c>tls/</c>, facts in <c>tls/tls.json</c>): a P-256 TLS
    /// root CA under the offline root's authority, a device CA (pathLen 0) that issues every TLS
    /// end-entity certificate (devices, operators, the broker) and signs the CRL, the broker's server
    /// certificate, and the register of issued device and operator certificates.
    /// </summary>
    /// <remarks>
    /// <para>TLS certificates are ECDSA P-256 with SHA-256 (what TLS stacks and nanoFramework's mbedTLS
    /// accept). With a P-256 offline root the root key itself signs the self-signed TLS root
    /// certificate. With an Ed25519 offline root a separate P-256 TLS root key is made (encrypted in
    /// <c>tls/keys/</c>) and certified by the offline root: <c>tls/offline-root.pem</c> is the Ed25519
    /// root's self-signed certificate and <c>tls/root-ca-cross.pem</c> the TLS root's certificate
    /// signed by it (RFC 8410), so the authority can be traced; TLS peers trust the self-signed P-256
    /// <c>tls/root-ca.pem</c>.</para>
    /// <para>Every change writes new files first and commits by replacing tls.json last, except the CRL,
    /// which is replaced before tls.json so that a crash never leaves a revocation recorded but not
    /// published. Device private keys are never kept: only the certificate and the telemetry key
    /// (encrypted) stay in the directory. Root rotation does not touch the TLS hierarchy.</para>
    /// </remarks>
    public sealed class TlsAuthority
    {
        /// <summary>Folder of the TLS material inside the PKI directory.</summary>
        public const string FolderName = "tls";

        /// <summary>Name of the TLS metadata file inside <see cref="FolderName"/>.</summary>
        public const string MetadataFileName = "tls.json";

        /// <summary>Default validity of a device or operator certificate, in days.</summary>
        public const int DefaultValidDays = 730;

        /// <summary>Validity of the broker certificate, in days.</summary>
        public const int BrokerValidDays = 730;

        /// <summary>Validity of the device CA, in days (10 years).</summary>
        public const int DeviceCaValidDays = 3650;

        /// <summary>Validity of the TLS root CA, in days (20 years).</summary>
        public const int RootValidDays = 7305;

        /// <summary>Days between a CRL's this-update and next-update: re-sign it before then (revoke-device or refresh-crl).</summary>
        public const int CrlValidDays = 30;

        /// <summary>Default warning horizon for expiring certificates, in days.</summary>
        public const int DefaultWarningDays = 30;

        private const string OfflineRootKind = "offline-root";
        private const string SeparateRootKind = "tls-root";
        private const string KeysFolder = FolderName + "/keys";
        private const string RootCertificate = FolderName + "/root-ca.pem";
        private const string OfflineRootCertificate = FolderName + "/offline-root.pem";
        private const string RootCrossCertificate = FolderName + "/root-ca-cross.pem";
        private const string DeviceCaCertificate = FolderName + "/device-ca.pem";
        private const string CaBundle = FolderName + "/ca.pem";
        private const string BrokerCertificate = FolderName + "/broker.pem";
        private const string CrlFile = FolderName + "/crl.pem";

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { WriteIndented = true };

        private readonly PkiDirectory pki;
        private TlsMetadata metadata;

        private TlsAuthority(PkiDirectory pki, TlsMetadata metadata)
        {
            this.pki = pki;
            this.metadata = metadata;
        }

        /// <summary>Full path of the TLS root CA certificate (the trust anchor).</summary>
        public string RootCertificatePath => Resolve(RootCertificate);

        /// <summary>Full path of the device CA certificate.</summary>
        public string DeviceCaCertificatePath => Resolve(DeviceCaCertificate);

        /// <summary>Full path of ca.pem: device CA and TLS root, the chain every certificate of this PKI verifies against.</summary>
        public string CaBundlePath => Resolve(CaBundle);

        /// <summary>Full path of the broker's certificate.</summary>
        public string BrokerCertificatePath => Resolve(BrokerCertificate);

        /// <summary>Full path of the CRL (X.509 v2, signed by the device CA).</summary>
        public string CrlPath => Resolve(CrlFile);

        /// <summary>Full path of the Ed25519 offline root's self-signed certificate, or null when the offline root is P-256 (then it is the TLS root).</summary>
        public string? OfflineRootCertificatePath => metadata.TlsRootKind == SeparateRootKind ? Resolve(OfflineRootCertificate) : null;

        /// <summary>Full path of the TLS root's certificate signed by the Ed25519 offline root, or null when the offline root is P-256.</summary>
        public string? RootCrossCertificatePath => metadata.TlsRootKind == SeparateRootKind ? Resolve(RootCrossCertificate) : null;

        /// <summary>The subjectAltNames of the broker certificate.</summary>
        public IReadOnlyList<string> BrokerHosts => metadata.BrokerHosts;

        /// <summary>End of the broker certificate's validity, Unix seconds.</summary>
        public long BrokerNotAfter => metadata.BrokerNotAfter;

        /// <summary>Number of the current CRL.</summary>
        public long CrlNumber => metadata.CrlNumber;

        /// <summary>Next update of the current CRL, Unix seconds: verifiers refuse the CRL after it.</summary>
        public long CrlNextUpdate => metadata.CrlNextUpdate;

        /// <summary>Every device certificate issued, oldest first (revoked ones included).</summary>
        public IReadOnlyList<IssuedCertificate> Devices => Summaries(metadata.Devices);

        /// <summary>Every operator certificate issued, oldest first.</summary>
        public IReadOnlyList<IssuedCertificate> Operators => Summaries(metadata.Operators);

        /// <summary>True when the PKI directory has TLS material.</summary>
        public static bool Exists(PkiDirectory pki)
        {
            ArgumentNullException.ThrowIfNull(pki);
            return File.Exists(Path.Combine(pki.DirectoryPath, FolderName, MetadataFileName));
        }

        /// <summary>
        /// Creates the TLS hierarchy in <paramref name="pki"/>: TLS root (see remarks of the class), device CA,
        /// broker certificate for <paramref name="brokerHosts"/>, and CRL number 1 (empty).
        /// </summary>
        /// <exception cref="CompanionException">PkiError when TLS material exists already; InvalidArgument for a bad
        /// host; WrongPassphrase; OutputError.</exception>
        public static TlsAuthority Initialize(PkiDirectory pki, IEnumerable<string> brokerHosts, string passphrase, DateTimeOffset now)
        {
            ArgumentNullException.ThrowIfNull(pki);
            List<string> hosts = BrokerHost.Normalize(brokerHosts);
            if (Exists(pki))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "'" + pki.DirectoryPath + "' already has TLS material (" + FolderName + "/" + MetadataFileName + ")");
            }

            SigningKey offlineRoot = pki.Unlock(PkiKeyRole.Root, passphrase);
            CreatePrivateDirectory(Path.Combine(pki.DirectoryPath, FolderName));
            CreatePrivateDirectory(Path.Combine(pki.DirectoryPath, KeysFolder));
            TlsMetadata metadata = new TlsMetadata { BrokerHosts = hosts };
            TlsAuthority tls = new TlsAuthority(pki, metadata);
            DateTime notBefore = NotBefore(now);
            string vendor = pki.VendorId;
            X509Name rootName = CertificateFactory.Name(vendor + " MDA TLS root CA", vendor);
            SigningKey tlsRoot;
            if (offlineRoot.Algorithm == CoseAlgorithm.ES256)
            {
                tlsRoot = offlineRoot;
                metadata.TlsRootKind = OfflineRootKind;
                metadata.TlsRootKeyFile = "keys/" + offlineRoot.PublicKey.KeyIdHex + ".key.pem";
            }
            else
            {
                tlsRoot = SigningKey.Generate(CoseAlgorithm.ES256);
                metadata.TlsRootKind = SeparateRootKind;
                metadata.TlsRootKeyFile = KeysFolder + "/tls-root-" + tlsRoot.PublicKey.KeyIdHex + ".key.pem";
                EncryptedPrivateKeyFile.Write(tls.Resolve(metadata.TlsRootKeyFile), tlsRoot, passphrase);
                X509Name offlineName = CertificateFactory.Name(vendor + " MDA offline root (Ed25519)", vendor);
                X509Certificate offline = CertificateFactory.Ca(offlineName, offlineRoot.PublicKey, offlineName, offlineRoot, 1, notBefore, notBefore.AddDays(RootValidDays));
                X509Certificate cross = CertificateFactory.Ca(rootName, tlsRoot.PublicKey, offlineName, offlineRoot, 1, notBefore, notBefore.AddDays(RootValidDays));
                tls.WriteText(OfflineRootCertificate, CertificateFactory.Pem(offline));
                tls.WriteText(RootCrossCertificate, CertificateFactory.Pem(cross));
            }

            X509Certificate root = CertificateFactory.Ca(rootName, tlsRoot.PublicKey, rootName, tlsRoot, 1, notBefore, notBefore.AddDays(RootValidDays));
            SigningKey deviceCaKey = SigningKey.Generate(CoseAlgorithm.ES256);
            metadata.DeviceCaKeyFile = KeysFolder + "/device-ca-" + deviceCaKey.PublicKey.KeyIdHex + ".key.pem";
            EncryptedPrivateKeyFile.Write(tls.Resolve(metadata.DeviceCaKeyFile), deviceCaKey, passphrase);
            DateTime caNotAfter = notBefore.AddDays(DeviceCaValidDays);
            X509Certificate deviceCa = CertificateFactory.Ca(tls.DeviceCaName, deviceCaKey.PublicKey, rootName, tlsRoot, 0, notBefore, caNotAfter);
            metadata.DeviceCaNotAfter = new DateTimeOffset(caNotAfter).ToUnixTimeSeconds();

            SigningKey brokerKey = SigningKey.Generate(CoseAlgorithm.ES256);
            metadata.BrokerKeyFile = KeysFolder + "/broker-" + brokerKey.PublicKey.KeyIdHex + ".key.pem";
            EncryptedPrivateKeyFile.Write(tls.Resolve(metadata.BrokerKeyFile), brokerKey, passphrase);
            DateTime brokerNotAfter = notBefore.AddDays(BrokerValidDays);
            X509Certificate broker = CertificateFactory.EndEntity(CertificateFactory.Name(hosts[0], vendor), brokerKey.PublicKey, tls.DeviceCaName, deviceCaKey, CertificateFactory.Purpose.Server, hosts, notBefore, brokerNotAfter);
            metadata.BrokerNotAfter = new DateTimeOffset(brokerNotAfter).ToUnixTimeSeconds();

            tls.WriteText(RootCertificate, CertificateFactory.Pem(root));
            tls.WriteText(DeviceCaCertificate, CertificateFactory.Pem(deviceCa));
            tls.WriteText(CaBundle, CertificateFactory.Pem(deviceCa) + CertificateFactory.Pem(root));
            tls.WriteText(BrokerCertificate, CertificateFactory.Pem(broker));
            TlsMetadata next = tls.Copy();
            tls.PublishCrl(next, deviceCaKey, 1, now);
            tls.Commit(next);
            return tls;
        }

        /// <summary>Opens the TLS material of <paramref name="pki"/>.</summary>
        /// <exception cref="CompanionException">PkiError when there is none or tls.json is malformed.</exception>
        public static TlsAuthority Open(PkiDirectory pki)
        {
            ArgumentNullException.ThrowIfNull(pki);
            string path = Path.Combine(pki.DirectoryPath, FolderName, MetadataFileName);
            if (!File.Exists(path))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "the PKI in '" + pki.DirectoryPath + "' has no TLS material (" + FolderName + "/" + MetadataFileName + "); create it with 'mda pki tls-init --dir DIR'");
            }

            TlsMetadata? metadata;
            try
            {
                metadata = JsonSerializer.Deserialize<TlsMetadata>(File.ReadAllBytes(path), JsonOptions);
            }
            catch (Exception e) when (e is JsonException || e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, FolderName + "/" + MetadataFileName + " cannot be read: " + e.Message, e);
            }

            if (metadata == null || metadata.FormatVersion != 1 || string.IsNullOrEmpty(metadata.DeviceCaKeyFile) || metadata.CrlNumber < 1)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, FolderName + "/" + MetadataFileName + " is incomplete or of an unknown format version");
            }

            return new TlsAuthority(pki, metadata);
        }

        /// <summary>The live (not revoked) certificate of <paramref name="deviceId"/>, or null.</summary>
        public IssuedCertificate? LiveDevice(string deviceId)
        {
            TlsMetadata.CertificateRecord? record = metadata.Devices.FindLast(d => d.Name == deviceId && !d.Revoked);
            return record == null ? null : Summary(record);
        }

        /// <summary>Throws PkiError when <paramref name="deviceId"/> has a live certificate (a second issue is refused) or is an operator name.</summary>
        public void CheckCanIssueDevice(string deviceId)
        {
            PackageRequest.CheckIdentifier(deviceId, "device id");
            if (metadata.Operators.Exists(o => o.Name == deviceId))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "'" + deviceId + "' is an operator name of this PKI; a device needs an id of its own (an operator reads every device's topics)");
            }

            IssuedCertificate? live = LiveDevice(deviceId);
            if (live != null)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "device '" + deviceId + "' already has a live certificate (serial " + live.SerialHex + ", valid until " + UnixTime.ToIso(live.NotAfter) + "); a device id is never issued twice: revoke it first with 'mda pki revoke-device'");
            }
        }

        /// <summary>
        /// Issues a device certificate (fresh P-256 key, CN = <paramref name="deviceId"/>, EKU clientAuth) valid
        /// <paramref name="validDays"/> days, and a telemetry MAC key, and writes the provisioning bundle
        /// into the new folder <paramref name="bundlePath"/>.
        /// </summary>
        /// <exception cref="CompanionException">PkiError when the id has a live certificate or the validity outlasts the
        /// device CA; InvalidArgument for a bad id; OutputError when the bundle folder exists or cannot be written; WrongPassphrase.</exception>
        public IssuedCertificate IssueDevice(string deviceId, int validDays, string bundlePath, string passphrase, DateTimeOffset now)
        {
            CheckCanIssueDevice(deviceId);
            return Issue(deviceId, validDays, bundlePath, passphrase, now, device: true);
        }

        /// <summary>
        /// Issues many devices at once, as <see cref="IssueDevice"/> does one: each gets a fresh key pair, certificate and
        /// telemetry key, and its bundle in its own new folder. Returns the certificates in the order of <paramref name="devices"/>.
        /// </summary>
        /// <param name="devices">Device id and bundle folder of each device; ids must be new and distinct.</param>
        /// <param name="validDays">Validity of every certificate.</param>
        /// <param name="passphrase">The PKI passphrase.</param>
        /// <param name="now">Issue time.</param>
        /// <param name="progress">Called with the number issued so far after each chunk (may be null).</param>
        /// <remarks>
        /// The device CA and the telemetry wrapping key are unlocked once for the whole batch (two PBKDF2 derivations instead of
        /// two per device), and the register is committed once per chunk of <see cref="IssueChunk"/> devices before that
        /// chunk's bundles are written (a certificate that leaves this machine is always on record). If a bundle cannot be
        /// written, the devices of that chunk whose bundles were not written are taken off the register again and the error is
        /// thrown; the chunks before stay issued. Every id is checked before anything is made. Measured: about 2 ms per
        /// device on a 2-core machine (key pair, certificate, wrapped key, five small files).
        /// </remarks>
        /// <exception cref="CompanionException">As <see cref="IssueDevice"/>; InvalidArgument for a repeated id.</exception>
        public IReadOnlyList<IssuedCertificate> IssueDevices(IReadOnlyList<KeyValuePair<string, string>> devices, int validDays, string passphrase, DateTimeOffset now, Action<int>? progress)
        {
            ArgumentNullException.ThrowIfNull(devices);
            HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> device in devices)
            {
                CheckCanIssueDevice(device.Key);
                if (!seen.Add(device.Key))
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "device id '" + device.Key + "' appears twice in one batch");
                }

                ProvisioningBundle.CheckCanCreate(device.Value);
            }

            List<IssuedCertificate> issued = new List<IssuedCertificate>(devices.Count);
            if (devices.Count == 0)
            {
                return issued;
            }

            SigningKey caKey = UnlockDeviceCa(passphrase);
            using TelemetryKeyVault vault = TelemetryKeyVault.OpenOrCreate(pki.DirectoryPath, passphrase);
            string caPem = File.ReadAllText(CaBundlePath);
            for (int start = 0; start < devices.Count; start += IssueChunk)
            {
                int end = Math.Min(devices.Count, start + IssueChunk);
                List<PreparedIssue> chunk = new List<PreparedIssue>(end - start);
                try
                {
                    for (int i = start; i < end; i++)
                    {
                        chunk.Add(Prepare(devices[i].Key, validDays, devices[i].Value, caKey, vault, caPem, now, device: true));
                    }

                    TlsMetadata next = Copy();
                    foreach (PreparedIssue prepared in chunk)
                    {
                        next.Devices.Add(prepared.Record);
                    }

                    Commit(next);
                    for (int i = 0; i < chunk.Count; i++)
                    {
                        try
                        {
                            ProvisioningBundle.Write(chunk[i].BundlePath, chunk[i].Entries);
                        }
                        catch (CompanionException)
                        {
                            TlsMetadata back = Copy();
                            for (int j = i; j < chunk.Count; j++)
                            {
                                back.Devices.RemoveAll(d => d.Serial == chunk[j].Record.Serial);
                            }

                            Commit(back);
                            throw;
                        }

                        issued.Add(Summary(chunk[i].Record));
                    }
                }
                finally
                {
                    foreach (PreparedIssue prepared in chunk)
                    {
                        prepared.Clear();
                    }
                }

                progress?.Invoke(issued.Count);
            }

            return issued;
        }

        /// <summary>
        /// Issues an operator certificate (the companion's MQTT identity: CN = <paramref name="name"/>, EKU clientAuth)
        /// and writes a bundle (ca.pem, cert.pem, key.pem) into the new folder <paramref name="bundlePath"/>.
        /// </summary>
        public IssuedCertificate IssueOperator(string name, int validDays, string bundlePath, string passphrase, DateTimeOffset now)
        {
            PackageRequest.CheckIdentifier(name, "operator name");
            if (metadata.Devices.Exists(d => d.Name == name))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "'" + name + "' is a device id of this PKI; an operator needs a name of its own");
            }

            return Issue(name, validDays, bundlePath, passphrase, now, device: false);
        }

        /// <summary>
        /// Revokes the live certificate of <paramref name="deviceId"/> and publishes the next CRL. Returns false
        /// (changing nothing) when the device has certificates but none is live.
        /// </summary>
        /// <exception cref="CompanionException">PkiError when no certificate was ever issued to the id; WrongPassphrase.</exception>
        public bool RevokeDevice(string deviceId, string passphrase, DateTimeOffset now)
        {
            CheckKnownDevice(deviceId);
            return Revoke(deviceId, device: true, passphrase, now);
        }

        /// <summary>
        /// Revokes every live certificate of operator <paramref name="name"/> and publishes the next CRL. Returns
        /// false (changing nothing) when none is live.
        /// </summary>
        /// <exception cref="CompanionException">PkiError when no certificate was ever issued to the name; WrongPassphrase.</exception>
        public bool RevokeOperator(string name, string passphrase, DateTimeOffset now)
        {
            CheckKnownOperator(name);
            return Revoke(name, device: false, passphrase, now);
        }

        /// <summary>Throws PkiError when no certificate was ever issued to operator <paramref name="name"/>.</summary>
        public void CheckKnownOperator(string name)
        {
            PackageRequest.CheckIdentifier(name, "operator name");
            if (!metadata.Operators.Exists(d => d.Name == name))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "no certificate was issued to operator '" + name + "'");
            }
        }

        /// <summary>True when operator <paramref name="name"/> has a live (not revoked) certificate.</summary>
        public bool HasLiveOperator(string name)
        {
            return metadata.Operators.Exists(d => d.Name == name && !d.Revoked);
        }

        /// <summary>Throws PkiError when no certificate was ever issued to <paramref name="deviceId"/> (InvalidArgument for a malformed id).</summary>
        public void CheckKnownDevice(string deviceId)
        {
            PackageRequest.CheckIdentifier(deviceId, "device id");
            if (!metadata.Devices.Exists(d => d.Name == deviceId))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "no certificate was issued to device '" + deviceId + "'");
            }
        }

        /// <summary>Re-signs the CRL with the same revocations, the next CRL number and a new next-update.</summary>
        public void RefreshCrl(string passphrase, DateTimeOffset now)
        {
            SigningKey caKey = UnlockDeviceCa(passphrase);
            TlsMetadata next = Copy();
            PublishCrl(next, caKey, next.CrlNumber + 1, now);
            Commit(next);
        }

        /// <summary>Decrypts the telemetry MAC key of the live certificate of <paramref name="deviceId"/>.</summary>
        /// <exception cref="CompanionException">PkiError when the device has no live certificate; WrongPassphrase.</exception>
        /// <remarks>Opens the PKI's <see cref="TelemetryKeyVault"/> for this one call (one PBKDF2 derivation): to read many keys,
        /// open the vault once and use the overload that takes it.</remarks>
        public byte[] UnlockTelemetryKey(string deviceId, string passphrase)
        {
            TelemetryKeyVault? vault = null;
            try
            {
                return UnlockTelemetryKey(deviceId, passphrase, () => vault ??= OpenTelemetryVault(passphrase));
            }
            finally
            {
                vault?.Dispose();
            }
        }

        /// <summary>
        /// Decrypts the telemetry MAC key of the live certificate of <paramref name="deviceId"/> with the vault
        /// <paramref name="vault"/> gives (asked only for a current key file; files of earlier versions use
        /// <paramref name="passphrase"/>). The caller zeroes the key.
        /// </summary>
        /// <exception cref="CompanionException">PkiError when the device has no live certificate or its key file is damaged; WrongPassphrase.</exception>
        public byte[] UnlockTelemetryKey(string deviceId, string passphrase, Func<TelemetryKeyVault> vault)
        {
            TlsMetadata.CertificateRecord record = metadata.Devices.FindLast(d => d.Name == deviceId && !d.Revoked)
                ?? throw new CompanionException(CompanionErrorKind.PkiError, "device '" + deviceId + "' has no live certificate");
            return TelemetryKeyFile.Read(Resolve(record.TelemetryKeyFile!), deviceId, record.Serial, vault, passphrase);
        }

        /// <summary>Opens this PKI's telemetry wrapping key (one PBKDF2 derivation); dispose it when done.</summary>
        /// <exception cref="CompanionException">PkiError when the PKI has none (no device was issued since it was introduced); WrongPassphrase.</exception>
        public TelemetryKeyVault OpenTelemetryVault(string passphrase)
        {
            return TelemetryKeyVault.Open(pki.DirectoryPath, passphrase);
        }

        /// <summary>Decrypts the broker's private key as unencrypted PKCS#8 PEM (for a broker that reads a key file; write it 0600).</summary>
        public string ExportBrokerKeyPem(string passphrase)
        {
            SigningKey key = UnlockFile(metadata.BrokerKeyFile, passphrase);
            return PrivateKeyPem(key);
        }

        /// <summary>The broker certificate with its private key, for an in-process TLS server (SslStream, MQTTnet).</summary>
        public X509Certificate2 LoadBrokerCertificate(string passphrase)
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(BrokerCertificatePath), ExportBrokerKeyPem(passphrase));
        }

        /// <summary>Certificates that expire within <paramref name="days"/> days of <paramref name="now"/> (or have expired) and are not revoked.</summary>
        public IReadOnlyList<IssuedCertificate> ExpiringWithin(int days, DateTimeOffset now)
        {
            List<IssuedCertificate> result = new List<IssuedCertificate>();
            foreach (IssuedCertificate device in Devices)
            {
                if (device.ExpiresWithin(days, now))
                {
                    result.Add(device);
                }
            }

            return result;
        }

        /// <summary>Public facts as JSON (paths, broker hosts, CRL state, counts).</summary>
        public JsonObject Describe()
        {
            JsonArray hosts = new JsonArray();
            foreach (string host in metadata.BrokerHosts)
            {
                hosts.Add(host);
            }

            return new JsonObject
            {
                ["tlsRoot"] = metadata.TlsRootKind,
                ["rootCertificate"] = RootCertificatePath,
                ["deviceCaCertificate"] = DeviceCaCertificatePath,
                ["caBundle"] = CaBundlePath,
                ["brokerCertificate"] = BrokerCertificatePath,
                ["brokerHosts"] = hosts,
                ["brokerNotAfter"] = UnixTime.ToIso(metadata.BrokerNotAfter),
                ["crl"] = CrlPath,
                ["crlNumber"] = metadata.CrlNumber,
                ["crlNextUpdate"] = UnixTime.ToIso(metadata.CrlNextUpdate),
            };
        }

        private X509Name DeviceCaName => CertificateFactory.Name(pki.VendorId + " MDA device CA", pki.VendorId);

        private static DateTime NotBefore(DateTimeOffset now)
        {
            return now.UtcDateTime.AddSeconds(-PkiDirectory.ClockSkewAllowanceSeconds);
        }

        private static string PrivateKeyPem(SigningKey key)
        {
            byte[] der = key.ExportPrivateKeyInfo();
            try
            {
                return PemEncoding.WriteString("PRIVATE KEY", der) + "\n";
            }
            finally
            {
                CryptographicOperations.ZeroMemory(der);
            }
        }

        private static void CreatePrivateDirectory(string path)
        {
            try
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(path);
                }
                else
                {
                    Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot create directory '" + path + "': " + e.Message, e);
            }
        }

        private IssuedCertificate Issue(string name, int validDays, string bundlePath, string passphrase, DateTimeOffset now, bool device)
        {
            CheckValidity(validDays, now);
            ProvisioningBundle.CheckCanCreate(bundlePath);
            SigningKey caKey = UnlockDeviceCa(passphrase);
            using TelemetryKeyVault? vault = device ? TelemetryKeyVault.OpenOrCreate(pki.DirectoryPath, passphrase) : null;
            PreparedIssue prepared = Prepare(name, validDays, bundlePath, caKey, vault, File.ReadAllText(CaBundlePath), now, device);
            try
            {
                // Register first: a certificate that leaves this machine is always on record (revocable).
                TlsMetadata previous = Copy();
                TlsMetadata next = Copy();
                (device ? next.Devices : next.Operators).Add(prepared.Record);
                Commit(next);
                try
                {
                    ProvisioningBundle.Write(bundlePath, prepared.Entries);
                }
                catch (CompanionException)
                {
                    Commit(previous);
                    throw;
                }
            }
            finally
            {
                prepared.Clear();
            }

            return Summary(prepared.Record);
        }

        /// <summary>Devices issued per register commit by <see cref="IssueDevices"/>.</summary>
        private const int IssueChunk = 256;

        private void CheckValidity(int validDays, DateTimeOffset now)
        {
            if (validDays < 1 || validDays > 36500)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "the validity must be 1 to 36500 days");
            }

            DateTime notAfter = now.UtcDateTime.AddDays(validDays);
            if (new DateTimeOffset(notAfter).ToUnixTimeSeconds() > metadata.DeviceCaNotAfter)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "a certificate valid " + validDays + " days would outlast the device CA (valid until " + UnixTime.ToIso(metadata.DeviceCaNotAfter) + ")");
            }
        }

        /// <summary>Makes the key pair, certificate and (for a device) the wrapped telemetry key file; nothing is registered yet.</summary>
        private PreparedIssue Prepare(string name, int validDays, string bundlePath, SigningKey caKey, TelemetryKeyVault? vault, string caPem, DateTimeOffset now, bool device)
        {
            CheckValidity(validDays, now);
            DateTime notBefore = NotBefore(now);
            DateTime notAfter = now.UtcDateTime.AddDays(validDays);
            SigningKey key = SigningKey.Generate(CoseAlgorithm.ES256);
            X509Certificate certificate = CertificateFactory.EndEntity(CertificateFactory.Name(name, pki.VendorId), key.PublicKey, DeviceCaName, caKey, CertificateFactory.Purpose.Client, null, notBefore, notAfter);
            string serial = certificate.SerialNumber.ToString(16);
            string certificatePem = CertificateFactory.Pem(certificate);
            string keyPem = PrivateKeyPem(key);
            string folder = FolderName + (device ? "/devices/" : "/operators/");
            CreatePrivateDirectory(Resolve(folder));
            TlsMetadata.CertificateRecord record = new TlsMetadata.CertificateRecord
            {
                Name = name,
                Serial = serial,
                CertificateFile = folder + name + "-" + serial + ".pem",
                NotBefore = new DateTimeOffset(notBefore).ToUnixTimeSeconds(),
                NotAfter = new DateTimeOffset(notAfter).ToUnixTimeSeconds(),
            };
            WriteText(record.CertificateFile, certificatePem);
            PreparedIssue prepared = new PreparedIssue(record, bundlePath);
            prepared.Entries.Add(ProvisioningBundle.Entry.Text(ProvisioningBundle.CaFile, caPem, false));
            prepared.Entries.Add(ProvisioningBundle.Entry.Text(ProvisioningBundle.CertificateFile, certificatePem, false));
            prepared.Entries.Add(ProvisioningBundle.Entry.Text(ProvisioningBundle.KeyFile, keyPem, true));
            if (device)
            {
                byte[] telemetryKey = TelemetryKeyFile.Generate();
                try
                {
                    CreatePrivateDirectory(Resolve(FolderName + "/telemetry"));
                    record.TelemetryKeyFile = FolderName + "/telemetry/" + name + "-" + serial + ".key";
                    TelemetryKeyFile.Write(Resolve(record.TelemetryKeyFile), telemetryKey, vault!, name, serial);
                    prepared.Entries.Add(new ProvisioningBundle.Entry(ProvisioningBundle.TelemetryKeyFile, (byte[])telemetryKey.Clone(), true));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(telemetryKey);
                }

                string deployment = NetworkDeployment.Create(certificatePem, keyPem, caPem).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
                prepared.Entries.Add(ProvisioningBundle.Entry.Text(ProvisioningBundle.NetworkDeploymentFile, deployment, true));
            }

            return prepared;
        }

        /// <summary>A certificate made but not yet registered, with its bundle's files.</summary>
        private sealed class PreparedIssue
        {
            public PreparedIssue(TlsMetadata.CertificateRecord record, string bundlePath)
            {
                Record = record;
                BundlePath = bundlePath;
            }

            public TlsMetadata.CertificateRecord Record { get; }

            public string BundlePath { get; }

            public List<ProvisioningBundle.Entry> Entries { get; } = new List<ProvisioningBundle.Entry>();

            /// <summary>Zeroes the private entries (key, telemetry key, deployment file).</summary>
            public void Clear()
            {
                foreach (ProvisioningBundle.Entry entry in Entries)
                {
                    if (entry.Private)
                    {
                        CryptographicOperations.ZeroMemory(entry.Content);
                    }
                }
            }
        }

        private bool Revoke(string name, bool device, string passphrase, DateTimeOffset now)
        {
            if (!(device ? metadata.Devices : metadata.Operators).Exists(d => d.Name == name && !d.Revoked))
            {
                return false;
            }

            SigningKey caKey = UnlockDeviceCa(passphrase);
            TlsMetadata next = Copy();
            foreach (TlsMetadata.CertificateRecord record in device ? next.Devices : next.Operators)
            {
                if (record.Name == name && !record.Revoked)
                {
                    record.Revoked = true;
                    record.RevokedAt = now.ToUnixTimeSeconds();
                }
            }

            PublishCrl(next, caKey, next.CrlNumber + 1, now);
            Commit(next);
            return true;
        }

        private void PublishCrl(TlsMetadata next, SigningKey caKey, long number, DateTimeOffset now)
        {
            List<KeyValuePair<string, DateTime>> revoked = new List<KeyValuePair<string, DateTime>>();
            List<TlsMetadata.CertificateRecord> all = new List<TlsMetadata.CertificateRecord>(next.Devices);
            all.AddRange(next.Operators);
            foreach (TlsMetadata.CertificateRecord record in all)
            {
                if (record.Revoked)
                {
                    revoked.Add(new KeyValuePair<string, DateTime>(record.Serial, DateTimeOffset.FromUnixTimeSeconds(record.RevokedAt).UtcDateTime));
                }
            }

            DateTime thisUpdate = NotBefore(now);
            DateTime nextUpdate = now.UtcDateTime.AddDays(CrlValidDays);
            X509Crl crl = CertificateFactory.Crl(DeviceCaName, caKey, number, thisUpdate, nextUpdate, revoked);
            WriteText(CrlFile, CertificateFactory.Pem(crl));
            next.CrlNumber = number;
            next.CrlNextUpdate = new DateTimeOffset(nextUpdate).ToUnixTimeSeconds();
        }

        private SigningKey UnlockDeviceCa(string passphrase)
        {
            return UnlockFile(metadata.DeviceCaKeyFile, passphrase);
        }

        private SigningKey UnlockFile(string relative, string passphrase)
        {
            string path = Resolve(relative);
            if (!File.Exists(path))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "PKI directory is incomplete: key file '" + relative + "' is missing");
            }

            return EncryptedPrivateKeyFile.Read(path, passphrase);
        }

        private IReadOnlyList<IssuedCertificate> Summaries(List<TlsMetadata.CertificateRecord> records)
        {
            List<IssuedCertificate> result = new List<IssuedCertificate>();
            foreach (TlsMetadata.CertificateRecord record in records)
            {
                result.Add(Summary(record));
            }

            return result;
        }

        private IssuedCertificate Summary(TlsMetadata.CertificateRecord record)
        {
            return new IssuedCertificate(record.Name, record.Serial, Resolve(record.CertificateFile), record.NotBefore, record.NotAfter, record.Revoked, record.RevokedAt);
        }

        private void WriteText(string relative, string text)
        {
            AtomicFile.WriteAllBytes(Resolve(relative), Encoding.ASCII.GetBytes(text), AtomicFile.PublicFileMode);
        }

        private string Resolve(string relative)
        {
            string directory = pki.DirectoryPath;
            string full = Path.GetFullPath(Path.Combine(directory, relative));
            string root = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
            if (Path.IsPathRooted(relative) || !full.StartsWith(root, StringComparison.Ordinal))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, MetadataFileName + " names a file outside the PKI directory: '" + relative + "'");
            }

            return full;
        }

        private TlsMetadata Copy()
        {
            return JsonSerializer.Deserialize<TlsMetadata>(JsonSerializer.SerializeToUtf8Bytes(metadata, JsonOptions), JsonOptions)!;
        }

        private void Commit(TlsMetadata next)
        {
            AtomicFile.WriteAllBytes(Resolve(FolderName + "/" + MetadataFileName), JsonSerializer.SerializeToUtf8Bytes(next, JsonOptions), AtomicFile.PublicFileMode);
            metadata = next;
        }
    }
}
