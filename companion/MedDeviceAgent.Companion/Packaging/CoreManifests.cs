using System;
using MedDeviceAgent.Protocol;
using CoreManifest = MedDeviceAgent.Firmware.Core.Update.Manifest;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>Turns a manifest the firmware core decoded into the companion's <see cref="Manifest"/> value, field for field.</summary>
    internal static class CoreManifests
    {
        /// <summary>
        /// The companion value of <paramref name="decoded"/>, a manifest the core parsed from
        /// <paramref name="buffer"/> (its signer key id is a slice of that buffer).
        /// </summary>
        public static Manifest ToManifest(CoreManifest decoded, byte[] buffer)
        {
            ArgumentNullException.ThrowIfNull(decoded);
            ArgumentNullException.ThrowIfNull(buffer);
            byte[] signer = new byte[PackageFormat.KeyIdSize];
            Array.Copy(buffer, decoded.SignerKeyIdOffset, signer, 0, signer.Length);
            return new Manifest
            {
                VendorId = decoded.VendorId,
                DeviceClassId = decoded.DeviceClass,
                Component = decoded.Component,
                Version = new SemanticVersion(decoded.Image.Major, decoded.Image.Minor, decoded.Image.Patch),
                SecurityCounter = decoded.Image.SecurityCounter,
                PayloadDigest = (byte[])decoded.Image.Digest.Clone(),
                PayloadSize = decoded.Image.Size,
                Created = decoded.Created,
                Expires = decoded.HasExpiry ? decoded.Expires : -1,
                SignerKeyId = signer,
                RevocationListVersion = decoded.RevocationListVersion,
            };
        }
    }
}
