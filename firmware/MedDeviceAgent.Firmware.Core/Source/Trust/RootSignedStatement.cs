using MedDeviceAgent.Firmware.Core.Cose;

namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>
    /// Opens a statement the root signs (a delegation, a revocation list): a COSE_Sign1 with an
    /// empty unprotected map whose kid is the root's, whose signature verifies with the root's key,
    /// and whose payload is an integer-keyed map. Root rotations are opened otherwise: a rotation
    /// for a sequence the device already has is skipped before its signature is checked.
    /// </summary>
    /// <remarks>Timing: one signature verification. Allocates the Sig_structure (about the payload's size).</remarks>
    public static class RootSignedStatement
    {
        /// <summary>
        /// True when the <paramref name="count"/> bytes at <paramref name="offset"/> are such a statement
        /// by <paramref name="root"/>; <paramref name="statement"/> and <paramref name="map"/> then index it.
        /// </summary>
        public static bool Open(byte[] buffer, int offset, int count, TrustAnchor root, CoseSign1 statement, IntKeyMap map)
        {
            return statement.Parse(buffer, offset, count, true) == CoseError.None
                && KeyIds.AreEqual(buffer, statement.KeyIdOffset, root.KeyId, 0)
                && SignatureVerifier.VerifySign1(statement, root.Algorithm, root.Key, 0, root.KeyLength)
                && map.Parse(buffer, statement.PayloadOffset, statement.PayloadLength) == CoseError.None;
        }
    }
}
