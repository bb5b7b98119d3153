using System;
using System.Text;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// Everything the device must remember across resets about its identity, trust, images and
    /// pending update. Persisted by <see cref="Storage.StateStore"/> as one power-safe record.
    /// </summary>
    /// <remarks>
    /// RAM: about 1 KB, all allocated at construction; saving and loading reuse it (no allocation),
    /// which keeps per-block staging checkpoints allocation-free.
    /// </remarks>
    public sealed class DeviceState
    {
        /// <summary>Most revoked key ids the device stores.</summary>
        public const int MaxRevokedKeys = PackageFormat.MaxRevokedKeys;

        /// <summary>Longest identity string (vendor, class, device id) in UTF-8 bytes.</summary>
        public const int MaxIdentityBytes = 64;

        /// <summary>Creates an empty state.</summary>
        public DeviceState()
        {
            Active = new ImageInfo();
            Pending = new ImageInfo();
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

        /// <summary>The slot (0 or 1) holding the confirmed image.</summary>
        public int ActiveSlot { get; set; }

        /// <summary>The confirmed image.</summary>
        public ImageInfo Active { get; private set; }

        /// <summary>The confirmed security-counter floor: packages below it are rollbacks. Never lowered.</summary>
        public long SecurityFloor { get; set; }

        /// <summary>The current root of trust.</summary>
        public TrustAnchor Root { get; private set; }

        /// <summary>Version of the stored revocation list (0: none yet).</summary>
        public int RevocationVersion { get; set; }

        /// <summary>Number of revoked key ids stored.</summary>
        public int RevokedCount { get; set; }

        /// <summary>Revoked key ids, 16 bytes each, <see cref="RevokedCount"/> of them.</summary>
        public byte[] RevokedKeyIds { get; private set; }

        /// <summary>Where the pending update stands.</summary>
        public UpdatePhase Phase { get; set; }

        /// <summary>The slot the pending update is written to.</summary>
        public int PendingSlot { get; set; }

        /// <summary>The pending image.</summary>
        public ImageInfo Pending { get; private set; }

        /// <summary>Bytes of the pending payload durably staged (resume point) while <see cref="Phase"/> is Staging.</summary>
        public int StagedBytes { get; set; }

        /// <summary>
        /// The result of the last update attempt (an <see cref="UpdateResult"/> value). Rejections before
        /// staging are kept in RAM only (never written to flash); staging failures, reverts and
        /// confirmations are persisted.
        /// </summary>
        public int LastResult { get; set; }

        /// <summary>Number of boots recorded.</summary>
        public int BootCount { get; set; }

        /// <summary>Sets the identity strings.</summary>
        /// <exception cref="ArgumentException">A string is empty or longer than <see cref="MaxIdentityBytes"/> in UTF-8.</exception>
        public void SetIdentity(string vendorId, string deviceClass, string deviceId)
        {
            VendorIdBytes = IdentityBytes(vendorId, nameof(vendorId));
            DeviceClassBytes = IdentityBytes(deviceClass, nameof(deviceClass));
            DeviceIdBytes = IdentityBytes(deviceId, nameof(deviceId));
        }

        /// <summary>Sets identity bytes directly (used when loading).</summary>
        internal void SetIdentityBytes(byte[] vendorId, byte[] deviceClass, byte[] deviceId)
        {
            VendorIdBytes = vendorId;
            DeviceClassBytes = deviceClass;
            DeviceIdBytes = deviceId;
        }

        /// <summary>True when <paramref name="keyId"/> at <paramref name="offset"/> is in the stored revocation list.</summary>
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
        public void CopyFrom(DeviceState other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            VendorIdBytes = other.VendorIdBytes;
            DeviceClassBytes = other.DeviceClassBytes;
            DeviceIdBytes = other.DeviceIdBytes;
            ActiveSlot = other.ActiveSlot;
            Active.CopyFrom(other.Active);
            SecurityFloor = other.SecurityFloor;
            Root.CopyFrom(other.Root);
            RevocationVersion = other.RevocationVersion;
            RevokedCount = other.RevokedCount;
            Array.Copy(other.RevokedKeyIds, RevokedKeyIds, RevokedKeyIds.Length);
            Phase = other.Phase;
            PendingSlot = other.PendingSlot;
            Pending.CopyFrom(other.Pending);
            StagedBytes = other.StagedBytes;
            LastResult = other.LastResult;
            BootCount = other.BootCount;
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
