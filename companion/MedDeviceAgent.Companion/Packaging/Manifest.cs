using System;
using System.Formats.Cbor;
using MedDeviceAgent.Companion.Cbor;
using MedDeviceAgent.Companion.Cose;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>The signed manifest of an update package (docs/package-format.md, "Manifest").</summary>
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

        /// <summary>The deterministic CBOR manifest map (keys 1..12 ascending; 10 only with an expiry).</summary>
        public byte[] Encode()
        {
            CborWriter writer = CoseSign1Writer.NewWriter();
            writer.WriteStartMap(HasExpiry ? 12 : 11);
            writer.WriteInt32(ManifestKeys.ManifestVersion);
            writer.WriteInt32(PackageFormat.ManifestVersion);
            writer.WriteInt32(ManifestKeys.VendorId);
            writer.WriteTextString(VendorId);
            writer.WriteInt32(ManifestKeys.DeviceClassId);
            writer.WriteTextString(DeviceClassId);
            writer.WriteInt32(ManifestKeys.Component);
            writer.WriteTextString(Component);
            writer.WriteInt32(ManifestKeys.Version);
            writer.WriteStartArray(3);
            writer.WriteInt64(Version.Major);
            writer.WriteInt64(Version.Minor);
            writer.WriteInt64(Version.Patch);
            writer.WriteEndArray();
            writer.WriteInt32(ManifestKeys.SecurityCounter);
            writer.WriteInt64(SecurityCounter);
            writer.WriteInt32(ManifestKeys.PayloadDigest);
            writer.WriteByteString(PayloadDigest);
            writer.WriteInt32(ManifestKeys.PayloadSize);
            writer.WriteInt64(PayloadSize);
            writer.WriteInt32(ManifestKeys.Created);
            writer.WriteInt64(Created);
            if (HasExpiry)
            {
                writer.WriteInt32(ManifestKeys.Expires);
                writer.WriteInt64(Expires);
            }

            writer.WriteInt32(ManifestKeys.SignerKeyId);
            writer.WriteByteString(SignerKeyId);
            writer.WriteInt32(ManifestKeys.RevocationListVersion);
            writer.WriteInt64(RevocationListVersion);
            writer.WriteEndMap();
            return writer.Encode();
        }

        /// <summary>
        /// Decodes and checks a manifest. Returns <see cref="UpdateResult.Accepted"/> with the
        /// manifest, <see cref="UpdateResult.MalformedCbor"/> when the bytes are not deterministic
        /// CBOR, or <see cref="UpdateResult.InvalidManifest"/> when a field is missing, unknown, of the
        /// wrong type or out of range; <paramref name="reason"/> names it.
        /// </summary>
        public static UpdateResult TryDecode(byte[] cbor, out Manifest? manifest, out string reason)
        {
            ArgumentNullException.ThrowIfNull(cbor);
            manifest = null;
            string? error = IntKeyMap.TryParse(cbor, out IntKeyMap? map, out bool malformed);
            if (error != null || map == null)
            {
                reason = "manifest: " + error;
                return malformed ? UpdateResult.MalformedCbor : UpdateResult.InvalidManifest;
            }

            try
            {
                map.RequireKeysWithin(ManifestKeys.ManifestVersion, ManifestKeys.RevocationListVersion, "manifest");
                long version = map.Unsigned(ManifestKeys.ManifestVersion, "manifest version");
                if (version != PackageFormat.ManifestVersion)
                {
                    throw new CborFieldException("manifest version " + version + " is not " + PackageFormat.ManifestVersion);
                }

                long[] semver = map.UnsignedArray(ManifestKeys.Version, "version", 3);
                manifest = new Manifest
                {
                    VendorId = map.Text(ManifestKeys.VendorId, "vendor id"),
                    DeviceClassId = map.Text(ManifestKeys.DeviceClassId, "device class id"),
                    Component = map.Text(ManifestKeys.Component, "component"),
                    Version = new SemanticVersion(semver[0], semver[1], semver[2]),
                    SecurityCounter = map.Unsigned(ManifestKeys.SecurityCounter, "security counter"),
                    PayloadDigest = map.Bytes(ManifestKeys.PayloadDigest, "payload digest", PackageFormat.DigestSize),
                    PayloadSize = map.Unsigned(ManifestKeys.PayloadSize, "payload size"),
                    Created = map.Unsigned(ManifestKeys.Created, "created"),
                    Expires = map.Contains(ManifestKeys.Expires) ? map.Unsigned(ManifestKeys.Expires, "expires") : -1,
                    SignerKeyId = map.Bytes(ManifestKeys.SignerKeyId, "signer key id", PackageFormat.KeyIdSize),
                    RevocationListVersion = map.Unsigned(ManifestKeys.RevocationListVersion, "revocation list version"),
                };
            }
            catch (CborFieldException e)
            {
                reason = "manifest: " + e.Message;
                return UpdateResult.InvalidManifest;
            }

            reason = string.Empty;
            return UpdateResult.Accepted;
        }
    }
}
