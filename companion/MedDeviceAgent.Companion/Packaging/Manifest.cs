using System;
using MedDeviceAgent.Protocol;
using CborWriter = MedDeviceAgent.Firmware.Core.Cbor.CborWriter;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// The signed manifest of an update package (docs/package-format.md, "Manifest"): what the
    /// signer writes, and what verification and inspection report once the firmware core has decoded it.
    /// </summary>
    public sealed class Manifest
    {
        /// <summary>Vendor id (key 2).</summary>
        public string VendorId { get; init; } = string.Empty;

        /// <summary>Device class id (key 3).</summary>
        public string DeviceClassId { get; init; } = string.Empty;

        /// <summary>Component name (key 4), e.g. "app".</summary>
        public string Component { get; init; } = string.Empty;

        /// <summary>Semantic version (key 5).</summary>
        public SemanticVersion Version { get; init; }

        /// <summary>Security counter for anti-rollback (key 6).</summary>
        public long SecurityCounter { get; init; }

        /// <summary>SHA-256 of the payload (key 7).</summary>
        public byte[] PayloadDigest { get; init; } = Array.Empty<byte>();

        /// <summary>Exact payload size in bytes (key 8).</summary>
        public long PayloadSize { get; init; }

        /// <summary>Creation time, Unix seconds (key 9).</summary>
        public long Created { get; init; }

        /// <summary>Expiry, Unix seconds (key 10); -1 when the manifest has none.</summary>
        public long Expires { get; init; } = -1;

        /// <summary>Key id of the update-signer (key 11).</summary>
        public byte[] SignerKeyId { get; init; } = Array.Empty<byte>();

        /// <summary>Revocation list version the package was signed under (key 12).</summary>
        public long RevocationListVersion { get; init; }

        /// <summary>True when the manifest carries an expiry.</summary>
        public bool HasExpiry => Expires >= 0;

        /// <summary>
        /// The product's one encoder of a manifest: the deterministic CBOR map of keys 1..12 in
        /// ascending order (10 only with an expiry). Fields are written as they are set (nothing is
        /// checked here: <see cref="PackageRequest.Validate"/> checks what the signer accepts), so
        /// the tests' forge can build manifests with any value wrong.
        /// </summary>
        public byte[] Encode()
        {
            ArgumentNullException.ThrowIfNull(VendorId, nameof(VendorId));
            ArgumentNullException.ThrowIfNull(DeviceClassId, nameof(DeviceClassId));
            ArgumentNullException.ThrowIfNull(Component, nameof(Component));
            ArgumentNullException.ThrowIfNull(PayloadDigest, nameof(PayloadDigest));
            ArgumentNullException.ThrowIfNull(SignerKeyId, nameof(SignerKeyId));
            CborWriter writer = new CborWriter(160);
            writer.WriteMapStart(HasExpiry ? 12 : 11);
            writer.WriteInt64(ManifestKeys.ManifestVersion);
            writer.WriteInt64(PackageFormat.ManifestVersion);
            writer.WriteInt64(ManifestKeys.VendorId);
            writer.WriteTextString(VendorId);
            writer.WriteInt64(ManifestKeys.DeviceClassId);
            writer.WriteTextString(DeviceClassId);
            writer.WriteInt64(ManifestKeys.Component);
            writer.WriteTextString(Component);
            writer.WriteInt64(ManifestKeys.Version);
            writer.WriteArrayStart(3);
            writer.WriteInt64(Version.Major);
            writer.WriteInt64(Version.Minor);
            writer.WriteInt64(Version.Patch);
            writer.WriteInt64(ManifestKeys.SecurityCounter);
            writer.WriteInt64(SecurityCounter);
            writer.WriteInt64(ManifestKeys.PayloadDigest);
            writer.WriteByteString(PayloadDigest, 0, PayloadDigest.Length);
            writer.WriteInt64(ManifestKeys.PayloadSize);
            writer.WriteInt64(PayloadSize);
            writer.WriteInt64(ManifestKeys.Created);
            writer.WriteInt64(Created);
            if (HasExpiry)
            {
                writer.WriteInt64(ManifestKeys.Expires);
                writer.WriteInt64(Expires);
            }

            writer.WriteInt64(ManifestKeys.SignerKeyId);
            writer.WriteByteString(SignerKeyId, 0, SignerKeyId.Length);
            writer.WriteInt64(ManifestKeys.RevocationListVersion);
            writer.WriteInt64(RevocationListVersion);
            return writer.ToArray();
        }
    }
}
