using System.Security.Cryptography;
using MedDeviceAgent.Companion.Cose;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>Checks that a statement (a COSE_Sign1 with an empty unprotected header) is signed by a given key.</summary>
    public static class StatementVerifier
    {
        /// <summary>
        /// Decodes <paramref name="statement"/> and checks its kid, algorithm and signature against
        /// <paramref name="signer"/>. Returns null and the payload on success; otherwise the reason.
        /// </summary>
        public static string? Verify(byte[] statement, PublicKeyInfo signer, out byte[]? payload)
        {
            payload = null;
            if (CoseSign1Message.TryDecode(statement, isEnvelope: false, out CoseSign1Message? message, out string reason) != CoseDecodeError.None || message == null)
            {
                return reason;
            }

            if (!signer.HasKeyId(message.KeyId))
            {
                return "signed by key " + KeyId.ToHex(message.KeyId) + ", not by " + signer.KeyIdHex;
            }

            if (message.Algorithm != signer.Algorithm)
            {
                return "algorithm does not match the signer's key";
            }

            if (!SignatureVerifier.Verify(signer, message.ToBeSigned(), message.Signature))
            {
                return "signature does not verify";
            }

            payload = message.Payload;
            return null;
        }

        /// <summary>True when two key ids are equal (constant time).</summary>
        public static bool SameKeyId(byte[] a, byte[] b)
        {
            return a.Length == b.Length && CryptographicOperations.FixedTimeEquals(a, b);
        }
    }
}
