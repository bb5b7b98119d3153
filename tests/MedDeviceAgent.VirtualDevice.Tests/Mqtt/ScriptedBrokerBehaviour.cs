namespace MedDeviceAgent.VirtualDevice.Tests.Mqtt
{
    /// <summary>What a <see cref="ScriptedBroker"/> answers.</summary>
    public enum ScriptedBrokerBehaviour
    {
        /// <summary>Accepts TCP connections and never sends a byte.</summary>
        NeverAnswer = 0,

        /// <summary>Accepts CONNECT, then ignores every packet (no PUBACK, no SUBACK).</summary>
        ConnAckOnly = 1,

        /// <summary>Accepts CONNECT and answers every SUBSCRIBE with the failure code 0x80.</summary>
        RefuseSubscriptions = 2,
    }
}
