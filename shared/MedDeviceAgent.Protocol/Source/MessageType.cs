namespace MedDeviceAgent.Protocol
{
    /// <summary>Message type ids carried as key 0 of every CBOR message. Values are fixed.</summary>
    public enum MessageType
    {
        /// <summary>Not a message.</summary>
        None = 0,

        /// <summary>Telemetry sample.</summary>
        Telemetry = 1,

        /// <summary>Security event.</summary>
        SecurityEvent = 2,

        /// <summary>Update offer.</summary>
        UpdateOffer = 3,

        /// <summary>Update status.</summary>
        UpdateStatus = 4,

        /// <summary>Signed command.</summary>
        Command = 5,

        /// <summary>Command result.</summary>
        CommandResult = 6,
    }
}
