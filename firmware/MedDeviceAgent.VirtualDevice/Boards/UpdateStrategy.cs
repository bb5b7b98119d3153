namespace MedDeviceAgent.VirtualDevice.Boards
{
    /// <summary>What an update replaces on a board, and so where its image slots are.</summary>
    public enum UpdateStrategy
    {
        /// <summary>
        /// Stock nanoFramework firmware (no in-field update of the deployment area): nanoCLR and the agent are
        /// fixed; the update replaces the medical application's assemblies, kept as image files in two slots
        /// on the littlefs config partition (drive I:) and loaded at boot with Assembly.Load(byte[]).
        /// </summary>
        ApplicationOnConfig = 1,

        /// <summary>
        /// nanoFramework firmware with MCUboot and InFieldUpdate: the update replaces the whole deployment image
        /// (agent and application), an MCUboot-signed image staged in the deploy_1 partition and swapped in by
        /// MCUboot; the agent's state stays on I:.
        /// </summary>
        McuBootDeploymentImage = 2,
    }
}
