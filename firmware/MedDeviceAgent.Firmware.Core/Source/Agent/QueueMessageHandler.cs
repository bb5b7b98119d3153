namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>Told the <see cref="OutboundQueue"/> id of a telemetry message the <see cref="DeviceAgent"/> queued or saw acknowledged.</summary>
    public delegate void QueueMessageHandler(long id);
}
