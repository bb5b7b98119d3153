using System;
using MedDeviceAgent.Companion.Pki;

namespace MedDeviceAgent.Companion.Packaging
{
    /// <summary>
    /// The trust state a package is verified from, as a device holds it: the root it trusts, that
    /// root's place in the rotation chain, and the revocation list it already stores (if any).
    /// </summary>
    /// <remarks>
    /// The root sequence matters because a device skips carried rotations at or below its own
    /// sequence and requires the next one to be signed by its root: a device that trusts root 3 of a
    /// PKI holds sequence 3, and trusting the same key as sequence 1 (what 'mda sim init' provisions)
    /// makes the rotations to 2 and 3 fail. Compatibility: the core stores the sequence as a 32-bit value.
    /// </remarks>
    public sealed class VerificationTrust
    {
        /// <summary>The sequence of a PKI's first root.</summary>
        public const int FirstRootSequence = 1;

        /// <summary>Creates a trust state.</summary>
        /// <param name="root">The trusted root public key.</param>
        /// <param name="rootSequence">Its sequence in the rotation chain (1 for the PKI's first root).</param>
        /// <param name="heldRevocationList">A root-signed revocation list statement the device already stores, or null for none.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="rootSequence"/> is below 1.</exception>
        public VerificationTrust(PublicKeyInfo root, int rootSequence, byte[]? heldRevocationList)
        {
            ArgumentNullException.ThrowIfNull(root);
            if (rootSequence < FirstRootSequence)
            {
                throw new ArgumentOutOfRangeException(nameof(rootSequence), rootSequence, "a root sequence is at least 1");
            }

            Root = root;
            RootSequence = rootSequence;
            HeldRevocationList = heldRevocationList == null ? null : (byte[])heldRevocationList.Clone();
        }

        /// <summary>The trusted root.</summary>
        public PublicKeyInfo Root { get; }

        /// <summary>The trusted root's sequence in the rotation chain.</summary>
        public int RootSequence { get; }

        /// <summary>The revocation list statement already held, or null.</summary>
        public byte[]? HeldRevocationList { get; }
    }
}
