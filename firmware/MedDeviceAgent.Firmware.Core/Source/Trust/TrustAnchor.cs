using System;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>
    /// A root public key the device trusts: its rotation sequence, algorithm, key id and raw key.
    /// </summary>
    /// <remarks>RAM: about 100 bytes; the key buffer holds up to 65 bytes (uncompressed P-256).</remarks>
    public sealed class TrustAnchor
    {
        /// <summary>Largest raw public key (uncompressed P-256).</summary>
        public const int MaxKeySize = 65;

        /// <summary>Creates an empty anchor.</summary>
        public TrustAnchor()
        {
            KeyId = new byte[PackageFormat.KeyIdSize];
            Key = new byte[MaxKeySize];
        }

        /// <summary>Rotation sequence: the first root is 1.</summary>
        public int Sequence { get; set; }

        /// <summary>Signature algorithm of the key.</summary>
        public CoseAlgorithm Algorithm { get; set; }

        /// <summary>16-byte key id.</summary>
        public byte[] KeyId { get; private set; }

        /// <summary>Raw key bytes; only the first <see cref="KeyLength"/> are meaningful.</summary>
        public byte[] Key { get; private set; }

        /// <summary>Length of the raw key.</summary>
        public int KeyLength { get; set; }

        /// <summary>Sets the key from a raw public key, computing its key id.</summary>
        /// <exception cref="ArgumentException">The key length does not fit the algorithm.</exception>
        public void Set(int sequence, CoseAlgorithm algorithm, byte[] key, int offset, int length)
        {
            if (length != KeyIds.RawKeyLength(algorithm))
            {
                throw new ArgumentException("Key length does not match the algorithm", nameof(length));
            }

            Sequence = sequence;
            Algorithm = algorithm;
            Array.Clear(Key, 0, MaxKeySize);
            Array.Copy(key, offset, Key, 0, length);
            KeyLength = length;
            KeyIds.Compute(key, offset, length, KeyId, 0);
        }

        /// <summary>Empties the anchor (sequence 0, no algorithm, no key): it then trusts nothing.</summary>
        public void Clear()
        {
            Sequence = 0;
            Algorithm = CoseAlgorithm.None;
            KeyLength = 0;
            Array.Clear(KeyId, 0, PackageFormat.KeyIdSize);
            Array.Clear(Key, 0, MaxKeySize);
        }

        /// <summary>Copies another anchor.</summary>
        public void CopyFrom(TrustAnchor other)
        {
            if (other == null)
            {
                throw new ArgumentNullException(nameof(other));
            }

            Sequence = other.Sequence;
            Algorithm = other.Algorithm;
            KeyLength = other.KeyLength;
            Array.Copy(other.KeyId, KeyId, PackageFormat.KeyIdSize);
            Array.Copy(other.Key, Key, MaxKeySize);
        }
    }
}
