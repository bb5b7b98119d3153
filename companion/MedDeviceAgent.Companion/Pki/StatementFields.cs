using MedDeviceAgent.Companion.Cbor;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>Field readers shared by the statement decoders.</summary>
    internal static class StatementFields
    {
        /// <summary>
        /// Reads a (key id, algorithm, raw public key) triple and checks that the key is valid for
        /// the algorithm and that the key id is the key's own.
        /// </summary>
        public static PublicKeyInfo Key(IntKeyMap map, long keyIdKey, long algorithmKey, long publicKeyKey)
        {
            byte[] keyId = map.Bytes(keyIdKey, "key id", PackageFormat.KeyIdSize);
            CoseAlgorithm algorithm = (CoseAlgorithm)map.Integer(algorithmKey, "algorithm");
            byte[] rawKey = map.Bytes(publicKeyKey, "public key", -1);
            if (!PublicKeyInfo.TryCreate(algorithm, rawKey, out PublicKeyInfo? key) || key == null)
            {
                throw new CborFieldException("public key is not a valid key for algorithm " + (int)algorithm);
            }

            if (!key.HasKeyId(keyId))
            {
                throw new CborFieldException("key id does not match the public key");
            }

            return key;
        }

        /// <summary>Reads a 16-byte issuer key id.</summary>
        public static byte[] Issuer(IntKeyMap map, long key)
        {
            return map.Bytes(key, "issuer key id", PackageFormat.KeyIdSize);
        }
    }
}
