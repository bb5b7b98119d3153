using System;
using System.Security.Cryptography;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>Key ids: the first 16 bytes of SHA-256 over a raw public key, and their hex form.</summary>
    public static class KeyId
    {
        /// <summary>Computes the key id of <paramref name="rawPublicKey"/>.</summary>
        public static byte[] Compute(byte[] rawPublicKey)
        {
            ArgumentNullException.ThrowIfNull(rawPublicKey);
            byte[] digest = SHA256.HashData(rawPublicKey);
            byte[] id = new byte[PackageFormat.KeyIdSize];
            Array.Copy(digest, id, id.Length);
            return id;
        }

        /// <summary>Lower-case hex of a key id.</summary>
        public static string ToHex(byte[] keyId)
        {
            return Convert.ToHexStringLower(keyId);
        }

        /// <summary>Parses a 32-digit hex key id (either case); throws an invalid-argument error otherwise.</summary>
        public static byte[] Parse(string hex)
        {
            string trimmed = hex.Trim();
            if (trimmed.Length != PackageFormat.KeyIdSize * 2)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "key id '" + hex + "' must be " + (PackageFormat.KeyIdSize * 2) + " hex digits");
            }

            try
            {
                return Convert.FromHexString(trimmed);
            }
            catch (FormatException)
            {
                throw new CompanionException(CompanionErrorKind.InvalidArgument, "key id '" + hex + "' is not hexadecimal");
            }
        }
    }
}
