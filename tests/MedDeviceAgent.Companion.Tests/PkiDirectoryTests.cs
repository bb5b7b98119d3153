using System;
using System.IO;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Companion.Tests.Support;
using MedDeviceAgent.Protocol;
using CoreDelegation = MedDeviceAgent.Firmware.Core.Trust.Delegation;
using CoreRevocationList = MedDeviceAgent.Firmware.Core.Trust.RevocationList;
using CoreRootRotation = MedDeviceAgent.Firmware.Core.Trust.RootRotation;
using CoreTrustAnchor = MedDeviceAgent.Firmware.Core.Trust.TrustAnchor;

namespace MedDeviceAgent.Companion.Tests
{
    /// <summary>The PKI directory at library level: statements chain to the root (as the firmware core verifies them), and damaged directories fail closed.</summary>
    public sealed class PkiDirectoryTests : IDisposable
    {
        private const string Passphrase = "library-passphrase";
        private readonly TempDir temp = new TempDir();

        public void Dispose() => temp.Dispose();

        private PkiDirectory Init(CoseAlgorithm algorithm = CoseAlgorithm.EdDSA)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            return PkiDirectory.Initialize(temp.File("pki"), algorithm, "acme", now.ToUnixTimeSeconds() - 60, now.AddDays(30).ToUnixTimeSeconds(), Passphrase, now);
        }

        [Fact]
        public void Initialize_StatementsVerifyAgainstTheRoot()
        {
            PkiDirectory pki = Init(CoseAlgorithm.ES256);
            PackageSigningMaterial material = pki.LoadUpdateSigningMaterial(Passphrase, DateTimeOffset.UtcNow);
            PublicKeyInfo root = pki.Root.PublicKey;

            CoreDelegation delegation = new CoreDelegation();
            CoreRevocationList list = new CoreRevocationList();

            Assert.Equal(MedDeviceAgent.Firmware.Core.Trust.TrustVerdict.Trusted, delegation.ParseAndVerify(material.Delegation, 0, material.Delegation.Length, Anchor(root)));
            Assert.Equal(KeyRole.UpdateSigner, delegation.Role);
            Assert.Equal(material.Signer.PublicKey.KeyIdHex, Convert.ToHexStringLower(material.Delegation, delegation.KeyIdOffset, 16));
            Assert.Equal(MedDeviceAgent.Firmware.Core.Trust.TrustVerdict.Trusted, list.ParseAndVerify(material.RevocationList, 0, material.RevocationList.Length, Anchor(root)));
            Assert.Equal(1, list.Version);
            Assert.Equal(0, list.Count);
            Assert.Equal(File.ReadAllBytes(pki.RevocationListPath), material.RevocationList);
            Assert.Empty(material.RootRotations);
        }

        [Fact]
        public void RotateRoot_RotationSignedByOldRootAndStatementsByNew()
        {
            PkiDirectory pki = Init();
            PublicKeyInfo oldRoot = pki.Root.PublicKey;

            PkiKeySummary newRoot = pki.RotateRoot(null, Passphrase, DateTimeOffset.UtcNow);
            PackageSigningMaterial material = PkiDirectory.Open(temp.File("pki")).LoadUpdateSigningMaterial(Passphrase, DateTimeOffset.UtcNow);

            Assert.Equal(2, newRoot.Sequence);
            Assert.Single(material.RootRotations);
            CoreTrustAnchor walked = Anchor(oldRoot);
            byte[] rotation = material.RootRotations[0];
            Assert.Equal(MedDeviceAgent.Firmware.Core.Trust.TrustVerdict.Trusted, CoreRootRotation.Apply(rotation, 0, rotation.Length, walked));
            Assert.Equal(newRoot.PublicKey.KeyIdHex, Convert.ToHexStringLower(walked.KeyId));
            Assert.Equal(2, walked.Sequence);
            Assert.Equal(MedDeviceAgent.Firmware.Core.Trust.TrustVerdict.Trusted, new CoreDelegation().ParseAndVerify(material.Delegation, 0, material.Delegation.Length, Anchor(newRoot.PublicKey, 2)));
            Assert.Equal(MedDeviceAgent.Firmware.Core.Trust.TrustVerdict.InvalidDelegation, new CoreDelegation().ParseAndVerify(material.Delegation, 0, material.Delegation.Length, Anchor(oldRoot)));
            Assert.Equal(2, material.RevocationListVersion);
        }

