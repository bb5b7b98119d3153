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
    /// <para>22-25 are the companion's verdicts on a message of a device's retained <c>state</c> topic (the
    /// device's presence): checked in the order size (<see cref="TooLarge"/> over the state's maximum, 66 bytes),
    /// topic, known device (<see cref="UnknownDevice"/>), class, payload. A state is not authenticated (the broker's
    /// ACL reserves the topic for the device, and the broker publishes its will): it is recorded as broker-asserted
    /// presence and never changes a telemetry verdict. Values are fixed like the others.</para>
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

        /// <summary>A state message (the device's state map or its Last Will) that changed the device's recorded presence: recorded.</summary>
        StateRecorded = 22,

        /// <summary>A state message that is not the will nor a valid state map (malformed, non-deterministic, missing or extra field, trailing bytes).</summary>
        InvalidState = 23,

        /// <summary>A state message on another class's topic than the device's (bound by its first accepted telemetry, else by its first recorded state).</summary>
        StateWrongClass = 24,

        /// <summary>A valid state message equal to the presence already recorded (a retained state delivered again at a subscribe): nothing written.</summary>
        StateUnchanged = 25,
    }
}
