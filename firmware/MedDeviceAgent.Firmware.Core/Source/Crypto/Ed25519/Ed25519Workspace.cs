namespace MedDeviceAgent.Firmware.Core.Crypto.Ed25519
{
    /// <summary>
    /// Every working buffer of one Ed25519 verification, allocated together so that the verifier
    /// stays static and thread-safe (one workspace per call, never shared between threads).
    /// </summary>
    /// <remarks>
    /// RAM (array payloads, excluding object headers): 25 field elements (1000 bytes), the table of
    /// odd multiples of -A (8 x 40 ints = 1280 bytes), two 256-entry digit strings (512 bytes), the
    /// reduction scratch (24 longs = 192 bytes), 128 bytes of digest/scalar/encoding buffers and one
    /// <see cref="Sha512"/> (832 bytes of state): about 3.9 KB in about 45 objects.
    /// </remarks>
    internal sealed class Ed25519Workspace
    {
        /// <summary>Odd multiples of -A kept per verification (width-5 windows: 1, 3, ..., 15).</summary>
        internal const int PublicKeyWindow = 5;

        /// <summary>Entries in <see cref="NegatedKeyTable"/>.</summary>
        internal const int PublicKeyTableEntries = 1 << (PublicKeyWindow - 2);

        /// <summary>Field scratch.</summary>
        internal readonly int[] T0 = Field25519.Create();

        /// <summary>Field scratch.</summary>
        internal readonly int[] T1 = Field25519.Create();

        /// <summary>Field scratch.</summary>
        internal readonly int[] T2 = Field25519.Create();

        /// <summary>Field scratch.</summary>
        internal readonly int[] T3 = Field25519.Create();

        /// <summary>Field scratch.</summary>
        internal readonly int[] T4 = Field25519.Create();

        /// <summary>Result of the latest doubling or addition.</summary>
        internal readonly CompletedPoint Completed = new CompletedPoint();

        /// <summary>Point scratch (extended form between additions).</summary>
        internal readonly ExtendedPoint Extended = new ExtendedPoint();

        /// <summary>Point scratch used by the small-order check.</summary>
        internal readonly ExtendedPoint Check = new ExtendedPoint();

        /// <summary>Second operand of an addition, loaded from <see cref="NegatedKeyTable"/>.</summary>
        internal readonly CachedPoint Cached = new CachedPoint();

        /// <summary>The fixed operand (2P) while odd multiples of P are built.</summary>
        internal readonly CachedPoint Step = new CachedPoint();

        /// <summary>Second operand of an addition, loaded from the base-point table.</summary>
        internal readonly AffinePoint Affine = new AffinePoint();

        /// <summary>The decoded public key, negated: -A.</summary>
        internal readonly ExtendedPoint NegatedKey = new ExtendedPoint();

        /// <summary>The computed [S]B - [k]A (projective).</summary>
        internal readonly ExtendedPoint Result = new ExtendedPoint();

        /// <summary>(-A), 3(-A), ..., 15(-A) in cached form, <see cref="CachedPoint.Stride"/> ints each.</summary>
        internal readonly int[] NegatedKeyTable = new int[PublicKeyTableEntries * CachedPoint.Stride];

        /// <summary>Window digits of S.</summary>
        internal readonly sbyte[] DigitsS = new sbyte[Scalar25519.WnafLength];

        /// <summary>Window digits of k.</summary>
        internal readonly sbyte[] DigitsK = new sbyte[Scalar25519.WnafLength];

        /// <summary>Limbs for the reduction of the digest modulo L.</summary>
        internal readonly long[] ReduceScratch = new long[Scalar25519.ReduceLimbs];

        /// <summary>SHA-512(R || A || M).</summary>
        internal readonly byte[] Digest = new byte[Sha512.HashSize];

        /// <summary>k = digest mod L.</summary>
        internal readonly byte[] K = new byte[Scalar25519.Size];

        /// <summary>Encoding of the computed point.</summary>
        internal readonly byte[] Encoded = new byte[32];

        /// <summary>The hash of the challenge.</summary>
        internal readonly Sha512 Hash = new Sha512();
    }
}
