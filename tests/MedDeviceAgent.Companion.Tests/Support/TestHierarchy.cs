using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Companion.Packaging;
using MedDeviceAgent.Companion.Pki;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Tests.Support
{
    /// <summary>
    /// An in-memory key hierarchy (root, update-signer, command-signer, revocation list v1) for
    /// library tests, with helpers that build real packages or forge ones with chosen defects.
    /// </summary>
    internal sealed class TestHierarchy
    {
        /// <summary>The fixed "now" of library tests: 2027-01-01T00:00:00Z.</summary>
        public static readonly DateTimeOffset Now = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public const string Vendor = "acme";
        public const string DeviceClass = "pump-x1";

        private TestHierarchy(CoseAlgorithm algorithm)
        {
            Root = SigningKey.Generate(algorithm);
            UpdateSigner = SigningKey.Generate(algorithm);
            CommandSigner = SigningKey.Generate(algorithm);
            UpdateDelegation = Delegate(UpdateSigner, KeyRole.UpdateSigner, Root);
            CommandDelegation = Delegate(CommandSigner, KeyRole.CommandSigner, Root);
            RevocationList = new RevocationList(1, new List<byte[]>(), NowSeconds, Root.PublicKey.KeyId).Sign(Root);
        }

        public static long NowSeconds => Now.ToUnixTimeSeconds();

        public SigningKey Root { get; }

        public SigningKey UpdateSigner { get; }

        public SigningKey CommandSigner { get; }

        public byte[] UpdateDelegation { get; }

        public byte[] CommandDelegation { get; }

        public byte[] RevocationList { get; set; }

        public List<byte[]> RootRotations { get; } = new List<byte[]>();

        public static TestHierarchy Create(CoseAlgorithm algorithm = CoseAlgorithm.EdDSA) => new TestHierarchy(algorithm);

        /// <summary>A delegation of <paramref name="key"/> signed by <paramref name="root"/>, valid from a day before Now for a year.</summary>
        public static byte[] Delegate(SigningKey key, KeyRole role, SigningKey root, long notBefore = -1, long notAfter = -1)
        {
            long start = notBefore >= 0 ? notBefore : NowSeconds - 86400;
            long end = notAfter >= 0 ? notAfter : NowSeconds + (365 * 86400);
            return new Delegation(key.PublicKey, role, start, end, root.PublicKey.KeyId).Sign(root);
        }

        public PackageSigningMaterial Material(long revocationListVersion = 1)
        {
            return new PackageSigningMaterial(Vendor, UpdateSigner, UpdateDelegation, RevocationList, revocationListVersion, RootRotations);
        }

        public static PackageRequest Request(long expires = -1)
        {
            return new PackageRequest
            {
                DeviceClassId = DeviceClass,
                Component = "app",
                Version = new SemanticVersion(1, 2, 3),
                SecurityCounter = 7,
                Created = NowSeconds - 60,
                Expires = expires,
            };
        }

        /// <summary>A package built by <see cref="PackageBuilder"/>.</summary>
        public byte[] Build(byte[] payload, long expires = -1)
        {
            using MemoryStream output = new MemoryStream();
            PackageBuilder.Write(Material(), Request(expires), new MemoryStream(payload), output, null);
            return output.ToArray();
        }

        /// <summary>The manifest <see cref="Build"/> would sign for <paramref name="payload"/>.</summary>
        public Manifest ManifestFor(byte[] payload, SigningKey? signer = null)
        {
            return new Manifest
            {
                VendorId = Vendor,
                DeviceClassId = DeviceClass,
                Component = "app",
                Version = new SemanticVersion(1, 2, 3),
                SecurityCounter = 7,
                PayloadDigest = SHA256.HashData(payload),
                PayloadSize = payload.Length,
                Created = NowSeconds - 60,
                SignerKeyId = (signer ?? UpdateSigner).PublicKey.KeyId,
                RevocationListVersion = 1,
            };
        }

        /// <summary>A package assembled from the given parts (each may be deliberately wrong).</summary>
        public static byte[] Forge(SigningKey signer, byte[] manifest, byte[]? delegation, byte[]? revocationList, IReadOnlyList<byte[]>? rotations, byte[] payload)
        {
            return Frame(CoseSign1Writer.Sign(signer, manifest, delegation, revocationList, rotations), payload);
        }

        /// <summary>Header + envelope + payload.</summary>
        public static byte[] Frame(byte[] envelope, byte[] payload)
        {
            byte[] header = PackageFile.EncodeHeader(envelope.Length);
            byte[] package = new byte[header.Length + envelope.Length + payload.Length];
            header.CopyTo(package, 0);
            envelope.CopyTo(package, header.Length);
            payload.CopyTo(package, header.Length + envelope.Length);
            return package;
        }

        /// <summary>
        /// Verifies <paramref name="package"/> with the firmware core as a device trusting this
        /// hierarchy's root (or <paramref name="anchor"/> at <paramref name="rootSequence"/>) at Now.
        /// </summary>
        public VerificationReport Verify(byte[] package, byte[]? stored = null, DateTimeOffset? at = null, PublicKeyInfo? anchor = null, int rootSequence = 1, DeviceExpectations? expectations = null)
        {
            VerificationTrust trust = new VerificationTrust(anchor ?? Root.PublicKey, rootSequence, stored);
            return PackageVerifier.Verify(new MemoryStream(package), trust, expectations ?? DeviceExpectations.None, at ?? Now, null);
        }

        /// <summary>Payload bytes 0, 1, 2, ... of the given length.</summary>
        public static byte[] Payload(int length)
        {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++)
            {
                payload[i] = (byte)(i * 7);
            }

            return payload;
        }
    }
}
