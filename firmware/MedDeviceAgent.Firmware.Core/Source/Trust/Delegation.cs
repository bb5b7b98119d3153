using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>A parsed delegation statement: the root grants a key a role for a time window.</summary>
    /// <remarks>RAM: the statement's slices (no copy of the buffer) and a 16-byte key id computed while verifying.</remarks>
    public sealed class Delegation
    {
        /// <summary>The signed statement.</summary>
        public CoseSign1 Statement { get; } = new CoseSign1();

        /// <summary>Offset of the delegated key id in the buffer.</summary>
        public int KeyIdOffset { get; private set; }

        /// <summary>Algorithm of the delegated key.</summary>
        public CoseAlgorithm Algorithm { get; private set; }

        /// <summary>Offset of the raw delegated public key in the buffer.</summary>
        public int KeyOffset { get; private set; }

        /// <summary>Length of the raw delegated public key.</summary>
        public int KeyLength { get; private set; }

        /// <summary>The role granted.</summary>
        public KeyRole Role { get; private set; }

        /// <summary>Start of validity, Unix seconds.</summary>
        public long NotBefore { get; private set; }

        /// <summary>End of validity, Unix seconds.</summary>
        public long NotAfter { get; private set; }

        /// <summary>
        /// Parses and authenticates the statement at <paramref name="offset"/> against <paramref name="root"/>.
        /// Returns Trusted or InvalidDelegation (never says which part failed: all are the root's word).
        /// A role outside the known set parses as <see cref="KeyRole.None"/>, which no check accepts.
        /// </summary>
        public TrustVerdict ParseAndVerify(byte[] buffer, int offset, int count, TrustAnchor root)
        {
            TrustVerdict result = TrustVerdict.InvalidDelegation;
            IntKeyMap map = new IntKeyMap(DelegationKeys.IssuerKeyId);
            if (!RootSignedStatement.Open(buffer, offset, count, root, Statement, map))
            {
                return result;
            }

            int keyIdOffset;
            int keyIdLength;
            long algorithm;
            int keyOffset;
            int keyLength;
            long role;
            long notBefore;
            long notAfter;
            int issuerOffset;
            int issuerLength;
            if (!map.GetBytes(DelegationKeys.KeyId, out keyIdOffset, out keyIdLength) || keyIdLength != PackageFormat.KeyIdSize
                || !map.GetInteger(DelegationKeys.Algorithm, out algorithm)
                || !map.GetBytes(DelegationKeys.PublicKey, out keyOffset, out keyLength)
                || !map.GetUnsigned(DelegationKeys.Role, out role)
                || !map.GetUnsigned(DelegationKeys.NotBefore, out notBefore)
                || !map.GetUnsigned(DelegationKeys.NotAfter, out notAfter)
                || !map.GetBytes(DelegationKeys.IssuerKeyId, out issuerOffset, out issuerLength) || issuerLength != PackageFormat.KeyIdSize)
            {
                return result;
            }

            CoseAlgorithm keyAlgorithm;
            if (!KeyIds.TryGetAlgorithm(algorithm, out keyAlgorithm) || KeyIds.RawKeyLength(keyAlgorithm) != keyLength || !KeyIds.AreEqual(buffer, issuerOffset, root.KeyId, 0))
            {
                return result;
            }

            byte[] computed = new byte[PackageFormat.KeyIdSize];
            KeyIds.Compute(buffer, keyOffset, keyLength, computed, 0);
            if (!KeyIds.AreEqual(computed, 0, buffer, keyIdOffset))
            {
                return result;
            }

            KeyIdOffset = keyIdOffset;
            Algorithm = keyAlgorithm;
            KeyOffset = keyOffset;
            KeyLength = keyLength;
            Role = GrantedRole(role);
            NotBefore = notBefore;
            NotAfter = notAfter;
            result = TrustVerdict.Trusted;
            return result;
        }

        /// <summary>The role a statement's integer names, on its full 64-bit value: 2^32+1 is not UpdateSigner. None for any unknown value.</summary>
        private static KeyRole GrantedRole(long role)
        {
            if (role == (long)KeyRole.UpdateSigner)
            {
                return KeyRole.UpdateSigner;
            }

            if (role == (long)KeyRole.CommandSigner)
            {
                return KeyRole.CommandSigner;
            }

            return KeyRole.None;
        }
    }
}
