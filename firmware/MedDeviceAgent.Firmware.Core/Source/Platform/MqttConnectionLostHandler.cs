namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>Called by an <see cref="IMqttTransport"/> when the broker connection drops.</summary>
    public delegate void MqttConnectionLostHandler();
}
