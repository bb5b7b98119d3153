namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// Integer keys of the manifest map (the COSE_Sign1 payload of an update package), after the
    /// information model of RFC 9124 (SUIT). Encoded as deterministic CBOR: keys in ascending order.
    /// </summary>
    public static class ManifestKeys
    {
        /// <summary>uint: manifest schema version, <see cref="PackageFormat.ManifestVersion"/>.</summary>
        public const int ManifestVersion = 1;

        /// <summary>tstr: vendor id; must equal the device's vendor id.</summary>
        public const int VendorId = 2;

        /// <summary>tstr: device class id; must equal the device's class id.</summary>
        public const int DeviceClassId = 3;

        /// <summary>tstr: component name, e.g. "app".</summary>
        public const int Component = 4;

        /// <summary>array of three uints: semantic version [major, minor, patch].</summary>
        public const int Version = 5;

        /// <summary>uint: monotonic security counter, independent of the version (anti-rollback).</summary>
        public const int SecurityCounter = 6;

        /// <summary>bstr (32): SHA-256 of the payload.</summary>
        public const int PayloadDigest = 7;

        /// <summary>uint: exact payload size in bytes.</summary>
        public const int PayloadSize = 8;

        /// <summary>uint: creation time, seconds since the Unix epoch (UTC).</summary>
        public const int Created = 9;

        /// <summary>uint, optional: expiry time, seconds since the Unix epoch (UTC). The end-of-support release carries none.</summary>
        public const int Expires = 10;

        /// <summary>bstr (16): key id of the update-signer key; must equal the COSE kid.</summary>
        public const int SignerKeyId = 11;

        /// <summary>uint: the revocation list version this package was signed under; the device needs at least this version.</summary>
        public const int RevocationListVersion = 12;
    }
}
