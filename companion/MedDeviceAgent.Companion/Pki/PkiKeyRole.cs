namespace MedDeviceAgent.Companion.Pki
{
    /// <summary>The keys a PKI directory holds.</summary>
    public enum PkiKeyRole
    {
        /// <summary>The offline root (trust anchor); signs delegations, revocation lists and rotations.</summary>
        Root = 0,

        /// <summary>The online key that signs update packages.</summary>
        UpdateSigner = 1,

        /// <summary>The online key that signs device commands.</summary>
        CommandSigner = 2,
    }
}
