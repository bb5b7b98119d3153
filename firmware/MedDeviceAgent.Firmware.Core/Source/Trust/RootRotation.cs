using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>Applies one root rotation statement (root N signs root N+1) to a trust anchor.</summary>
    public static class RootRotation
    {
        /// <summary>
        /// If the statement at <paramref name="offset"/> is signed by <paramref name="current"/> and names
        /// sequence current+1, moves <paramref name="current"/> to the new root and returns Trusted.
        /// A statement for a sequence the device already has (at or below current) is skipped (Trusted,
        /// no change). Anything else returns InvalidRootChain and leaves <paramref name="current"/> unchanged.
        /// </summary>
        /// <remarks>One signature check per applied statement (seconds on the device); allocates one parse object.</remarks>
        public static TrustVerdict Apply(byte[] buffer, int offset, int count, TrustAnchor current)
        {
            TrustVerdict result = TrustVerdict.InvalidRootChain;
            CoseSign1 statement = new CoseSign1();
            if (statement.Parse(buffer, offset, count, true) != CoseError.None)
            {
                return result;
            }

            IntKeyMap map = new IntKeyMap(RootRotationKeys.IssuerKeyId);
            if (map.Parse(buffer, statement.PayloadOffset, statement.PayloadLength) != CoseError.None)
            {
                return result;
            }

            long sequence;
            if (!map.GetUnsigned(RootRotationKeys.Sequence, out sequence))
            {
                return result;
            }

            if (sequence <= current.Sequence)
            {
                return TrustVerdict.Trusted;
            }

            int keyIdOffset;
            int keyIdLength;
            long algorithm;
            int keyOffset;
            int keyLength;
            int issuerOffset;
            int issuerLength;
            if (sequence != (long)current.Sequence + 1 || sequence > int.MaxValue
                || !KeyIds.AreEqual(buffer, statement.KeyIdOffset, current.KeyId, 0)
                || !SignatureVerifier.VerifySign1(statement, current.Algorithm, current.Key, 0, current.KeyLength)
                || !map.GetBytes(RootRotationKeys.KeyId, out keyIdOffset, out keyIdLength) || keyIdLength != PackageFormat.KeyIdSize
                || !map.GetInteger(RootRotationKeys.Algorithm, out algorithm)
                || !map.GetBytes(RootRotationKeys.PublicKey, out keyOffset, out keyLength)
                || !map.GetBytes(RootRotationKeys.IssuerKeyId, out issuerOffset, out issuerLength) || issuerLength != PackageFormat.KeyIdSize
                || !KeyIds.AreEqual(buffer, issuerOffset, current.KeyId, 0))
            {
                return result;
            }

            CoseAlgorithm newAlgorithm;
            if (!KeyIds.TryGetAlgorithm(algorithm, out newAlgorithm) || KeyIds.RawKeyLength(newAlgorithm) != keyLength)
            {
                return result;
            }

            byte[] computed = new byte[PackageFormat.KeyIdSize];
            KeyIds.Compute(buffer, keyOffset, keyLength, computed, 0);
            if (!KeyIds.AreEqual(computed, 0, buffer, keyIdOffset))
            {
                return result;
            }

            current.Set((int)sequence, newAlgorithm, buffer, keyOffset, keyLength);
            result = TrustVerdict.Trusted;
            return result;
        }
    }
}
