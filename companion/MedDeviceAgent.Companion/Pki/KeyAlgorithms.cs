using System;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>The signature algorithms the PKI issues keys for, and their command-line names.</summary>
    public static class KeyAlgorithms
    {
        /// <summary>Command-line name of Ed25519 (COSE EdDSA, -8).</summary>
        public const string Ed25519Name = "ed25519";

        /// <summary>Command-line name of ECDSA P-256 with SHA-256 (COSE ES256, -7).</summary>
        public const string P256Name = "p256";

        /// <summary>Size of a raw Ed25519 public key.</summary>
        public const int Ed25519PublicKeySize = 32;

        /// <summary>Size of a raw uncompressed P-256 public key (04 ‖ X ‖ Y).</summary>
        public const int P256PublicKeySize = 65;

        /// <summary>The command-line name of <paramref name="algorithm"/>.</summary>
        public static string Name(CoseAlgorithm algorithm)
        {
            switch (algorithm)
            {
                case CoseAlgorithm.EdDSA: return Ed25519Name;
                case CoseAlgorithm.ES256: return P256Name;
                default: throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unsupported algorithm");
            }
        }

        /// <summary>Parses a command-line name ("ed25519" or "p256", case-insensitive).</summary>
        public static CoseAlgorithm Parse(string name)
        {
            if (string.Equals(name, Ed25519Name, StringComparison.OrdinalIgnoreCase))
            {
                return CoseAlgorithm.EdDSA;
            }

            if (string.Equals(name, P256Name, StringComparison.OrdinalIgnoreCase))
            {
                return CoseAlgorithm.ES256;
            }

            throw new CompanionException(CompanionErrorKind.InvalidArgument, "unknown algorithm '" + name + "' (expected ed25519 or p256)");
        }

        /// <summary>True for the algorithms this PKI signs and verifies.</summary>
        public static bool IsSupported(CoseAlgorithm algorithm)
        {
            return algorithm == CoseAlgorithm.EdDSA || algorithm == CoseAlgorithm.ES256;
        }

        /// <summary>Raw public key size of <paramref name="algorithm"/>, or 0 when unsupported.</summary>
        public static int RawPublicKeySize(CoseAlgorithm algorithm)
        {
            switch (algorithm)
            {
                case CoseAlgorithm.EdDSA: return Ed25519PublicKeySize;
                case CoseAlgorithm.ES256: return P256PublicKeySize;
                default: return 0;
            }
        }
    }
}