        [Fact]
        public void Unlock_WrongPassphrase_WrongPassphraseError()
        {
            PkiDirectory pki = Init();

            Assert.Equal(CompanionErrorKind.WrongPassphrase, Assert.Throws<CompanionException>(() => pki.Unlock(PkiKeyRole.Root, "nope-nope-nope")).Kind);
            Assert.Equal(pki.UpdateSigner!.PublicKey.KeyIdHex, pki.Unlock(PkiKeyRole.UpdateSigner, Passphrase).PublicKey.KeyIdHex);
        }

        [Fact]
        public void Unlock_KeyFileSwappedOrMissing_PkiError()
        {
            PkiDirectory pki = Init();
            string keys = temp.File("pki/keys");
            string rootFile = Path.Combine(keys, pki.Root.PublicKey.KeyIdHex + ".key.pem");
            string signerFile = Path.Combine(keys, pki.UpdateSigner!.PublicKey.KeyIdHex + ".key.pem");

            File.Copy(signerFile, rootFile, overwrite: true);
            CompanionException swapped = Assert.Throws<CompanionException>(() => pki.Unlock(PkiKeyRole.Root, Passphrase));
            File.Delete(signerFile);
            CompanionException missing = Assert.Throws<CompanionException>(() => pki.Unlock(PkiKeyRole.UpdateSigner, Passphrase));

            Assert.Equal(CompanionErrorKind.PkiError, swapped.Kind);
            Assert.Contains("does not hold key", swapped.Message, StringComparison.Ordinal);
            Assert.Equal(CompanionErrorKind.PkiError, missing.Kind);
        }

        [Theory]
        [InlineData("{ not json")]
        [InlineData("{}")]
        [InlineData("ESCAPE")]
        [InlineData("KEYID")]
        public void Open_DamagedMetadata_PkiError(string damage)
        {
            Init();
            string metadataPath = temp.File("pki/pki.json");
            string text = File.ReadAllText(metadataPath);
            string damaged = damage switch
            {
                "ESCAPE" => text.Replace("\"keys/", "\"../keys/", StringComparison.Ordinal),
                "KEYID" => text.Replace("\"keyId\": \"", "\"keyId\": \"00", StringComparison.Ordinal),
                _ => damage,
            };
            File.WriteAllText(metadataPath, damaged);

            CompanionException e = Assert.Throws<CompanionException>(() => PkiDirectory.Open(temp.File("pki")).Unlock(PkiKeyRole.Root, Passphrase));

            Assert.Equal(CompanionErrorKind.PkiError, e.Kind);
        }

        [Fact]
        public void LoadUpdateSigningMaterial_DelegationNotValidNow_PkiError()
        {
            PkiDirectory pki = Init();

            CompanionException e = Assert.Throws<CompanionException>(() => pki.LoadUpdateSigningMaterial(Passphrase, DateTimeOffset.UtcNow.AddDays(31)));

            Assert.Equal(CompanionErrorKind.PkiError, e.Kind);
            Assert.Contains("--keep-key", e.Message, StringComparison.Ordinal);
        }

        /// <summary>A device trust anchor holding <paramref name="root"/> at <paramref name="sequence"/>.</summary>
        private static CoreTrustAnchor Anchor(PublicKeyInfo root, int sequence = 1)
        {
            CoreTrustAnchor anchor = new CoreTrustAnchor();
            byte[] raw = root.RawKey;
            anchor.Set(sequence, root.Algorithm, raw, 0, raw.Length);
            return anchor;
        }
    }
}
