namespace MedDeviceAgent.Firmware.Core.Crypto.P256
{
    /// <summary>
    /// Every buffer one ECDSA P-256 verification works in: key coordinates, r, s, the hash value and the
    /// derived scalars, the curve, scalar and multiplier state, the result point, and the SHA-256 of
    /// <see cref="EcdsaP256Verifier.Verify"/>. Allocated once and reused, so a verification allocates
    /// nothing.
    /// </summary>
    /// <remarks>
    /// RAM: 45 arrays and 12 small objects holding 2,154 bytes of elements (8 scalars: 256; curve: 256;
    /// scalar arithmetic: 168; multiplier: 994; result point: 96; SHA-256 with digest: 384); 3,912 bytes
    /// measured on the 64-bit desktop runtime. Holds only public values (key, signature, digest) between
    /// calls. Not thread-safe: the owner serialises use.
    /// </remarks>
    internal sealed class P256VerifyWorkspace
    {
        /// <summary>Public key x (field element).</summary>
        internal readonly uint[] Qx = new uint[UInt256.Words];

        /// <summary>Public key y (field element).</summary>
        internal readonly uint[] Qy = new uint[UInt256.Words];

        /// <summary>Signature r; becomes r + n for the second x comparison.</summary>
        internal readonly uint[] R = new uint[UInt256.Words];

        /// <summary>Signature s.</summary>
        internal readonly uint[] S = new uint[UInt256.Words];

        /// <summary>Hash value e mod n.</summary>
        internal readonly uint[] E = new uint[UInt256.Words];

        /// <summary>s^-1 in Montgomery form.</summary>
        internal readonly uint[] W = new uint[UInt256.Words];

        /// <summary>u1 = e / s mod n, the multiplier of G.</summary>
        internal readonly uint[] U1 = new uint[UInt256.Words];

        /// <summary>u2 = r / s mod n, the multiplier of Q.</summary>
        internal readonly uint[] U2 = new uint[UInt256.Words];

        /// <summary>Point arithmetic (with its field temporaries).</summary>
        internal readonly P256Curve Curve;

        /// <summary>Arithmetic mod n (inversion and Montgomery products).</summary>
        internal readonly P256Scalar Scalar = new P256Scalar();

        /// <summary>u1 G + u2 Q, sharing <see cref="Curve"/>.</summary>
        internal readonly P256ShamirMultiplier Multiplier;

        /// <summary>The result point u1 G + u2 Q.</summary>
        internal readonly JacobianPoint Point = new JacobianPoint();

        /// <summary>Message hash for <see cref="EcdsaP256Verifier.Verify"/>.</summary>
        internal readonly Sha256 Sha = new Sha256();

        /// <summary>Digest computed by <see cref="Sha"/>.</summary>
        internal readonly byte[] Digest = new byte[Sha256.HashSize];

        /// <summary>Allocates every buffer.</summary>
        internal P256VerifyWorkspace()
        {
            Curve = new P256Curve();
            Multiplier = new P256ShamirMultiplier(Curve);
        }
    }
}
