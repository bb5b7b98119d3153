namespace MedDeviceAgent.Protocol
{
    /// <summary>The role a delegation grants. Values are fixed: they are signed into delegations.</summary>
    public enum KeyRole
    {
        /// <summary>No role; never accepted.</summary>
        None = 0,

        /// <summary>May sign update packages.</summary>
        UpdateSigner = 1,

        /// <summary>May sign device commands.</summary>
        CommandSigner = 2,
    }
}
