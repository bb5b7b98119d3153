namespace MedDeviceAgent.Firmware.Core.Crypto.Ed25519
{
    /// <summary>
    /// The result of a doubling or an addition before its last multiplications ("completed" form):
    /// x = E/G and y = H/F. Converting to projective costs 3 multiplications, to extended 4.
    /// </summary>
    /// <remarks>RAM: five field elements (one is scratch for the formulas), 200 bytes of limbs.</remarks>
    internal sealed class CompletedPoint
    {
        /// <summary>Numerator of x.</summary>
        internal readonly int[] E = Field25519.Create();

        /// <summary>Denominator of y.</summary>
        internal readonly int[] F = Field25519.Create();

        /// <summary>Denominator of x.</summary>
        internal readonly int[] G = Field25519.Create();

        /// <summary>Numerator of y.</summary>
        internal readonly int[] H = Field25519.Create();

        /// <summary>Scratch used while the formulas run.</summary>
        internal readonly int[] Scratch = Field25519.Create();
    }
}
