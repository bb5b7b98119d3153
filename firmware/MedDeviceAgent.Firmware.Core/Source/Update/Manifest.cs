using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>The fields of a parsed update manifest (see docs/package-format.md).</summary>
    public sealed class Manifest
    {
        /// <summary>Creates an empty manifest.</summary>
        public Manifest()
        {
            Image = new ImageInfo();
        }

        /// <summary>Vendor id.</summary>
        public string VendorId { get; private set; }

        /// <summary>Device class id.</summary>
        public string DeviceClass { get; private set; }

        /// <summary>Component name.</summary>
        public string Component { get; private set; }

        /// <summary>Version, security counter, payload size and digest.</summary>
        public ImageInfo Image { get; private set; }

        /// <summary>Creation time, Unix seconds.</summary>
        public long Created { get; private set; }

        /// <summary>True when the manifest carries an expiry.</summary>
        public bool HasExpiry { get; private set; }

        /// <summary>Expiry time, Unix seconds (meaningful when <see cref="HasExpiry"/>).</summary>
        public long Expires { get; private set; }

        /// <summary>Offset of the signer key id in the parsed buffer.</summary>
        public int SignerKeyIdOffset { get; private set; }

        /// <summary>The revocation list version the package requires.</summary>
        public long RevocationListVersion { get; private set; }

        /// <summary>
        /// Parses the manifest map; returns Accepted, MalformedCbor or InvalidManifest (a field missing,
        /// of the wrong type or out of range; a payload size of 0 is out of range: there is no empty image).
        /// </summary>
        public UpdateResult Parse(byte[] buffer, int offset, int count)
        {
            IntKeyMap map = new IntKeyMap(ManifestKeys.RevocationListVersion);
            UpdateResult parsed = UpdateResultMapping.FromCose(map.Parse(buffer, offset, count), UpdateResult.InvalidManifest);
            if (parsed != UpdateResult.Accepted)
            {
                return parsed;
            }

            UpdateResult invalid = UpdateResult.InvalidManifest;
            long manifestVersion;
            string vendor;
            string deviceClass;
            string component;
            long counter;
            int digestOffset;
            int digestLength;
            long size;
            long created;
            int signerOffset;
            int signerLength;
            long revocationVersion;
            if (!map.GetUnsigned(ManifestKeys.ManifestVersion, out manifestVersion) || manifestVersion != PackageFormat.ManifestVersion
                || !map.GetText(ManifestKeys.VendorId, out vendor)
                || !map.GetText(ManifestKeys.DeviceClassId, out deviceClass)
                || !map.GetText(ManifestKeys.Component, out component)
                || !map.GetUnsigned(ManifestKeys.SecurityCounter, out counter)
                || !map.GetBytes(ManifestKeys.PayloadDigest, out digestOffset, out digestLength) || digestLength != PackageFormat.DigestSize
                || !map.GetUnsigned(ManifestKeys.PayloadSize, out size) || size == 0 || size > int.MaxValue
                || !map.GetUnsigned(ManifestKeys.Created, out created)
                || !map.GetBytes(ManifestKeys.SignerKeyId, out signerOffset, out signerLength) || signerLength != PackageFormat.KeyIdSize
                || !map.GetUnsigned(ManifestKeys.RevocationListVersion, out revocationVersion))
            {
                return invalid;
            }

            CborReader version = map.ReaderAt(ManifestKeys.Version);
            int parts;
            long major;
            long minor;
            long patch;
            if (version == null || version.PeekType() != CborItemType.Array || !version.ReadArrayStart(out parts) || parts != 3
                || version.PeekType() != CborItemType.UnsignedInteger || !version.ReadInt64(out major) || major > int.MaxValue
                || version.PeekType() != CborItemType.UnsignedInteger || !version.ReadInt64(out minor) || minor > int.MaxValue
                || version.PeekType() != CborItemType.UnsignedInteger || !version.ReadInt64(out patch) || patch > int.MaxValue)
            {
                return invalid;
            }

            long expires = 0;
            bool hasExpiry = map.Has(ManifestKeys.Expires);
            if (hasExpiry && !map.GetUnsigned(ManifestKeys.Expires, out expires))
            {
                return invalid;
            }

            VendorId = vendor;
            DeviceClass = deviceClass;
            Component = component;
            Image.Major = (int)major;
            Image.Minor = (int)minor;
            Image.Patch = (int)patch;
            Image.SecurityCounter = counter;
            Image.Size = (int)size;
            System.Array.Copy(buffer, digestOffset, Image.Digest, 0, PackageFormat.DigestSize);
            Created = created;
            HasExpiry = hasExpiry;
            Expires = expires;
            SignerKeyIdOffset = signerOffset;
            RevocationListVersion = revocationVersion;
            return UpdateResult.Accepted;
        }
    }
}
