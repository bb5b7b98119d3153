namespace MedDeviceAgent.Protocol
{
    /// <summary>Security event codes written to the tamper-evident event log. Values are fixed.</summary>
    public enum SecurityEventCode
    {
        /// <summary>No event.</summary>
        None = 0,

        /// <summary>The device booted an image.</summary>
        Boot = 1,

        /// <summary>An update package was verified.</summary>
        UpdateVerified = 10,

        /// <summary>An update package was rejected; the detail carries the <see cref="UpdateResult"/>.</summary>
        UpdateRejected = 11,

        /// <summary>An update was staged and marked pending.</summary>
        UpdateStaged = 12,

        /// <summary>A pending update passed its health check and was confirmed.</summary>
        UpdateConfirmed = 13,

        /// <summary>A pending update did not confirm and the device reverted.</summary>
        UpdateReverted = 14,

        /// <summary>The security-counter floor was raised.</summary>
        SecurityCounterRaised = 15,

        /// <summary>A newer revocation list was stored.</summary>
        RevocationListUpdated = 16,

        /// <summary>The trust anchor was rotated.</summary>
        RootRotated = 17,

        /// <summary>Interrupted staging was resumed after a power loss.</summary>
        StagingResumed = 18,
    }
}
