using MedDeviceAgent.Firmware.Core.Cbor;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Firmware.Core.Crypto;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>Dispatches a signature check to the verifier of the key's algorithm.</summary>
    public static class SignatureVerifier
    {
        /// <summary>
        /// Verifies a 64-byte signature over <paramref name="messageLength"/> bytes with a raw public key.
        /// False for an unsupported algorithm, a key of the wrong length or a bad signature.
        /// </summary>
        /// <remarks>Timing: Ed25519 about 3 M interpreted IL instructions on the device; see the benchmarks.</remarks>
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

        /// <summary>
        /// Verifies a parsed COSE_Sign1's signature with a raw public key of <paramref name="algorithm"/>.
        /// False when the algorithm differs from the envelope's protected header, or the signature is bad.
        /// </summary>
        /// <remarks>Allocates the Sig_structure once (about the payload's size).</remarks>
        public static bool VerifySign1(CoseSign1 envelope, CoseAlgorithm algorithm, byte[] key, int keyOffset, int keyLength)
        {
            bool valid = false;
            if (envelope == null || algorithm != envelope.Algorithm || envelope.Algorithm == CoseAlgorithm.None)
            {
                return valid;
            }

            CborWriter toBeSigned = envelope.WriteSigStructure();
            valid = Verify(algorithm, key, keyOffset, keyLength, envelope.Buffer, envelope.SignatureOffset, 64, toBeSigned.Buffer, 0, toBeSigned.Length);
            return valid;
        }
    }
}
