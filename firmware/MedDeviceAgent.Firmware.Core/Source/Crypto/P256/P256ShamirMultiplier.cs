using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Crypto.P256
{
    /// <summary>
    /// Computes u1 * G + u2 * Q with one shared chain of doublings (Shamir's trick, interleaved
    /// windowed NAFs): u1 in width-5 NAF over the fixed affine table of <see cref="P256GeneratorTable"/>,
    /// u2 in width-4 NAF over 1Q, 3Q, 5Q, 7Q computed per call.
    /// </summary>
    /// <remarks>
    /// Cost for random scalars: at most 256 doublings, about 43 mixed additions for G and 51 general
    /// additions for Q, plus 1 doubling and 3 additions for the Q table: roughly 3,400 field products.
    /// RAM per instance: 5 Jacobian points (480 bytes of limbs) and two 257-entry digit arrays
    /// (514 bytes). The curve's addition is exact for every special case, so intermediate infinity or
    /// equal points (which crafted signatures can force) give the right answer.
    /// </remarks>
    internal sealed class P256ShamirMultiplier
    {
        /// <summary>Doublings between two <see cref="WorkYield.Point"/> calls (a power of two).</summary>
        internal const int DoublingsPerYield = 32;

        private const int QWidth = 4;
        private const int QCount = 4;

        private readonly P256Curve _curve;
        private readonly JacobianPoint[] _qTable = new JacobianPoint[QCount];
        private readonly JacobianPoint _twiceQ = new JacobianPoint();
        private readonly sbyte[] _gDigits = new sbyte[Wnaf.Length];
        private readonly sbyte[] _qDigits = new sbyte[Wnaf.Length];

        /// <summary>Creates a multiplier that works with <paramref name="curve"/>'s arithmetic.</summary>
        internal P256ShamirMultiplier(P256Curve curve)
        {
            _curve = curve;
            for (int i = 0; i < QCount; i++)
            {
                _qTable[i] = new JacobianPoint();
            }
        }

        /// <summary>
        /// result = u1 * G + u2 * Q for scalars below 2^256 and an affine point Q = (qx, qy) on the curve.
        /// The result may be the point at infinity.
        /// </summary>
        internal void MultiplyAdd(JacobianPoint result, uint[] u1, uint[] u2, uint[] qx, uint[] qy)
        {
            P256Curve curve = _curve;

            // Odd multiples of Q: T[i] = (2i + 1) Q.
            _qTable[0].SetAffine(qx, qy, false);
            _twiceQ.SetAffine(qx, qy, false);
            curve.Double(_twiceQ);
            for (int i = 1; i < QCount; i++)
            {
                _qTable[i].SetPoint(_qTable[i - 1], false);
                curve.Add(_qTable[i], _twiceQ, false);
            }

            Wnaf.Recode(u1, P256GeneratorTable.Width, _gDigits);
            Wnaf.Recode(u2, QWidth, _qDigits);

            int top = Wnaf.Length - 1;
            while (top >= 0 && _gDigits[top] == 0 && _qDigits[top] == 0)
            {
                top--;
            }

            result.SetInfinity();
            for (int i = top; i >= 0; i--)
            {
                if ((i & (DoublingsPerYield - 1)) == 0)
                {
                    WorkYield.Point();
                }

                curve.Double(result);

                int d = _gDigits[i];
                if (d != 0)
                {
                    int index = (d < 0 ? -d : d) >> 1;
                    curve.AddAffine(result, P256GeneratorTable.X[index], P256GeneratorTable.Y[index], d < 0);
                }

                d = _qDigits[i];
                if (d != 0)
                {
                    int index = (d < 0 ? -d : d) >> 1;
                    curve.Add(result, _qTable[index], d < 0);
                }
            }
        }
    }
}
