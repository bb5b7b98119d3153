using System.Collections.Generic;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>Everything an .mdpkg package carries, decoded for display by the firmware core's parsers (nothing here is verified).</summary>
    public sealed class PackageInspection
    {
        /// <summary>Length of the whole file.</summary>
        public long FileLength { get; internal set; }

        /// <summary>Format version byte of the header.</summary>
        public int FormatVersion { get; internal set; }

        /// <summary>Envelope length N from the header.</summary>
        public int EnvelopeLength { get; internal set; }

        /// <summary>Offset of the payload: 8 + N.</summary>
        public long PayloadOffset => PackageFormat.HeaderSize + EnvelopeLength;

        /// <summary>Bytes after the envelope (the payload as present in the file).</summary>
        public long PayloadBytesPresent => FileLength - PayloadOffset;

        /// <summary>The envelope's protected algorithm.</summary>
        public CoseAlgorithm EnvelopeAlgorithm { get; internal set; }

        /// <summary>The envelope's kid (the claimed update-signer).</summary>
        public byte[] EnvelopeKeyId { get; internal set; } = System.Array.Empty<byte>();

        /// <summary>The envelope's 64-byte signature.</summary>
        public byte[] Signature { get; internal set; } = System.Array.Empty<byte>();

        /// <summary>The manifest as the core decodes it, or null when it does not decode.</summary>
        public Manifest? Manifest { get; internal set; }

        /// <summary>Why the manifest does not decode (the core's verdict), or null.</summary>
        public string? ManifestError { get; internal set; }

        /// <summary>The delegation, or null when absent.</summary>
        public InspectedDelegation? Delegation { get; internal set; }

        /// <summary>The revocation list, or null when absent.</summary>
        public InspectedRevocationList? RevocationList { get; internal set; }

        /// <summary>Root rotations, in envelope order (oldest first).</summary>
        public IReadOnlyList<InspectedRootRotation> RootRotations { get; internal set; } = System.Array.Empty<InspectedRootRotation>();
    }
}
