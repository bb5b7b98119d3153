namespace MedDeviceAgent.Firmware.Core.Update
{
    /// <summary>Where a pending update stands. Values are fixed: they are stored in the state record.</summary>
    public enum UpdatePhase
    {
        /// <summary>No update pending.</summary>
        None = 0,

        /// <summary>Payload is being written to the inactive slot; resumable from the recorded offset.</summary>
        Staging = 1,

        /// <summary>Payload verified and staged; the next boot tests it.</summary>
        Staged = 2,

        /// <summary>The image is on its test boot; only a confirmation keeps it, any reset reverts it.</summary>
        Trial = 3,
    }
}
