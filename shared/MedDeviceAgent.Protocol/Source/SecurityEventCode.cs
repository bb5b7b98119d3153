namespace MedDeviceAgent.Protocol
{
    /// <summary>
    /// Security event codes: what the device decided, recorded through the firmware core's event
    /// seam (<c>IEventSink</c>) and, later, in the tamper-evident event log. Values are fixed.
    /// Each event carries one 64-bit detail whose meaning is given on each code.
    /// </summary>
    public enum SecurityEventCode
    {
        /// <summary>No event.</summary>
        None = 0,

        /// <summary>The device booted. Detail: the slot it runs from (0 or 1), or -1 when it has no valid state or image (fault).</summary>
        Boot = 1,

        /// <summary>An update package was verified in full, payload digest included. Detail: the package's security counter.</summary>
        UpdateVerified = 10,

        /// <summary>An update package was rejected. Detail: the <see cref="UpdateResult"/> value.</summary>
        UpdateRejected = 11,

        /// <summary>An update was staged and marked pending for its test boot. Detail: the image's security counter.</summary>
        UpdateStaged = 12,

        /// <summary>A pending update passed its health check and was confirmed. Detail: the image's security counter.</summary>
        UpdateConfirmed = 13,

        /// <summary>A pending update did not confirm and the device reverted. Detail: the reverted image's security counter.</summary>
        UpdateReverted = 14,

        /// <summary>The security-counter floor was raised. Detail: the new floor.</summary>
        SecurityCounterRaised = 15,

        /// <summary>A newer revocation list was stored. Detail: its version.</summary>
        RevocationListUpdated = 16,

        /// <summary>The trust anchor was rotated. Detail: the new root's sequence number.</summary>
        RootRotated = 17,

        /// <summary>Interrupted staging of the same package was resumed (after a power loss or a dropped connection). Detail: the payload offset it resumed from.</summary>
        StagingResumed = 18,

        /// <summary>
        /// The package source stopped delivering while the payload was being staged; the progress is
        /// kept for a resume (<see cref="UpdateResult.SourceUnavailable"/>). Detail: the payload bytes durably staged.
        /// </summary>
        StagingInterrupted = 19,

        /// <summary>
        /// The outbound (store-and-forward) queue dropped its oldest message to make room (full by
        /// records or bytes, or its capacity was reconfigured). Detail: the queue's persisted drop
        /// counter after this drop (the total of messages ever dropped).
        /// </summary>
        QueueMessageDropped = 30,

        /// <summary>
        /// The outbound queue found a damaged record or index (flash corruption, never a power cut)
        /// and recovered by discarding what it could not trust. Detail: the number of messages
        /// discarded, or -1 when the index was lost and the count is unknown.
        /// </summary>
        QueueCorruptionRecovered = 31,

        /// <summary>
        /// The device agent connected to the broker (its Last Will registered, its retained state published).
        /// Detail: the failed attempts since the previous connection (0 on a first try).
        /// </summary>
        AgentConnected = 40,

        /// <summary>
        /// The device agent's broker connection ended. Detail: 0 a clean stop (state published offline,
        /// DISCONNECT sent), 1 the connection dropped, 2 a publish was not acknowledged in time (the agent
        /// closed the connection and will retry).
        /// </summary>
        AgentDisconnected = 41,

        /// <summary>
        /// A connection attempt of the device agent failed (unreachable, TLS refused, CONNECT refused).
        /// Detail: the back-off delay before the next attempt, in milliseconds.
        /// </summary>
        AgentConnectFailed = 42,
    }
}
