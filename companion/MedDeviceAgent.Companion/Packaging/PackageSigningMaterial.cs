using System;
using System.Collections.Generic;
using MedDeviceAgent.Companion.Pki;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// What signing a package needs from the PKI: the unlocked update-signer key and the public
    /// statements that let a device chain it to its trust anchor.
    /// </summary>
    public sealed class PackageSigningMaterial
    {
        /// <summary>Creates the material.</summary>
        public PackageSigningMaterial(string vendorId, SigningKey signer, byte[] delegation, byte[] revocationList, long revocationListVersion, IReadOnlyList<byte[]> rootRotations)
        {
            VendorId = vendorId ?? throw new ArgumentNullException(nameof(vendorId));
            Signer = signer ?? throw new ArgumentNullException(nameof(signer));
            Delegation = delegation ?? throw new ArgumentNullException(nameof(delegation));
            RevocationList = revocationList ?? throw new ArgumentNullException(nameof(revocationList));
            RevocationListVersion = revocationListVersion;
            RootRotations = rootRotations ?? throw new ArgumentNullException(nameof(rootRotations));
        }

        /// <summary>Vendor id written into the manifest.</summary>
        public string VendorId { get; }

        /// <summary>The update-signer key.</summary>
        public SigningKey Signer { get; }

        /// <summary>The root-signed delegation statement of <see cref="Signer"/>.</summary>
        public byte[] Delegation { get; }

        /// <summary>The current root-signed revocation list statement.</summary>
        public byte[] RevocationList { get; }

        /// <summary>Version of <see cref="RevocationList"/> (written into manifest key 12).</summary>
        public long RevocationListVersion { get; }

        /// <summary>Root rotation statements, oldest first (empty before the first rotation).</summary>
        public IReadOnlyList<byte[]> RootRotations { get; }
    }
}
