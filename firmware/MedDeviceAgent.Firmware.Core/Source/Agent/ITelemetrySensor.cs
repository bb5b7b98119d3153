namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>
    /// The pluggable sensor reading a <see cref="DeviceAgent"/> adds to each telemetry message (telemetry key 8): the
    /// medical application's own measurement, as one signed 64-bit value in the unit the device class defines.
    /// </summary>
    /// <remarks>
    /// Called on the agent's thread once per telemetry period; keep it short and allocation-free (it runs inside the
    /// agent's <see cref="DeviceAgent.Step"/>). An exception propagates to the caller of <see cref="DeviceAgent.Step"/>.
    /// </remarks>
    public interface ITelemetrySensor
    {
        /// <summary>Reads the sensor; false when there is no reading this period (the message then carries none).</summary>
        bool TryRead(out long value);
    }
}
