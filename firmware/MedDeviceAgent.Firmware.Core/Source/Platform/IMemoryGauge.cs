namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>How much managed memory is free, for telemetry (nanoFramework: <c>nanoFramework.Runtime.Native.GC.Run(false)</c>).</summary>
    /// <remarks>Read once per telemetry message; implementations should be cheap and allocate nothing.</remarks>
    public interface IMemoryGauge
    {
        /// <summary>Free managed heap in bytes (0 or more).</summary>
        long FreeBytes { get; }
    }
}
