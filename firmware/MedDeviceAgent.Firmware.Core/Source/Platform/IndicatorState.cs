namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>What the device's indicator (an LED on the board) shows. Values are fixed.</summary>
    public enum IndicatorState
    {
        /// <summary>Normal operation.</summary>
        Idle = 0,

        /// <summary>An update is being received or installed.</summary>
        Updating = 1,

        /// <summary>A pending image is on test and awaits confirmation.</summary>
        Testing = 2,

        /// <summary>A security event needs attention (rejected update, revert, tamper).</summary>
        Attention = 3,

        /// <summary>The device cannot operate (no valid image state).</summary>
        Fault = 4,
    }
}
