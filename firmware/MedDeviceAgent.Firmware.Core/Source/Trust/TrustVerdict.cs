namespace MedDeviceAgent.Firmware.Core.Trust
{
    /// <summary>
    /// What <see cref="TrustChain"/> decided about a signed envelope: whether the key that signed
    /// it chains to the device's root with the role required. Values are fixed (they may be
    /// logged and reported); each consumer maps them onto its own result codes with one function
    /// (update packages: <c>Update.UpdateResultMapping.FromTrust</c>, onto <c>UpdateResult</c> 20-30).
    /// Every check starts as <see cref="NotVerified"/>; only a completed chain sets <see cref="Trusted"/>.
    /// </summary>
    public enum TrustVerdict
    {
        /// <summary>The signer is delegated by the current root for the required role and the signature verifies.</summary>
        Trusted = 0,

        /// <summary>Initial verdict: the check did not complete. Never a success.</summary>
        NotVerified = 1,

        /// <summary>A root rotation statement does not chain from the device's trust anchor.</summary>
        InvalidRootChain = 2,

        /// <summary>The envelope carries no delegation for its signer.</summary>
        MissingDelegation = 3,

        /// <summary>The delegation is malformed or not signed by the current root.</summary>
        InvalidDelegation = 4,

        /// <summary>The delegated key does not hold the role required (an unknown role holds none).</summary>
        WrongKeyRole = 5,

        /// <summary>The delegation is not valid yet (trusted time only).</summary>
        DelegationNotYetValid = 6,

        /// <summary>The delegation has expired (trusted time only).</summary>
        DelegationExpired = 7,

        /// <summary>The envelope's key id or algorithm differs from the delegated key's.</summary>
        KeyIdMismatch = 8,

        /// <summary>The carried revocation list is malformed or not signed by the current root.</summary>
        InvalidRevocationList = 9,

        /// <summary>The device holds no revocation list as recent as the signed content requires.</summary>
        RevocationListOutdated = 10,

        /// <summary>The signer key is on the effective revocation list.</summary>
        KeyRevoked = 11,

        /// <summary>The envelope signature does not verify with the delegated key.</summary>
        BadSignature = 12,
    }
}
