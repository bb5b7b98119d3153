using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Protocol;
using CoreCose = MedDeviceAgent.Firmware.Core.Cose.CoseSign1;
using CoreIntKeyMap = MedDeviceAgent.Firmware.Core.Cose.IntKeyMap;
using CoreMapping = MedDeviceAgent.Firmware.Core.Update.UpdateResultMapping;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// Reads the fields of a carried statement for display, with the firmware core's COSE_Sign1
    /// parser and integer-keyed map: every field as written (integers as the core reads them, 64-bit), null when
    /// absent or of the wrong type. Checks nothing a verifier checks (signatures, key ids, roles,
    /// ranges): the core's verifier does, and a differential test holds the two together.
    /// </summary>
    internal sealed class StatementFieldReader
    {
        private readonly CoreIntKeyMap map;
        private readonly byte[] buffer;
        private readonly List<string> missing = new List<string>();

        private StatementFieldReader(CoreIntKeyMap map, byte[] buffer)
        {
            this.map = map;
            this.buffer = buffer;
        }

        /// <summary>The delegation statement at <paramref name="offset"/> of <paramref name="buffer"/>.</summary>
        public static InspectedDelegation Delegation(byte[] buffer, int offset, int count)
        {
            InspectedDelegation statement = new InspectedDelegation(count);
            StatementFieldReader? fields = Open(statement, buffer, offset, count, DelegationKeys.IssuerKeyId, "delegation");
            if (fields != null)
            {
                statement.KeyId = fields.Bytes(DelegationKeys.KeyId, "key id");
                statement.KeyAlgorithm = fields.Integer(DelegationKeys.Algorithm, "algorithm");
                statement.PublicKey = fields.Bytes(DelegationKeys.PublicKey, "public key");
                statement.Role = fields.Unsigned(DelegationKeys.Role, "role");
                statement.NotBefore = fields.Unsigned(DelegationKeys.NotBefore, "not before");
                statement.NotAfter = fields.Unsigned(DelegationKeys.NotAfter, "not after");
                statement.IssuerKeyId = fields.Bytes(DelegationKeys.IssuerKeyId, "issuer key id");
                statement.MissingFields = fields.missing;
            }

            return statement;
        }

        /// <summary>The revocation list statement at <paramref name="offset"/> of <paramref name="buffer"/>.</summary>
        public static InspectedRevocationList RevocationList(byte[] buffer, int offset, int count)
        {
            InspectedRevocationList statement = new InspectedRevocationList(count);
            StatementFieldReader? fields = Open(statement, buffer, offset, count, RevocationListKeys.IssuerKeyId, "revocation list");
            if (fields != null)
            {
                statement.Version = fields.Unsigned(RevocationListKeys.Version, "version");
                statement.RevokedKeyIds = fields.BytesArray(RevocationListKeys.RevokedKeyIds, "revoked key ids");
                statement.Issued = fields.Unsigned(RevocationListKeys.Issued, "issued");
                statement.IssuerKeyId = fields.Bytes(RevocationListKeys.IssuerKeyId, "issuer key id");
                statement.MissingFields = fields.missing;
            }

            return statement;
        }

        /// <summary>The root rotation statement at <paramref name="offset"/> of <paramref name="buffer"/>.</summary>
        public static InspectedRootRotation RootRotation(byte[] buffer, int offset, int count)
        {
            InspectedRootRotation statement = new InspectedRootRotation(count);
            StatementFieldReader? fields = Open(statement, buffer, offset, count, RootRotationKeys.IssuerKeyId, "root rotation");
            if (fields != null)
            {
                statement.Sequence = fields.Unsigned(RootRotationKeys.Sequence, "sequence");
                statement.KeyId = fields.Bytes(RootRotationKeys.KeyId, "key id");
                statement.KeyAlgorithm = fields.Integer(RootRotationKeys.Algorithm, "algorithm");
                statement.PublicKey = fields.Bytes(RootRotationKeys.PublicKey, "public key");
                statement.IssuerKeyId = fields.Bytes(RootRotationKeys.IssuerKeyId, "issuer key id");
                statement.MissingFields = fields.missing;
            }

            return statement;
        }

        /// <summary>Parses the statement's COSE_Sign1 layer and its payload map; null (with the statement's error set) when either does not decode.</summary>
        private static StatementFieldReader? Open(InspectedStatement statement, byte[] buffer, int offset, int count, int maxKey, string what)
        {
            CoreCose cose = new CoreCose();
            UpdateResult parsed = CoreMapping.FromCose(cose.Parse(buffer, offset, count, true), UpdateResult.InvalidCose);
            if (parsed != UpdateResult.Accepted)
            {
                statement.Error = "not a COSE_Sign1 statement (" + parsed + ")";
                return null;
            }

            statement.SignerKeyId = Slice(buffer, cose.KeyIdOffset, PackageFormat.KeyIdSize);
            statement.Algorithm = cose.Algorithm;
            CoreIntKeyMap map = new CoreIntKeyMap(maxKey);
            UpdateResult payload = CoreMapping.FromCose(map.Parse(buffer, cose.PayloadOffset, cose.PayloadLength), UpdateResult.InvalidManifest);
            if (payload != UpdateResult.Accepted)
            {
                statement.Error = "the payload is not a " + what + " map of keys 1.." + maxKey + (payload == UpdateResult.MalformedCbor ? " (not well-formed deterministic CBOR)" : string.Empty);
                return null;
            }

            return new StatementFieldReader(map, buffer);
        }

        private static byte[] Slice(byte[] buffer, int offset, int count)
        {
            byte[] copy = new byte[count];
            Array.Copy(buffer, offset, copy, 0, count);
            return copy;
        }

        private byte[]? Bytes(int key, string name)
        {
            if (map.GetBytes(key, out int offset, out int length))
            {
                return Slice(buffer, offset, length);
            }

            missing.Add(name);
            return null;
        }

        private long? Unsigned(int key, string name)
        {
            if (map.GetUnsigned(key, out long value))
            {
                return value;
            }

            missing.Add(name);
            return null;
        }

        private long? Integer(int key, string name)
        {
            if (map.GetInteger(key, out long value))
            {
                return value;
            }

            missing.Add(name);
            return null;
        }

        private List<byte[]>? BytesArray(int key, string name)
        {
            CborReader? reader = map.ReaderAt(key);
            if (reader != null && reader.PeekType() == CborItemType.Array && reader.ReadArrayStart(out int count))
            {
                List<byte[]> values = new List<byte[]>();
                for (int i = 0; i < count; i++)
                {
                    if (reader.PeekType() != CborItemType.ByteString || !reader.ReadByteString(out int offset, out int length))
                    {
                        missing.Add(name);
                        return null;
                    }

                    values.Add(Slice(buffer, offset, length));
                }

                return values;
            }

            missing.Add(name);
            return null;
        }
    }
}
