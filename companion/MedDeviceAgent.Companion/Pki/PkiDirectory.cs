using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using MedDeviceAgent.Companion.IO;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>
    /// A PKI directory: the encrypted root key, the delegated update-signer and command-signer keys
    /// with their root-signed delegations, the current root-signed revocation list, the root
    /// rotation statements, and pki.json (public facts only). Layout:
    /// <c>pki.json</c>, <c>keys/&lt;key id&gt;.key.pem</c> (0600), <c>statements/&lt;kind&gt;-&lt;hash&gt;.cose</c>.
    /// </summary>
    /// <remarks>
    /// Every change writes its new files first (each atomically, content-addressed names, so no
    /// existing file is overwritten) and commits by replacing pki.json last: a crash leaves the
    /// previous consistent state plus unreferenced files. One passphrase protects every key of a
    /// directory; operations that sign with the root unlock it first, which checks the passphrase.
    /// </remarks>
    public sealed class PkiDirectory
    {
        /// <summary>Name of the metadata file.</summary>
        public const string MetadataFileName = "pki.json";

        /// <summary>Default vendor id.</summary>
        public const string DefaultVendorId = "meddeviceagent";

        /// <summary>Default delegation validity in days.</summary>
        public const int DefaultValidDays = 730;

        /// <summary>Default not-before is this many seconds before now, so devices whose clocks lag slightly accept a fresh delegation.</summary>
        public const int ClockSkewAllowanceSeconds = 300;

        /// <summary>Shortest passphrase accepted for new keys.</summary>
        public const int MinPassphraseLength = 8;

        private const string KeysFolder = "keys";
        private const string StatementsFolder = "statements";
        private const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { WriteIndented = true };

        private readonly string directory;
        private PkiMetadata metadata;

        private PkiDirectory(string directory, PkiMetadata metadata)
        {
            this.directory = directory;
            this.metadata = metadata;
        }

        /// <summary>The directory path.</summary>
        public string DirectoryPath => directory;

        /// <summary>Vendor id written into every manifest.</summary>
        public string VendorId => metadata.VendorId;

        /// <summary>The current root.</summary>
        public PkiKeySummary Root => new PkiKeySummary(PkiKeyRole.Root, RootKey(metadata.Root), metadata.Root.Sequence, 0, 0, false);

        /// <summary>
        /// Every root this directory has had, oldest first, the current one last: the trust anchors a
        /// device may hold (a device provisioned before a rotation walks the rotation statements from its root).
        /// </summary>
        public IReadOnlyList<PkiKeySummary> Roots
        {
            get
            {
                List<PkiKeySummary> roots = new List<PkiKeySummary>();
                foreach (PkiMetadata.RootRecord retired in metadata.RetiredRoots)
                {
                    roots.Add(new PkiKeySummary(PkiKeyRole.Root, RootKey(retired), retired.Sequence, 0, 0, false));
                }

                roots.Add(Root);
                return roots;
            }
        }

        /// <summary>The current update-signer, or null when none has been delegated.</summary>
        public PkiKeySummary? UpdateSigner => Summary(metadata.UpdateSigner, PkiKeyRole.UpdateSigner);

        /// <summary>The current command-signer, or null when none has been delegated.</summary>
        public PkiKeySummary? CommandSigner => Summary(metadata.CommandSigner, PkiKeyRole.CommandSigner);

        /// <summary>Version of the current revocation list.</summary>
        public long RevocationListVersion => metadata.RevocationList.Version;

        /// <summary>Revoked key ids (hex) on the current list.</summary>
        public IReadOnlyList<string> RevokedKeyIds => metadata.RevocationList.RevokedKeyIds;

        /// <summary>Full path of the current revocation list statement (usable as a device's stored list).</summary>
        public string RevocationListPath => Resolve(metadata.RevocationList.File);

        /// <summary>Number of root rotations performed.</summary>
        public int RootRotationCount => metadata.RootRotations.Count;

        /// <summary>
        /// Creates a PKI in <paramref name="path"/> (created 0700 if missing): a root key, an
        /// update-signer and a command-signer of <paramref name="algorithm"/>, both delegated for
        /// [notBefore, notAfter], and revocation list version 1 (empty).
        /// </summary>
        /// <exception cref="CompanionException">PkiError when the directory already holds a PKI; InvalidArgument
        /// for a bad vendor id or window; WrongPassphrase when the passphrase is too short; OutputError.</exception>
        public static PkiDirectory Initialize(string path, CoseAlgorithm algorithm, string vendorId, long notBefore, long notAfter, string passphrase, DateTimeOffset now)
        {
            ArgumentNullException.ThrowIfNull(path);
            PackageRequest.CheckIdentifier(vendorId, "vendor id");
            CheckWindow(notBefore, notAfter, now);
            CheckNewPassphrase(passphrase);
            CheckCanInitialize(path);
            string full = Path.GetFullPath(path);

            CreatePrivateDirectory(full);
            CreatePrivateDirectory(Path.Combine(full, KeysFolder));
            CreatePrivateDirectory(Path.Combine(full, StatementsFolder));

            long issued = now.ToUnixTimeSeconds();
            SigningKey root = SigningKey.Generate(algorithm);
            PkiMetadata metadata = new PkiMetadata
            {
                VendorId = vendorId,
                Root = new PkiMetadata.RootRecord
                {
                    Sequence = 1,
                    Algorithm = KeyAlgorithms.Name(algorithm),
                    KeyId = root.PublicKey.KeyIdHex,
                    PublicKey = Convert.ToHexStringLower(root.PublicKey.RawKey),
                    KeyFile = KeyFileName(root.PublicKey),
                    Created = UnixTime.ToIso(issued),
                },
            };
            PkiDirectory pki = new PkiDirectory(full, metadata);
            EncryptedPrivateKeyFile.Write(pki.Resolve(metadata.Root.KeyFile), root, passphrase);
            metadata.UpdateSigner = pki.NewSigner(root, PkiKeyRole.UpdateSigner, SigningKey.Generate(algorithm), notBefore, notAfter, passphrase);
            metadata.CommandSigner = pki.NewSigner(root, PkiKeyRole.CommandSigner, SigningKey.Generate(algorithm), notBefore, notAfter, passphrase);
            metadata.RevocationList = pki.IssueRevocationList(root, 1, new List<string>(), issued);
            pki.Commit(metadata);
            return pki;
        }

        /// <summary>Throws when <paramref name="path"/> cannot receive a new PKI (it already holds one, or is a file).</summary>
        public static void CheckCanInitialize(string path)
        {
            string full = Path.GetFullPath(path);
            if (File.Exists(Path.Combine(full, MetadataFileName)))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "'" + path + "' already holds a PKI (" + MetadataFileName + " exists); refusing to overwrite it");
            }

            if (File.Exists(full))
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "'" + path + "' is a file, not a directory");
            }
        }

        /// <summary>Opens an existing PKI directory (no passphrase needed).</summary>
        /// <exception cref="CompanionException">PkiError when the directory or pki.json is missing or malformed.</exception>
        public static PkiDirectory Open(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            string full = Path.GetFullPath(path);
            if (!Directory.Exists(full))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "PKI directory '" + path + "' does not exist (create one with 'mda pki init --dir " + path + "')");
            }

            string metadataPath = Path.Combine(full, MetadataFileName);
            if (!File.Exists(metadataPath))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "'" + path + "' is not a PKI directory: " + MetadataFileName + " is missing");
            }

            PkiMetadata? metadata;
            try
            {
                metadata = JsonSerializer.Deserialize<PkiMetadata>(File.ReadAllBytes(metadataPath), JsonOptions);
            }
            catch (Exception e) when (e is JsonException || e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, MetadataFileName + " in '" + path + "' cannot be read: " + e.Message, e);
            }

            if (metadata == null || metadata.FormatVersion != 1 || metadata.Root.Sequence < 1 || string.IsNullOrEmpty(metadata.Root.KeyFile) || string.IsNullOrEmpty(metadata.RevocationList.File))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, MetadataFileName + " in '" + path + "' is incomplete or of an unknown format version");
            }

            // Validate the public facts once, so later failures are about files, not about pki.json.
            RootKey(metadata.Root);
            Summary(metadata.UpdateSigner, PkiKeyRole.UpdateSigner);
            Summary(metadata.CommandSigner, PkiKeyRole.CommandSigner);
            return new PkiDirectory(full, metadata);
        }

        /// <summary>The public key of <paramref name="role"/>.</summary>
        /// <exception cref="CompanionException">PkiError when the directory has no such key.</exception>
        public PublicKeyInfo GetPublicKey(PkiKeyRole role)
        {
            if (role == PkiKeyRole.Root)
            {
                return Root.PublicKey;
            }

            PkiKeySummary? signer = role == PkiKeyRole.UpdateSigner ? UpdateSigner : CommandSigner;
            if (signer == null)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "the PKI has no " + RoleName(role) + " (delegate one with 'mda pki delegate --role " + RoleName(role) + "')");
            }

            return signer.PublicKey;
        }

        /// <summary>Decrypts the private key of <paramref name="role"/>.</summary>
        /// <exception cref="CompanionException">WrongPassphrase; PkiError when the key is missing or does not match pki.json.</exception>
        public SigningKey Unlock(PkiKeyRole role, string passphrase)
        {
            if (role == PkiKeyRole.Root)
            {
                return UnlockFile(metadata.Root.KeyFile, metadata.Root.KeyId, passphrase);
            }

            PkiMetadata.SignerRecord record = Signer(role) ?? throw new CompanionException(CompanionErrorKind.PkiError, "the PKI has no " + RoleName(role));
            return UnlockFile(record.KeyFile, record.KeyId, passphrase);
        }

        /// <summary>
        /// Delegates <paramref name="role"/> for [notBefore, notAfter]: to a new key (the old one is
        /// retired, still valid until its window ends unless revoked), or with
        /// <paramref name="keepKey"/> re-delegates the current key with the new window.
        /// </summary>
        public PkiKeySummary Delegate(PkiKeyRole role, CoseAlgorithm? algorithm, long notBefore, long notAfter, bool keepKey, string passphrase, DateTimeOffset now)
        {
            if (role == PkiKeyRole.Root)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "the root is not delegated; use 'mda pki rotate-root'");
            }

            CheckWindow(notBefore, notAfter, now);
            SigningKey root = Unlock(PkiKeyRole.Root, passphrase);
            PkiMetadata next = Copy();
            PkiMetadata.SignerRecord? current = role == PkiKeyRole.UpdateSigner ? next.UpdateSigner : next.CommandSigner;
            PkiMetadata.SignerRecord record;
            if (keepKey)
            {
                if (current == null || current.Revoked)
                {
                    throw new CompanionException(CompanionErrorKind.PkiError, "there is no unrevoked " + RoleName(role) + " to re-delegate; delegate a new key instead");
                }

                if (algorithm.HasValue && KeyAlgorithms.Name(algorithm.Value) != current.Algorithm)
                {
                    throw new CompanionException(CompanionErrorKind.InvalidArgument, "--algorithm cannot change the algorithm of a kept key");
                }

                SigningKey existing = UnlockFile(current.KeyFile, current.KeyId, passphrase);
                record = NewSigner(root, role, existing, notBefore, notAfter, null);
                record.KeyFile = current.KeyFile;
            }
            else
            {
                CoseAlgorithm chosen = algorithm ?? KeyAlgorithms.Parse(next.Root.Algorithm);
                CheckNewPassphrase(passphrase);
                record = NewSigner(root, role, SigningKey.Generate(chosen), notBefore, notAfter, passphrase);
                if (current != null)
                {
                    next.RetiredSigners.Add(current);
                }
            }

            if (role == PkiKeyRole.UpdateSigner)
            {
                next.UpdateSigner = record;
            }
            else
            {
                next.CommandSigner = record;
            }

            Commit(next);
            return Summary(record, role)!;
        }

        /// <summary>
        /// Revokes <paramref name="keyId"/>: issues revocation list version+1 adding it. Returns false
        /// (and changes nothing) when it is already revoked. Revoking the current update-signer or
        /// command-signer marks it revoked; packages cannot be signed until a new one is delegated.
        /// </summary>
        /// <exception cref="CompanionException">PkiError when asked to revoke the current root, or when the
        /// list already names <see cref="PackageFormat.MaxRevokedKeys"/> keys.</exception>
        public bool Revoke(byte[] keyId, string passphrase, DateTimeOffset now)
        {
            ArgumentNullException.ThrowIfNull(keyId);
            string hex = KeyId.ToHex(keyId);
            CheckRevocable(keyId);
            if (IsRevoked(keyId))
            {
                return false;
            }

            if (metadata.RevocationList.RevokedKeyIds.Count >= PackageFormat.MaxRevokedKeys)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "the revocation list already names " + PackageFormat.MaxRevokedKeys + " keys, the most a device stores (PackageFormat.MaxRevokedKeys)");
            }

            SigningKey root = Unlock(PkiKeyRole.Root, passphrase);
            PkiMetadata next = Copy();
            List<string> ids = new List<string>(next.RevocationList.RevokedKeyIds) { hex };
            next.RevocationList = IssueRevocationList(root, next.RevocationList.Version + 1, ids, now.ToUnixTimeSeconds());
            MarkRevoked(next.UpdateSigner, hex);
            MarkRevoked(next.CommandSigner, hex);
            foreach (PkiMetadata.SignerRecord retired in next.RetiredSigners)
            {
                MarkRevoked(retired, hex);
            }

            Commit(next);
            return true;
        }

        /// <summary>Throws a PkiError when <paramref name="keyId"/> may not be revoked (it is the current root).</summary>
        public void CheckRevocable(byte[] keyId)
        {
            ArgumentNullException.ThrowIfNull(keyId);
            if (Root.PublicKey.HasKeyId(keyId))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "key " + KeyId.ToHex(keyId) + " is the current root; a root cannot be revoked by its own list (use 'mda pki rotate-root')");
            }
        }

        /// <summary>True when <paramref name="keyId"/> is on the current revocation list.</summary>
        public bool IsRevoked(byte[] keyId)
        {
            return metadata.RevocationList.RevokedKeyIds.Contains(KeyId.ToHex(keyId));
        }

        /// <summary>True when <paramref name="keyId"/> belongs to a key this directory has issued (current or retired).</summary>
        public bool IsKnownKey(byte[] keyId)
        {
            string hex = KeyId.ToHex(keyId);
            bool known = hex == metadata.Root.KeyId || metadata.RetiredRoots.Exists(r => r.KeyId == hex) || metadata.RetiredSigners.Exists(s => s.KeyId == hex);
            return known || metadata.UpdateSigner?.KeyId == hex || metadata.CommandSigner?.KeyId == hex;
        }

        /// <summary>
        /// Rotates the root: a new root N+1 (of <paramref name="algorithm"/>, default the current
        /// one's), a rotation statement signed by root N, and the current delegations and revocation
        /// list (version+1) re-issued under the new root, so devices that trust any earlier root can
        /// walk to it. The old root's key file is kept (listed under retiredRoots) for the operator
        /// to move offline or destroy.
        /// </summary>
        public PkiKeySummary RotateRoot(CoseAlgorithm? algorithm, string passphrase, DateTimeOffset now)
        {
            SigningKey oldRoot = Unlock(PkiKeyRole.Root, passphrase);
            CheckNewPassphrase(passphrase);
            PkiMetadata next = Copy();
            CoseAlgorithm chosen = algorithm ?? KeyAlgorithms.Parse(next.Root.Algorithm);
            SigningKey newRoot = SigningKey.Generate(chosen);
            long sequence = next.Root.Sequence + 1;
            long issued = now.ToUnixTimeSeconds();
            EncryptedPrivateKeyFile.Write(Resolve(KeyFileName(newRoot.PublicKey)), newRoot, passphrase);
            byte[] rotation = new RootRotation(sequence, newRoot.PublicKey, oldRoot.PublicKey.KeyId).Sign(oldRoot);
            next.RootRotations.Add(new PkiMetadata.RotationRecord { Sequence = sequence, File = WriteStatement("rotation", rotation) });
            next.RetiredRoots.Add(next.Root);
            next.Root = new PkiMetadata.RootRecord
            {
                Sequence = sequence,
                Algorithm = KeyAlgorithms.Name(chosen),
                KeyId = newRoot.PublicKey.KeyIdHex,
                PublicKey = Convert.ToHexStringLower(newRoot.PublicKey.RawKey),
                KeyFile = KeyFileName(newRoot.PublicKey),
                Created = UnixTime.ToIso(issued),
            };
            next.UpdateSigner = Redelegate(newRoot, next.UpdateSigner, PkiKeyRole.UpdateSigner);
            next.CommandSigner = Redelegate(newRoot, next.CommandSigner, PkiKeyRole.CommandSigner);
            next.RevocationList = IssueRevocationList(newRoot, next.RevocationList.Version + 1, next.RevocationList.RevokedKeyIds, issued);
            Commit(next);
            return Root;
        }

        /// <summary>
        /// Unlocks the update-signer and gathers what a package carries: its delegation, the current
        /// revocation list and every root rotation.
        /// </summary>
        /// <exception cref="CompanionException">PkiError when there is no usable update-signer (none, revoked,
        /// or its delegation is not valid at <paramref name="now"/>) or a statement file is missing; WrongPassphrase.</exception>
        public PackageSigningMaterial LoadUpdateSigningMaterial(string passphrase, DateTimeOffset now)
        {
            PkiMetadata.SignerRecord record = metadata.UpdateSigner ?? throw new CompanionException(CompanionErrorKind.PkiError, "the PKI has no update-signer (delegate one with 'mda pki delegate --role update-signer')");
            if (record.Revoked)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "the update-signer " + record.KeyId + " is revoked; delegate a new one with 'mda pki delegate --role update-signer'");
            }

            long time = now.ToUnixTimeSeconds();
            if (time < record.NotBefore || time > record.NotAfter)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "the update-signer's delegation is valid " + UnixTime.ToIso(record.NotBefore) + " to " + UnixTime.ToIso(record.NotAfter) + ", not now; re-delegate it with 'mda pki delegate --role update-signer --keep-key'");
            }

            SigningKey signer = UnlockFile(record.KeyFile, record.KeyId, passphrase);
            List<byte[]> rotations = new List<byte[]>();
            foreach (PkiMetadata.RotationRecord rotation in metadata.RootRotations)
            {
                rotations.Add(ReadStatement(rotation.File));
            }

            return new PackageSigningMaterial(metadata.VendorId, signer, ReadStatement(record.DelegationFile), ReadStatement(metadata.RevocationList.File), metadata.RevocationList.Version, rotations);
        }

        /// <summary>The command-line name of a role.</summary>
        public static string RoleName(PkiKeyRole role)
        {
            return role == PkiKeyRole.Root ? "root" : Delegation.RoleName(ToKeyRole(role));
        }

        /// <summary>Parses a role name (root, update-signer, command-signer).</summary>
        public static PkiKeyRole ParseRole(string name)
        {
            foreach (PkiKeyRole role in new[] { PkiKeyRole.Root, PkiKeyRole.UpdateSigner, PkiKeyRole.CommandSigner })
            {
                if (string.Equals(name, RoleName(role), StringComparison.OrdinalIgnoreCase))
                {
                    return role;
                }
            }

            throw new CompanionException(CompanionErrorKind.InvalidArgument, "unknown role '" + name + "' (expected root, update-signer or command-signer)");
        }

        private static KeyRole ToKeyRole(PkiKeyRole role)
        {
            return role == PkiKeyRole.UpdateSigner ? KeyRole.UpdateSigner : KeyRole.CommandSigner;
        }

        private static void CheckWindow(long notBefore, long notAfter, DateTimeOffset now)
        {
            if (notBefore < 0 || notAfter <= notBefore)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "the validity window must end after it starts (not-before " + UnixTime.ToIso(Math.Max(0, notBefore)) + ", not-after " + UnixTime.ToIso(Math.Max(0, notAfter)) + ")");
            }

            if (notAfter <= now.ToUnixTimeSeconds())
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "the validity window ends in the past (" + UnixTime.ToIso(notAfter) + ")");
            }
        }

        private static void CheckNewPassphrase(string passphrase)
        {
            ArgumentNullException.ThrowIfNull(passphrase);
            if (passphrase.Length < MinPassphraseLength)
            {
                throw new CompanionException(CompanionErrorKind.WrongPassphrase, "the passphrase must be at least " + MinPassphraseLength + " characters");
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
                    Directory.CreateDirectory(path, PrivateDirectoryMode);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.OutputError, "cannot create directory '" + path + "': " + e.Message, e);
            }
        }

        private static string KeyFileName(PublicKeyInfo key)
        {
            return KeysFolder + "/" + key.KeyIdHex + ".key.pem";
        }

        private static void MarkRevoked(PkiMetadata.SignerRecord? record, string hex)
        {
            if (record != null && record.KeyId == hex)
            {
                record.Revoked = true;
            }
        }

        private static PublicKeyInfo RootKey(PkiMetadata.RootRecord record)
        {
            return PublicKeyOf(record.Algorithm, record.PublicKey, record.KeyId, "root");
        }

        private static PublicKeyInfo PublicKeyOf(string algorithm, string publicKeyHex, string keyIdHex, string what)
        {
            try
            {
                PublicKeyInfo key = new PublicKeyInfo(KeyAlgorithms.Parse(algorithm), Convert.FromHexString(publicKeyHex));
                if (key.KeyIdHex != keyIdHex)
                {
                    throw new CompanionException(CompanionErrorKind.PkiError, MetadataFileName + ": the " + what + " key id does not match its public key");
                }

                return key;
            }
            catch (Exception e) when (e is FormatException || e is ArgumentException || (e is CompanionException c && c.Kind == CompanionErrorKind.InvalidArgument))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, MetadataFileName + ": the " + what + " public key is malformed", e);
            }
        }

        private static PkiKeySummary? Summary(PkiMetadata.SignerRecord? record, PkiKeyRole role)
        {
            if (record == null)
            {
                return null;
            }

            return new PkiKeySummary(role, PublicKeyOf(record.Algorithm, record.PublicKey, record.KeyId, RoleName(role)), 0, record.NotBefore, record.NotAfter, record.Revoked);
        }

        private PkiMetadata.SignerRecord? Signer(PkiKeyRole role)
        {
            return role == PkiKeyRole.UpdateSigner ? metadata.UpdateSigner : metadata.CommandSigner;
        }

        private PkiMetadata.SignerRecord NewSigner(SigningKey root, PkiKeyRole role, SigningKey key, long notBefore, long notAfter, string? passphraseForNewKeyFile)
        {
            string keyFile = KeyFileName(key.PublicKey);
            if (passphraseForNewKeyFile != null)
            {
                EncryptedPrivateKeyFile.Write(Resolve(keyFile), key, passphraseForNewKeyFile);
            }

            byte[] statement = new Delegation(key.PublicKey, ToKeyRole(role), notBefore, notAfter, root.PublicKey.KeyId).Sign(root);
            return new PkiMetadata.SignerRecord
            {
                Role = RoleName(role),
                Algorithm = KeyAlgorithms.Name(key.Algorithm),
                KeyId = key.PublicKey.KeyIdHex,
                PublicKey = Convert.ToHexStringLower(key.PublicKey.RawKey),
                KeyFile = keyFile,
                DelegationFile = WriteStatement("delegation", statement),
                NotBefore = notBefore,
                NotAfter = notAfter,
            };
        }

        private PkiMetadata.SignerRecord? Redelegate(SigningKey newRoot, PkiMetadata.SignerRecord? record, PkiKeyRole role)
        {
            if (record == null || record.Revoked)
            {
                return record;
            }

            PublicKeyInfo key = PublicKeyOf(record.Algorithm, record.PublicKey, record.KeyId, RoleName(role));
            byte[] statement = new Delegation(key, ToKeyRole(role), record.NotBefore, record.NotAfter, newRoot.PublicKey.KeyId).Sign(newRoot);
            record.DelegationFile = WriteStatement("delegation", statement);
            return record;
        }

        private PkiMetadata.RevocationRecord IssueRevocationList(SigningKey root, long version, List<string> revokedHex, long issued)
        {
            List<byte[]> ids = revokedHex.ConvertAll(Convert.FromHexString);
            byte[] statement = new RevocationList(version, ids, issued, root.PublicKey.KeyId).Sign(root);
            return new PkiMetadata.RevocationRecord
            {
                Version = version,
                Issued = issued,
                File = WriteStatement("revocation-list-v" + version, statement),
                RevokedKeyIds = new List<string>(revokedHex),
            };
        }

        private string WriteStatement(string kind, byte[] statement)
        {
            string name = StatementsFolder + "/" + kind + "-" + Convert.ToHexStringLower(SHA256.HashData(statement), 0, 8) + ".cose";
            AtomicFile.WriteAllBytes(Resolve(name), statement, AtomicFile.PublicFileMode);
            return name;
        }

        private byte[] ReadStatement(string relative)
        {
            try
            {
                return File.ReadAllBytes(Resolve(relative));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "PKI directory is incomplete: cannot read '" + relative + "': " + e.Message, e);
            }
        }

        private SigningKey UnlockFile(string relative, string expectedKeyId, string passphrase)
        {
            string path = Resolve(relative);
            if (!File.Exists(path))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "PKI directory is incomplete: key file '" + relative + "' is missing");
            }

            SigningKey key = EncryptedPrivateKeyFile.Read(path, passphrase);
            if (key.PublicKey.KeyIdHex != expectedKeyId)
            {
                throw new CompanionException(CompanionErrorKind.PkiError, "key file '" + relative + "' does not hold key " + expectedKeyId + " named in " + MetadataFileName);
            }

            return key;
        }

        private string Resolve(string relative)
        {
            string full = Path.GetFullPath(Path.Combine(directory, relative));
            string root = directory.EndsWith(Path.DirectorySeparatorChar) ? directory : directory + Path.DirectorySeparatorChar;
            if (Path.IsPathRooted(relative) || !full.StartsWith(root, StringComparison.Ordinal))
            {
                throw new CompanionException(CompanionErrorKind.PkiError, MetadataFileName + " names a file outside the PKI directory: '" + relative + "'");
            }

            return full;
        }

        private PkiMetadata Copy()
        {
            return JsonSerializer.Deserialize<PkiMetadata>(JsonSerializer.SerializeToUtf8Bytes(metadata, JsonOptions), JsonOptions)!;
        }

        private void Commit(PkiMetadata next)
        {
            AtomicFile.WriteAllBytes(Path.Combine(directory, MetadataFileName), JsonSerializer.SerializeToUtf8Bytes(next, JsonOptions), AtomicFile.PublicFileMode);
            metadata = next;
        }
    }
}
