using System;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>
    /// The stored form of a <see cref="TrustState"/>, in three groups every state record format
    /// shares: identity, root, revocation list. Reading checks every value against its allowed set
    /// on its full stored width before any cast, and fails the reader otherwise: a record that
    /// passes its checksum but holds an unknown algorithm, an oversized list or a bad identity is
    /// treated as damaged, never trusted.
    /// </summary>
    /// <remarks>
    /// Identity: three times a length byte (1..64) and UTF-8. Root: sequence (int32), algorithm
    /// (int32), key length (1 byte), key area of <see cref="TrustAnchor.MaxKeySize"/> bytes. Revocation:
    /// version (int32), count (1 byte, at most <see cref="TrustState.MaxRevokedKeys"/>), 16 bytes per
    /// id. Writing allocates nothing; reading allocates the three identity arrays.
    /// </remarks>
    public static class TrustStateCodec
    {
        /// <summary>Writes identity, root and revocation list.</summary>
        public static void Write(RecordWriter writer, TrustState state)
        {
            WriteIdentity(writer, state);
            WriteRoot(writer, state.Root);
            WriteRevocation(writer, state);
        }

        /// <summary>Reads identity, root and revocation list; the reader fails on any invalid value.</summary>
        public static void Read(RecordReader reader, TrustState state)
        {
            ReadIdentity(reader, state);
            ReadRoot(reader, state.Root);
            ReadRevocation(reader, state);
        }

        /// <summary>Writes vendor, device class and device id.</summary>
        public static void WriteIdentity(RecordWriter writer, TrustState state)
        {
            WriteString(writer, state.VendorIdBytes);
            WriteString(writer, state.DeviceClassBytes);
            WriteString(writer, state.DeviceIdBytes);
        }

        /// <summary>Reads vendor, device class and device id (each 1..64 bytes).</summary>
        public static void ReadIdentity(RecordReader reader, TrustState state)
        {
            byte[] vendor = ReadString(reader);
            byte[] deviceClass = ReadString(reader);
            byte[] deviceId = ReadString(reader);
            if (reader.Ok)
            {
                state.SetIdentityBytes(vendor, deviceClass, deviceId);
            }
        }

        /// <summary>Writes the root: sequence, algorithm, key length and the whole key area.</summary>
        public static void WriteRoot(RecordWriter writer, TrustAnchor root)
        {
            writer.WriteInt32(root.Sequence);
            writer.WriteInt32((int)root.Algorithm);
            writer.WriteByte(root.KeyLength);
            writer.WriteBytes(root.Key, 0, TrustAnchor.MaxKeySize);
        }

        /// <summary>
        /// Reads the root: either empty (algorithm 0, key length 0: trusts nothing) or a supported
        /// algorithm with its exact key length and a sequence of at least 1.
        /// </summary>
        public static void ReadRoot(RecordReader reader, TrustAnchor root)
        {
            int sequence = reader.ReadInt32();
            int algorithmValue = reader.ReadInt32();
            int keyLength = reader.ReadByte();
            int keyOffset = reader.Position;
            reader.Skip(TrustAnchor.MaxKeySize);
            if (!reader.Ok)
            {
                return;
            }

            CoseAlgorithm algorithm;
            if (keyLength == 0 && algorithmValue == 0)
            {
                root.Clear();
            }
            else if (sequence >= 1 && KeyIds.TryGetAlgorithm(algorithmValue, out algorithm) && keyLength == KeyIds.RawKeyLength(algorithm))
            {
                root.Set(sequence, algorithm, reader.Buffer, keyOffset, keyLength);
            }
            else
            {
                reader.Fail();
            }
        }

        /// <summary>Writes the stored revocation list: version, count, ids.</summary>
        public static void WriteRevocation(RecordWriter writer, TrustState state)
        {
            writer.WriteInt32(state.RevocationVersion);
            writer.WriteByte(state.RevokedCount);
            writer.WriteBytes(state.RevokedKeyIds, 0, state.RevokedCount * PackageFormat.KeyIdSize);
        }

        /// <summary>Reads the stored revocation list (version 0 or more, at most <see cref="TrustState.MaxRevokedKeys"/> ids).</summary>
        public static void ReadRevocation(RecordReader reader, TrustState state)
        {
            int version = reader.ReadInt32();
            int count = reader.ReadByte();
            if (version < 0 || count > TrustState.MaxRevokedKeys)
            {
                reader.Fail();
                return;
            }

            reader.ReadInto(state.RevokedKeyIds, 0, count * PackageFormat.KeyIdSize);
            if (!reader.Ok)
            {
                return;
            }

            Array.Clear(state.RevokedKeyIds, count * PackageFormat.KeyIdSize, state.RevokedKeyIds.Length - (count * PackageFormat.KeyIdSize));
            state.RevocationVersion = version;
            state.RevokedCount = count;
        }

        private static void WriteString(RecordWriter writer, byte[] value)
        {
            writer.WriteByte(value.Length);
            writer.WriteBytes(value, 0, value.Length);
        }

        private static byte[] ReadString(RecordReader reader)
        {
            int length = reader.ReadByte();
            if (length < 1 || length > TrustState.MaxIdentityBytes)
            {
                reader.Fail();
            }

            return reader.ReadBytes(length);
        }
    }
}
