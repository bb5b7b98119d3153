using System.Collections.Generic;
using MedDeviceAgent.Companion.Pki;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>Everything an .mdpkg package carries, decoded for display (nothing here is verified).</summary>
    public sealed class PackageInspection
    {
        internal PackageInspection(PackageEnvelope envelope, Manifest? manifest, string? manifestError, InspectedStatement<Delegation>? delegation, InspectedStatement<RevocationList>? revocationList, IReadOnlyList<InspectedStatement<RootRotation>> rootRotations)
        {
            Envelope = envelope;
            Manifest = manifest;
            ManifestError = manifestError;
            Delegation = delegation;
            RevocationList = revocationList;
            RootRotations = rootRotations;
        }

        /// <summary>Framing and envelope.</summary>
        public PackageEnvelope Envelope { get; }

        /// <summary>The manifest, or null when it does not decode.</summary>
        public Manifest? Manifest { get; }

        /// <summary>Why the manifest does not decode, or null.</summary>
        public string? ManifestError { get; }

        /// <summary>The delegation, or null when absent.</summary>
        public InspectedStatement<Delegation>? Delegation { get; }

        /// <summary>The revocation list, or null when absent.</summary>
        public InspectedStatement<RevocationList>? RevocationList { get; }

        /// <summary>Root rotations, oldest first.</summary>
        public IReadOnlyList<InspectedStatement<RootRotation>> RootRotations { get; }

        /// <summary>Bytes after the envelope (the payload as present in the file).</summary>
        public long PayloadBytesPresent => Envelope.FileLength - Envelope.PayloadOffset;
    }
}
