using System;
using MedDeviceAgent.Firmware.Core.Cose;
using MedDeviceAgent.Protocol;

namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>
    /// The trust policy for one signed envelope, in a fixed order that fails closed: the root
    /// rotations it carries (each signed by the root before it), the delegation of its signer by the
    /// resulting root, the role the caller requires, the delegation's validity window (trusted time
    /// only), the match of the envelope's key id and algorithm with the delegated key, revocation
    /// (the carried list when newer and root-signed, else the stored one) and the envelope's
    /// signature by the delegated key. It does not read the payload: what the payload means (a
    /// manifest, a command) is the caller's, which then calls <see cref="CheckRevocationVersion"/>
    /// with the revocation version the signed payload requires.
    /// </summary>
    /// <remarks>
    /// RAM: one trust anchor, one delegation and one revocation list index, allocated at
    /// construction and reused by every <see cref="Check"/>; each check allocates one parse object
    /// per statement and a Sig_structure per signature (about the signed payload's size). Timing:
    /// one signature verification per applied rotation, one for the delegation, one for a carried
    /// revocation list and one for the envelope (seconds each on the device's interpreter). Nothing
    /// is written to storage: adopting <see cref="Root"/> and <see cref="Revocation"/> is the caller's.
    /// </remarks>
    public sealed class TrustChain
    {
        /// <summary>Creates a chain whose verdict is NotVerified.</summary>
        public TrustChain()
        {
            Root = new TrustAnchor();
            Delegation = new Delegation();
            Revocation = new RevocationList();
            Reset();
        }

        /// <summary>The verdict of the last check. Starts as NotVerified; only a completed chain sets Trusted.</summary>
        public TrustVerdict Verdict { get; private set; }

        /// <summary>The root after the carried rotations (the stored root when none applied).</summary>
        public TrustAnchor Root { get; private set; }

        /// <summary>Number of rotations that moved the root forward.</summary>
        public int RotationsApplied { get; private set; }

        /// <summary>The signer's delegation (meaningful once it verified).</summary>
        public Delegation Delegation { get; private set; }

        /// <summary>The carried revocation list (meaningful when <see cref="HasNewerRevocation"/>).</summary>
        public RevocationList Revocation { get; private set; }

        /// <summary>True when the carried revocation list is root-signed and newer than the stored one, so it should be adopted.</summary>
        public bool HasNewerRevocation { get; private set; }

        /// <summary>The revocation list version in force: the carried one when newer, else the stored one.</summary>
        public int EffectiveRevocationVersion { get; private set; }

        /// <summary>True when the delegation's validity window was not checked (no trusted time).</summary>
        public bool TimeChecksSkipped { get; private set; }

        /// <summary>Clears the verdict and every finding.</summary>
        public void Reset()
        {
            Verdict = TrustVerdict.NotVerified;
            Root.Clear();
            RotationsApplied = 0;
            HasNewerRevocation = false;
            EffectiveRevocationVersion = 0;
            TimeChecksSkipped = false;
        }

        /// <summary>
        /// Decides whether <paramref name="envelope"/> (parsed, its buffer holding the carried
        /// statements) is signed by a key the device trusts for <paramref name="requiredRole"/>.
        /// Returns the first failure, or Trusted.
        /// </summary>
        /// <param name="envelope">The parsed COSE_Sign1 whose unprotected header carries the statements.</param>
        /// <param name="trust">The device's stored root and revocation list (not modified).</param>
        /// <param name="requiredRole">UpdateSigner for packages, CommandSigner for commands.</param>
        /// <param name="checkTime">False when the device has no trusted time: the validity window is then skipped and <see cref="TimeChecksSkipped"/> set.</param>
        /// <param name="now">Trusted time, Unix seconds (read only when <paramref name="checkTime"/>).</param>
        /// <exception cref="ArgumentNullException">The envelope or the trust state is null.</exception>
        /// <exception cref="ArgumentException">The required role is not a role a key can hold.</exception>
        public TrustVerdict Check(CoseSign1 envelope, TrustState trust, KeyRole requiredRole, bool checkTime, long now)
        {
            if (envelope == null || trust == null)
            {
                throw new ArgumentNullException(envelope == null ? nameof(envelope) : nameof(trust));
            }

            if (requiredRole != KeyRole.UpdateSigner && requiredRole != KeyRole.CommandSigner)
            {
                throw new ArgumentException("The required role must be UpdateSigner or CommandSigner", nameof(requiredRole));
            }

            Reset();
            Verdict = Evaluate(envelope, trust, requiredRole, checkTime, now);
            return Verdict;
        }

        /// <summary>
        /// After a Trusted <see cref="Check"/>: RevocationListOutdated when the signed payload requires
        /// a newer revocation list than the one in force, else Trusted. Never turns another verdict
        /// into Trusted.
        /// </summary>
        public TrustVerdict CheckRevocationVersion(long requiredVersion)
        {
            if (Verdict != TrustVerdict.Trusted)
            {
                return Verdict;
            }

            if (requiredVersion > EffectiveRevocationVersion)
            {
                Verdict = TrustVerdict.RevocationListOutdated;
            }

            return Verdict;
        }

        private TrustVerdict Evaluate(CoseSign1 envelope, TrustState trust, KeyRole requiredRole, bool checkTime, long now)
        {
            byte[] buffer = envelope.Buffer;

            // Root rotations, each signed by the root before it.
            Root.CopyFrom(trust.Root);
            for (int i = 0; i < envelope.RotationCount; i++)
            {
                if (RootRotation.Apply(buffer, envelope.RotationOffset(i), envelope.RotationLength(i), Root) != TrustVerdict.Trusted)
                {
                    return TrustVerdict.InvalidRootChain;
                }
            }

            RotationsApplied = Root.Sequence - trust.Root.Sequence;

            // Delegation of the signer by the current root, its role and validity window.
            if (envelope.DelegationOffset < 0)
            {
                return TrustVerdict.MissingDelegation;
            }

            if (Delegation.ParseAndVerify(buffer, envelope.DelegationOffset, envelope.DelegationLength, Root) != TrustVerdict.Trusted)
            {
                return TrustVerdict.InvalidDelegation;
            }

            if (Delegation.Role != requiredRole)
            {
                return TrustVerdict.WrongKeyRole;
            }

            if (checkTime)
            {
                if (now < Delegation.NotBefore)
                {
                    return TrustVerdict.DelegationNotYetValid;
                }

                if (now > Delegation.NotAfter)
                {
                    return TrustVerdict.DelegationExpired;
                }
            }
            else
            {
                TimeChecksSkipped = true;
            }

            if (!KeyIds.AreEqual(buffer, envelope.KeyIdOffset, buffer, Delegation.KeyIdOffset) || envelope.Algorithm != Delegation.Algorithm)
            {
                return TrustVerdict.KeyIdMismatch;
            }

            // Revocation: the carried list if newer and root-signed, else the stored one.
            EffectiveRevocationVersion = trust.RevocationVersion;
            if (envelope.RevocationOffset >= 0)
            {
                if (Revocation.ParseAndVerify(buffer, envelope.RevocationOffset, envelope.RevocationLength, Root) != TrustVerdict.Trusted)
                {
                    return TrustVerdict.InvalidRevocationList;
                }

                if (Revocation.Version > trust.RevocationVersion)
                {
                    HasNewerRevocation = true;
                    EffectiveRevocationVersion = Revocation.Version;
                }
            }

            bool revoked = HasNewerRevocation
                ? Revocation.Contains(buffer, Delegation.KeyIdOffset)
                : trust.IsRevoked(buffer, Delegation.KeyIdOffset);
            if (revoked)
            {
                return TrustVerdict.KeyRevoked;
            }

            // The envelope signature by the delegated key.
            if (!SignatureVerifier.VerifySign1(envelope, Delegation.Algorithm, buffer, Delegation.KeyOffset, Delegation.KeyLength))
            {
                return TrustVerdict.BadSignature;
            }

            return TrustVerdict.Trusted;
        }
    }
}
