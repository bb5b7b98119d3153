using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>Dispatches a signature check to the verifier of the key's algorithm.</summary>
    public static class SignatureVerifier
    {
        /// <summary>
        /// Verifies a 64-byte signature over <paramref name="messageLength"/> bytes with a raw public key.
        /// False for an unsupported algorithm, a key of the wrong length or a bad signature.
        /// </summary>
        public static bool Verify(CoseAlgorithm algorithm, byte[] key, int keyOffset, int keyLength, byte[] signature, int signatureOffset, int signatureLength, byte[] message, int messageOffset, int messageLength)
        {
            bool valid = false;
            if (signatureLength != 64 || keyLength != KeyIds.RawKeyLength(algorithm))
            {
                return valid;
            }

            if (algorithm == CoseAlgorithm.EdDSA)
            {
                valid = Ed25519Verifier.Verify(key, keyOffset, signature, signatureOffset, message, messageOffset, messageLength);
            }
            else if (algorithm == CoseAlgorithm.ES256)
            {
                valid = EcdsaP256Verifier.Verify(key, keyOffset, signature, signatureOffset, message, messageOffset, messageLength);
            }

            return valid;
        }
    }
}
