namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// Verdict of the receiving side on one telemetry message. Values are fixed (the companion records
    /// them); every verdict starts as a rejection and only a message that passed every check is accepted.
    /// </summary>
    /// <remarks>
    /// Checks run in this order: size, topic, known device, COSE_Mac0 structure, algorithm, key id,
    /// MAC, payload, then boot counter and sequence against the device's high-water mark. A rejected
    /// message never moves the high-water mark.
    /// </remarks>
    public enum TelemetryResult
    {
        /// <summary>Authentic and the next in order (or the first of a newer boot starting at sequence 0).</summary>
        Accepted = 0,

        /// <summary>Authentic and newer than the high-water mark, but messages before it are missing (the gap is reported).</summary>
        AcceptedAfterGap = 1,

        /// <summary>Empty, or longer than the maximum message size.</summary>
        TooLarge = 10,

        /// <summary>The topic is not a well-formed <c>mda/v1/{class}/{id}/telemetry</c> topic.</summary>
        InvalidTopic = 11,

        /// <summary>No key is registered for the topic's device id (or class).</summary>
        UnknownDevice = 12,

        /// <summary>Not well-formed deterministic CBOR.</summary>
        MalformedCbor = 13,

        /// <summary>Well-formed CBOR that is not a COSE_Mac0 of our shape.</summary>
        InvalidCose = 14,

        /// <summary>The protected header names another algorithm than HMAC 256/256.</summary>
        UnsupportedAlgorithm = 15,

        /// <summary>The key id is not the topic's device's: a message of another device, or on another device's topic.</summary>
        WrongDevice = 16,

        /// <summary>The tag does not verify with the device's key: forged or altered.</summary>
        BadMac = 17,

        /// <summary>Authentic, but the payload map is not a valid telemetry payload (missing, unknown or out-of-range field).</summary>
        InvalidPayload = 18,

        /// <summary>The same boot and sequence as the last accepted message: a replay (or a duplicate delivery).</summary>
        Replayed = 19,

        /// <summary>The same boot with a lower sequence than the last accepted message: reordered or replayed.</summary>
        Reordered = 20,

        /// <summary>A boot counter lower than the last accepted message's: an old message replayed or delivered late.</summary>
        StaleBoot = 21,
    }
}
