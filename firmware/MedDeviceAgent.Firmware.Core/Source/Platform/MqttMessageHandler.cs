namespace MedDeviceAgent.Firmware.Core.Platform
{
    /// <summary>Called by an <see cref="IMqttTransport"/> for each message received on a subscribed topic.</summary>
    public delegate void MqttMessageHandler(string topic, byte[] payload);
}
