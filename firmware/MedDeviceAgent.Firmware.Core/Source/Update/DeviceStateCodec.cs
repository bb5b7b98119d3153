using System;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>
    /// The body of the device's <see cref="StateStore"/> record: encodes and decodes one
    /// <see cref="DeviceState"/> (trust state and update state).
    /// </summary>
    /// <remarks>
    /// Format 1 body, little-endian: vendor, class, device id (each a length byte and UTF-8),
    /// active slot (1), active image (56), floor (int64), root sequence (int32), root algorithm
    /// (int32), root key length (1), root key (65), revocation version (int32), revoked count (1),
    /// revoked ids (16 each), phase (1), pending slot (1), pending image (56), staged bytes, last
    /// result, boot count (int32 each). An image: major, minor, patch (int32), security counter
    /// (int64), size (int32), SHA-256 (32). Encoding allocates nothing.
    /// </remarks>
    public sealed class DeviceStateCodec : IStateCodec
    {
        private const int ImageInfoSize = 56;

        private readonly DeviceState _state;

        /// <summary>Creates the codec of <paramref name="state"/>: saving encodes it, loading fills it.</summary>
        public DeviceStateCodec(DeviceState state)
        {
            if (state == null)
            {
                throw new ArgumentNullException(nameof(state));
            }

            _state = state;
        }

        /// <inheritdoc />
        public int Format
        {
            get { return 1; }
        }

        /// <inheritdoc />
        public int Encode(byte[] buffer, int offset, int capacity)
        {
            TrustState t = _state.Trust;
            UpdateState u = _state.Update;
            int p = offset;
            p = PutBytes(buffer, t.VendorIdBytes, p);
            p = PutBytes(buffer, t.DeviceClassBytes, p);
            p = PutBytes(buffer, t.DeviceIdBytes, p);
            buffer[p++] = (byte)u.ActiveSlot;
            p = PutImage(buffer, u.Active, p);
            LittleEndian.WriteInt64(buffer, p, u.SecurityFloor);
            p += 8;
            LittleEndian.WriteInt32(buffer, p, t.Root.Sequence);
            LittleEndian.WriteInt32(buffer, p + 4, (int)t.Root.Algorithm);
            buffer[p + 8] = (byte)t.Root.KeyLength;
            Array.Copy(t.Root.Key, 0, buffer, p + 9, TrustAnchor.MaxKeySize);
            p += 9 + TrustAnchor.MaxKeySize;
            LittleEndian.WriteInt32(buffer, p, t.RevocationVersion);
            buffer[p + 4] = (byte)t.RevokedCount;
            p += 5;
            int idBytes = t.RevokedCount * PackageFormat.KeyIdSize;
            Array.Copy(t.RevokedKeyIds, 0, buffer, p, idBytes);
            p += idBytes;
            buffer[p++] = (byte)u.Phase;
            buffer[p++] = (byte)u.PendingSlot;
            p = PutImage(buffer, u.Pending, p);
            LittleEndian.WriteInt32(buffer, p, u.StagedBytes);
            LittleEndian.WriteInt32(buffer, p + 4, u.LastResult);
            LittleEndian.WriteInt32(buffer, p + 8, u.BootCount);
            p += 12;
            return p - offset;
        }

        /// <inheritdoc />
        public bool Decode(int format, byte[] buffer, int offset, int length)
        {
            if (format != 1)
            {
                return false;
            }

            TrustState t = _state.Trust;
            UpdateState u = _state.Update;
            int p = offset;
            byte[] vendor = GetBytes(buffer, ref p);
            byte[] deviceClass = GetBytes(buffer, ref p);
            byte[] deviceId = GetBytes(buffer, ref p);
            t.SetIdentityBytes(vendor, deviceClass, deviceId);
            u.ActiveSlot = buffer[p++];
            p = GetImage(buffer, u.Active, p);
            u.SecurityFloor = LittleEndian.ReadInt64(buffer, p);
            p += 8;
            int rootSequence = LittleEndian.ReadInt32(buffer, p);
            CoseAlgorithm algorithm = (CoseAlgorithm)LittleEndian.ReadInt32(buffer, p + 4);
            int keyLength = buffer[p + 8];
            if (keyLength > 0)
            {
                t.Root.Set(rootSequence, algorithm, buffer, p + 9, keyLength);
            }
            else
            {
                t.Root.Clear();
            }

            p += 9 + TrustAnchor.MaxKeySize;
            t.RevocationVersion = LittleEndian.ReadInt32(buffer, p);
            int count = buffer[p + 4];
            p += 5;
            t.RevokedCount = count > TrustState.MaxRevokedKeys ? TrustState.MaxRevokedKeys : count;
            Array.Copy(buffer, p, t.RevokedKeyIds, 0, t.RevokedCount * PackageFormat.KeyIdSize);
            p += count * PackageFormat.KeyIdSize;
            u.Phase = (UpdatePhase)buffer[p++];
            u.PendingSlot = buffer[p++];
            p = GetImage(buffer, u.Pending, p);
            u.StagedBytes = LittleEndian.ReadInt32(buffer, p);
            u.LastResult = LittleEndian.ReadInt32(buffer, p + 4);
            u.BootCount = LittleEndian.ReadInt32(buffer, p + 8);
            return true;
        }

        private static int PutBytes(byte[] buffer, byte[] value, int p)
        {
            buffer[p] = (byte)value.Length;
            Array.Copy(value, 0, buffer, p + 1, value.Length);
            return p + 1 + value.Length;
        }

        private static byte[] GetBytes(byte[] buffer, ref int p)
        {
            int length = buffer[p];
            byte[] value = new byte[length];
            Array.Copy(buffer, p + 1, value, 0, length);
            p += 1 + length;
            return value;
        }

        private static int PutImage(byte[] buffer, ImageInfo image, int p)
        {
            LittleEndian.WriteInt32(buffer, p, image.Major);
            LittleEndian.WriteInt32(buffer, p + 4, image.Minor);
            LittleEndian.WriteInt32(buffer, p + 8, image.Patch);
            LittleEndian.WriteInt64(buffer, p + 12, image.SecurityCounter);
            LittleEndian.WriteInt32(buffer, p + 20, image.Size);
            Array.Copy(image.Digest, 0, buffer, p + 24, Sha256.HashSize);
            return p + ImageInfoSize;
        }

        private static int GetImage(byte[] buffer, ImageInfo image, int p)
        {
            image.Major = LittleEndian.ReadInt32(buffer, p);
            image.Minor = LittleEndian.ReadInt32(buffer, p + 4);
            image.Patch = LittleEndian.ReadInt32(buffer, p + 8);
            image.SecurityCounter = LittleEndian.ReadInt64(buffer, p + 12);
            image.Size = LittleEndian.ReadInt32(buffer, p + 20);
            Array.Copy(buffer, p + 24, image.Digest, 0, Sha256.HashSize);
            return p + ImageInfoSize;
        }
    }
}
