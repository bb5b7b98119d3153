using System;
using System.Text;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>
    /// What the device trusts and who it is: its identity (vendor, device class, device id), its
    /// current root of trust and the newest revocation list it has stored. Part of the persisted
    /// device state; the trust layer reads it and the update engine adopts the rotations and
    /// revocation lists a verified package carries.
    /// </summary>
    /// <remarks>
    /// RAM: about 800 bytes, all allocated at construction (the revoked ids take 512 of them);
    /// loading and saving reuse it.
    /// </remarks>
    public sealed class TrustState
    {
        /// <summary>Most revoked key ids the device stores.</summary>
        public const int MaxRevokedKeys = PackageFormat.MaxRevokedKeys;

        /// <summary>Longest identity string (vendor, class, device id) in UTF-8 bytes.</summary>
        public const int MaxIdentityBytes = 64;

        /// <summary>Creates an empty state: no identity, an empty root (trusts nothing), no revocation list.</summary>
        public TrustState()
        {
            Root = new TrustAnchor();
            RevokedKeyIds = new byte[MaxRevokedKeys * PackageFormat.KeyIdSize];
            VendorIdBytes = new byte[0];
            DeviceClassBytes = new byte[0];
            DeviceIdBytes = new byte[0];
        }

        /// <summary>Vendor id as UTF-8.</summary>
        public byte[] VendorIdBytes { get; private set; }

        /// <summary>Device class id as UTF-8.</summary>
        public byte[] DeviceClassBytes { get; private set; }

        /// <summary>Device id as UTF-8.</summary>
        public byte[] DeviceIdBytes { get; private set; }

        /// <summary>Vendor id.</summary>
        public string VendorId
        {
            get { return Encoding.UTF8.GetString(VendorIdBytes, 0, VendorIdBytes.Length); }
        }

        /// <summary>Device class id.</summary>
        public string DeviceClass
        {
            get { return Encoding.UTF8.GetString(DeviceClassBytes, 0, DeviceClassBytes.Length); }
        }

        /// <summary>Device id.</summary>
        public string DeviceId
        {
            get { return Encoding.UTF8.GetString(DeviceIdBytes, 0, DeviceIdBytes.Length); }
        }

        /// <summary>The current root of trust.</summary>
        public TrustAnchor Root { get; private set; }

        /// <summary>Version of the stored revocation list (0: none yet).</summary>
        public int RevocationVersion { get; set; }

        /// <summary>Number of revoked key ids stored.</summary>
        public int RevokedCount { get; set; }

        /// <summary>Revoked key ids, 16 bytes each, <see cref="RevokedCount"/> of them.</summary>
        public byte[] RevokedKeyIds { get; private set; }

        /// <summary>Sets the identity strings.</summary>
        /// <exception cref="ArgumentException">A string is empty or longer than <see cref="MaxIdentityBytes"/> in UTF-8.</exception>
        public void SetIdentity(string vendorId, string deviceClass, string deviceId)
        {
            VendorIdBytes = IdentityBytes(vendorId, nameof(vendorId));
            DeviceClassBytes = IdentityBytes(deviceClass, nameof(deviceClass));
            DeviceIdBytes = IdentityBytes(deviceId, nameof(deviceId));
        }

        /// <summary>Sets identity bytes directly (used when loading; the arrays are kept, not copied).</summary>
        internal void SetIdentityBytes(byte[] vendorId, byte[] deviceClass, byte[] deviceId)
        {
            VendorIdBytes = vendorId;
            DeviceClassBytes = deviceClass;
            DeviceIdBytes = deviceId;
        }

        /// <summary>True when <paramref name="keyId"/> at <paramref name="offset"/> is in the stored revocation list.</summary>
        /// <remarks>Compares every stored id in constant time per id (no early exit).</remarks>
        public bool IsRevoked(byte[] keyId, int offset)
        {
            bool revoked = false;
            for (int i = 0; i < RevokedCount; i++)
            {
                if (KeyIds.AreEqual(RevokedKeyIds, i * PackageFormat.KeyIdSize, keyId, offset))
                {
                    revoked = true;
                }
            }

            return revoked;
        }

        /// <summary>Copies every field of <paramref name="other"/> into this instance.</summary>
        public void CopyFrom(TrustState other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            VendorIdBytes = other.VendorIdBytes;
            DeviceClassBytes = other.DeviceClassBytes;
            DeviceIdBytes = other.DeviceIdBytes;
            Root.CopyFrom(other.Root);
            RevocationVersion = other.RevocationVersion;
            RevokedCount = other.RevokedCount;
            Array.Copy(other.RevokedKeyIds, RevokedKeyIds, RevokedKeyIds.Length);
        }

        private static byte[] IdentityBytes(string value, string name)
        {
            if (value == null || value.Length == 0)
            {
                throw new ArgumentException("Identity strings must not be empty", name);
            }

            byte[] bytes = Encoding.UTF8.GetBytes(value);
            if (bytes.Length > MaxIdentityBytes)
            {
                throw new ArgumentException("Identity strings are at most 64 UTF-8 bytes", name);
            }

            return bytes;
        }
    }
}
