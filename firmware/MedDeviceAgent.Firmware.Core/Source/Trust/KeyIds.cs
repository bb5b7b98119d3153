using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>
    /// Key ids (first 16 bytes of SHA-256 over the raw public key), raw key lengths, and the
    /// algorithms a signed statement may name.
    /// </summary>
    public static class KeyIds
    {
        /// <summary>
        /// The algorithm a statement's integer names, checked against the exact set the device
        /// verifies (EdDSA -8, ES256 -7) on the full 64-bit value, before any narrowing: 2^32-8 is not
        /// EdDSA. False (and None) for any other value.
        /// </summary>
        public static bool TryGetAlgorithm(long value, out CoseAlgorithm algorithm)
        {
            algorithm = CoseAlgorithm.None;
            if (value == (long)CoseAlgorithm.EdDSA)
            {
                algorithm = CoseAlgorithm.EdDSA;
            }
            else if (value == (long)CoseAlgorithm.ES256)
            {
                algorithm = CoseAlgorithm.ES256;
            }

            return algorithm != CoseAlgorithm.None;
        }

        /// <summary>Raw public key length for <paramref name="algorithm"/>, or -1 when unsupported.</summary>
        public static int RawKeyLength(CoseAlgorithm algorithm)
        {
            if (algorithm == CoseAlgorithm.EdDSA)
            {
                return Ed25519Verifier.PublicKeySize;
            }

            if (algorithm == CoseAlgorithm.ES256)
            {
                return EcdsaP256Verifier.PublicKeySize;
            }

            return -1;
        }

        /// <summary>Writes the 16-byte key id of a raw public key to <paramref name="output"/>.</summary>
        /// <remarks>Allocates one SHA-256 instance and a 32-byte digest.</remarks>
        public static void Compute(byte[] key, int offset, int length, byte[] output, int outputOffset)
        {
            byte[] digest = Sha256.Hash(key, offset, length);
            System.Array.Copy(digest, 0, output, outputOffset, PackageFormat.KeyIdSize);
        }

        /// <summary>True when the 16 bytes at the two places are equal (constant time).</summary>
        public static bool AreEqual(byte[] a, int aOffset, byte[] b, int bOffset)
        {
            return ConstantTime.AreEqual(a, aOffset, b, bOffset, PackageFormat.KeyIdSize);
        }
    }
}
