namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// Framing of an <c>.mdpkg</c> update package: a fixed 8-byte header, the signed manifest
    /// (a COSE_Sign1 envelope, CBOR tag 18) and the payload, in that order, with nothing after.
    /// </summary>
    /// <remarks>
    /// Layout: bytes 0-3 magic "MDPK"; byte 4 format version (1); byte 5 reserved (0);
    /// bytes 6-7 envelope length, big-endian; then the envelope; then exactly the payload size the
    /// manifest declares. The header is not signed: it only frames, and every value in it is
    /// bounds-checked before use. See docs/package-format.md for a byte-level example.
    /// </remarks>
    public static class PackageFormat
    {
        /// <summary>Size of the fixed header in bytes.</summary>
        public const int HeaderSize = 8;

        /// <summary>First magic byte ('M').</summary>
        public const byte Magic0 = 0x4D;

        /// <summary>Second magic byte ('D').</summary>
        public const byte Magic1 = 0x44;

        /// <summary>Third magic byte ('P').</summary>
        public const byte Magic2 = 0x50;

        /// <summary>Fourth magic byte ('K').</summary>
        public const byte Magic3 = 0x4B;

        /// <summary>The only format version this build reads and writes.</summary>
        public const byte FormatVersion = 1;

        /// <summary>Largest envelope (manifest with its signature and unprotected metadata) a device accepts.</summary>
        /// <remarks>The device buffers the envelope whole: this bounds that buffer (RAM) at 8 KiB.</remarks>
        public const int MaxEnvelopeSize = 8192;

        /// <summary>Manifest schema version carried in <see cref="ManifestKeys.ManifestVersion"/>.</summary>
        public const int ManifestVersion = 1;

        /// <summary>Length of a key id in bytes: the first 16 bytes of SHA-256 over the raw public key.</summary>
        public const int KeyIdSize = 16;

        /// <summary>Length of the payload digest (SHA-256) in bytes.</summary>
        public const int DigestSize = 32;

        /// <summary>Most key ids one revocation list may name; a device stores them all (16 bytes each).</summary>
        /// <remarks>RAM and flash: 512 bytes in the device state record. Companion and device both enforce it.</remarks>
        public const int MaxRevokedKeys = 32;

        /// <summary>The COSE_Sign1 CBOR tag number.</summary>
        public const int CoseSign1Tag = 18;

        /// <summary>Context string of the COSE Sig_structure for COSE_Sign1.</summary>
        public const string CoseSign1Context = "Signature1";
    }
}
