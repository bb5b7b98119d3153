using System;
using System.Numerics;
using System.Security.Cryptography;

namespace MedDeviceAgent.Firmware.Core.Tests.Crypto.Ed25519
{
    /// <summary>An affine point of edwards25519 held as big integers (test reference only).</summary>
    internal sealed class RefPoint
    {
        public RefPoint(BigInteger x, BigInteger y)
        {
            X = x;
            Y = y;
        }

        public BigInteger X { get; }

        public BigInteger Y { get; }

        public bool IsIdentity => X.IsZero && Y.IsOne;
    }

    /// <summary>
    /// A slow, obviously-written Ed25519 in <see cref="BigInteger"/> straight from RFC 8032 section 5.1:
    /// the oracle for the limb arithmetic and the source of hand-made signatures (small-order and
    /// mixed-order points) that no ordinary signer produces.
    /// </summary>
    internal static class Ed25519Reference
    {
        public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

        public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

        public static readonly BigInteger D = Mod(-121665 * Inverse(121666));

        public static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);

        public static readonly RefPoint Identity = new RefPoint(BigInteger.Zero, BigInteger.One);

        public static readonly RefPoint Base = Decode(Convert.FromHexString("5866666666666666666666666666666666666666666666666666666666666666"))!;

        public static BigInteger Mod(BigInteger v)
        {
            BigInteger r = BigInteger.Remainder(v, P);
            return r.Sign < 0 ? r + P : r;
        }

        public static BigInteger Inverse(BigInteger v) => BigInteger.ModPow(Mod(v), P - 2, P);

        public static BigInteger FromLittleEndian(byte[] bytes, int offset, int count) =>
            new BigInteger(bytes.AsSpan(offset, count), isUnsigned: true, isBigEndian: false);

        public static byte[] ToLittleEndian(BigInteger value, int length)
        {
            byte[] result = new byte[length];
            byte[] raw = value.ToByteArray(isUnsigned: true, isBigEndian: false);
            Array.Copy(raw, result, Math.Min(raw.Length, length));
            return result;
        }

        public static RefPoint Add(RefPoint p, RefPoint q)
        {
            BigInteger xx = p.X * q.X;
            BigInteger yy = p.Y * q.Y;
            BigInteger dxy = Mod(D * xx * yy);
            BigInteger x = Mod((p.X * q.Y) + (q.X * p.Y)) * Inverse(1 + dxy);
            BigInteger y = Mod(yy + xx) * Inverse(1 - dxy);
            return new RefPoint(Mod(x), Mod(y));
        }

        public static RefPoint Negate(RefPoint p) => new RefPoint(Mod(-p.X), p.Y);

        /// <summary>[k]p by double-and-add in extended coordinates (RFC 8032 section 5.1.4 formulas), one inversion at the end.</summary>
        public static RefPoint Multiply(BigInteger k, RefPoint p)
        {
            BigInteger[] result = { BigInteger.Zero, BigInteger.One, BigInteger.One, BigInteger.Zero };
            BigInteger[] addend = { p.X, p.Y, BigInteger.One, Mod(p.X * p.Y) };
            while (k > 0)
            {
                if (!k.IsEven)
                {
                    result = AddExtended(result, addend);
                }

                addend = AddExtended(addend, addend);
                k >>= 1;
            }

            BigInteger zInverse = Inverse(result[2]);
            return new RefPoint(Mod(result[0] * zInverse), Mod(result[1] * zInverse));
        }

        public static byte[] Encode(RefPoint p)
        {
            byte[] e = ToLittleEndian(p.Y, 32);
            if (!p.X.IsEven)
            {
                e[31] |= 0x80;
            }

            return e;
        }

        /// <summary>RFC 8032 section 5.1.3, strict: null for y at or above p, no root, or x = 0 with the sign bit set.</summary>
        public static RefPoint? Decode(byte[] encoding)
        {
            byte[] copy = (byte[])encoding.Clone();
            bool sign = (copy[31] & 0x80) != 0;
            copy[31] &= 0x7F;
            BigInteger y = FromLittleEndian(copy, 0, 32);
            if (y >= P)
            {
                return null;
            }

            BigInteger x = RecoverX(y, sign);
            return x < 0 ? null : new RefPoint(x, y);
        }

        /// <summary>x for y with the given parity, or -1 when none exists.</summary>
        public static BigInteger RecoverX(BigInteger y, bool odd)
        {
            BigInteger u = Mod((y * y) - 1);
            BigInteger v = Mod((D * y * y) + 1);
            BigInteger xx = Mod(u * Inverse(v));
            BigInteger x = BigInteger.ModPow(xx, (P + 3) / 8, P);
            if (!Mod((x * x) - xx).IsZero)
            {
                x = Mod(x * SqrtMinusOne);
            }

            if (!Mod((x * x) - xx).IsZero)
            {
                return BigInteger.MinusOne;
            }

            if (x.IsZero && odd)
            {
                return BigInteger.MinusOne;
            }

            return x.IsEven == odd ? P - x : x;
        }

        /// <summary>k = SHA-512(R || A || M) mod L.</summary>
        public static BigInteger Challenge(byte[] r, byte[] a, byte[] message)
        {
            byte[] input = new byte[r.Length + a.Length + message.Length];
            r.CopyTo(input, 0);
            a.CopyTo(input, r.Length);
            message.CopyTo(input, r.Length + a.Length);
            byte[] digest = SHA512.HashData(input);
            return BigInteger.Remainder(FromLittleEndian(digest, 0, 64), L);
        }

        /// <summary>R || S as 64 bytes.</summary>
        public static byte[] Signature(byte[] r, BigInteger s)
        {
            byte[] sig = new byte[64];
            r.CopyTo(sig, 0);
            ToLittleEndian(s, 32).CopyTo(sig, 32);
            return sig;
        }

        private static BigInteger[] AddExtended(BigInteger[] p, BigInteger[] q)
        {
            BigInteger a = Mod((p[1] - p[0]) * (q[1] - q[0]));
            BigInteger b = Mod((p[1] + p[0]) * (q[1] + q[0]));
            BigInteger c = Mod(2 * D * p[3] * q[3]);
            BigInteger d = Mod(2 * p[2] * q[2]);
            BigInteger e = b - a, f = d - c, g = d + c, h = b + a;
            return new[] { Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h) };
        }

        /// <summary>A point of order exactly 8 (a generator of the torsion subgroup).</summary>
        public static RefPoint TorsionGenerator()
        {
            // [L]Q of any point Q lies in the torsion subgroup; take the first whose order is 8.
            for (int y = 2; ; y++)
            {
                BigInteger x = RecoverX(y, false);
                if (x < 0)
                {
                    continue;
                }

                RefPoint t = Multiply(L, new RefPoint(x, y));
                if (!Multiply(4, t).IsIdentity)
                {
                    return t;
                }
            }
        }
    }
}
