using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>A parsed, root-authenticated revocation list.</summary>
    public sealed class RevocationList
    {
        private readonly int[] _idOffsets = new int[DeviceState.MaxRevokedKeys];

        /// <summary>The signed statement.</summary>
        public CoseSign1 Statement { get; } = new CoseSign1();

        /// <summary>The list's version.</summary>
        public int Version { get; private set; }

        /// <summary>Number of revoked key ids.</summary>
        public int Count { get; private set; }

        /// <summary>The buffer holding the key ids.</summary>
        public byte[] Buffer { get; private set; }

        /// <summary>Offset of revoked key id <paramref name="index"/> in <see cref="Buffer"/>.</summary>
        public int KeyIdOffset(int index)
        {
            return _idOffsets[index];
        }

        /// <summary>
        /// Parses and authenticates the list at <paramref name="offset"/> against <paramref name="root"/>.
        /// Returns Accepted or InvalidRevocationList (also when it names more than
        /// <see cref="DeviceState.MaxRevokedKeys"/> keys).
        /// </summary>
        public UpdateResult ParseAndVerify(byte[] buffer, int offset, int count, TrustAnchor root)
        {
            UpdateResult result = UpdateResult.InvalidRevocationList;
            if (Statement.Parse(buffer, offset, count, true) != UpdateResult.Accepted
                || !KeyIds.AreEqual(buffer, Statement.KeyIdOffset, root.KeyId, 0)
                || !Statement.VerifySignature(root.Algorithm, root.Key, 0, root.KeyLength))
            {
                return result;
            }

            IntKeyMap map = new IntKeyMap(RevocationListKeys.IssuerKeyId);
            if (map.Parse(buffer, Statement.PayloadOffset, Statement.PayloadLength, result) != UpdateResult.Accepted)
            {
                return result;
            }

            long version;
            long issued;
            int issuerOffset;
            int issuerLength;
            if (!map.GetUnsigned(RevocationListKeys.Version, out version) || version < 1 || version > int.MaxValue
                || !map.GetUnsigned(RevocationListKeys.Issued, out issued)
                || !map.GetBytes(RevocationListKeys.IssuerKeyId, out issuerOffset, out issuerLength) || issuerLength != PackageFormat.KeyIdSize
                || !KeyIds.AreEqual(buffer, issuerOffset, root.KeyId, 0))
            {
                return result;
            }

            CborReader reader = map.ReaderAt(RevocationListKeys.RevokedKeyIds);
            int ids;
            if (reader == null || reader.PeekType() != CborItemType.Array || !reader.ReadArrayStart(out ids) || ids > DeviceState.MaxRevokedKeys)
            {
                return result;
            }

            for (int i = 0; i < ids; i++)
            {
                int idOffset;
                int idLength;
                if (reader.PeekType() != CborItemType.ByteString || !reader.ReadByteString(out idOffset, out idLength) || idLength != PackageFormat.KeyIdSize)
                {
                    return result;
                }

                _idOffsets[i] = idOffset;
            }

            Buffer = buffer;
            Version = (int)version;
            Count = ids;
            result = UpdateResult.Accepted;
            return result;
        }

        /// <summary>True when the 16-byte key id at <paramref name="offset"/> is on this list.</summary>
        public bool Contains(byte[] keyId, int offset)
        {
            bool found = false;
            for (int i = 0; i < Count; i++)
            {
                if (KeyIds.AreEqual(Buffer, _idOffsets[i], keyId, offset))
                {
                    found = true;
                }
            }

            return found;
        }

        /// <summary>Stores this list into <paramref name="state"/> (version and ids).</summary>
        public void CopyTo(DeviceState state)
        {
            state.RevocationVersion = Version;
            state.RevokedCount = Count;
            for (int i = 0; i < Count; i++)
            {
                System.Array.Copy(Buffer, _idOffsets[i], state.RevokedKeyIds, i * PackageFormat.KeyIdSize, PackageFormat.KeyIdSize);
            }
        }
    }
}
