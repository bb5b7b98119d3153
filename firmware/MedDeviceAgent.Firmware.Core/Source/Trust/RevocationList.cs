using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>A parsed, root-authenticated revocation list.</summary>
    /// <remarks>RAM: one int per storable key id (<see cref="TrustState.MaxRevokedKeys"/>); the ids stay in the caller's buffer.</remarks>
    public sealed class RevocationList
    {
        private readonly int[] _idOffsets = new int[TrustState.MaxRevokedKeys];

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
        /// Returns Trusted or InvalidRevocationList (also when it names more than
        /// <see cref="TrustState.MaxRevokedKeys"/> keys).
        /// </summary>
        public TrustVerdict ParseAndVerify(byte[] buffer, int offset, int count, TrustAnchor root)
        {
            TrustVerdict result = TrustVerdict.InvalidRevocationList;
            IntKeyMap map = new IntKeyMap(RevocationListKeys.IssuerKeyId);
            if (!RootSignedStatement.Open(buffer, offset, count, root, Statement, map))
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
            if (reader == null || reader.PeekType() != CborItemType.Array || !reader.ReadArrayStart(out ids) || ids > TrustState.MaxRevokedKeys)
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
            result = TrustVerdict.Trusted;
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

        /// <summary>Stores this list into <paramref name="state"/> (version and ids), replacing the stored one.</summary>
        public void CopyTo(TrustState state)
        {
            if (state == null)
            {
                throw new System.ArgumentNullException(nameof(state));
            }

            state.RevocationVersion = Version;
            state.RevokedCount = Count;
            for (int i = 0; i < Count; i++)
            {
                System.Array.Copy(Buffer, _idOffsets[i], state.RevokedKeyIds, i * PackageFormat.KeyIdSize, PackageFormat.KeyIdSize);
            }
        }
    }
}
