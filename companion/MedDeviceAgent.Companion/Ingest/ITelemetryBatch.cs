using System;

namespace MedDeviceAgent.Companion.Ingest
{
    /// <summary>
    /// One database transaction of the ingest: the locked rows of the devices it touches, the checks the ordering
    /// rules need, and the writes of a batch of messages. Nothing is visible to others before <see cref="Commit"/>;
    /// disposing without it rolls everything back.
    /// </summary>
    /// <remarks>
    /// The rows of the devices named at <see cref="ITelemetryStore.BeginBatch"/> are locked for the whole transaction
    /// (PostgreSQL <c>SELECT ... FOR UPDATE</c> in id order, so two monitors never deadlock; SQLite <c>BEGIN
    /// IMMEDIATE</c>, one writer at a time), so the high-water mark read here is the one every other monitor sees,
    /// and the one this batch writes back. Telemetry and rejections are buffered and written at commit (one round
    /// trip on PostgreSQL); gap changes are written at once (they are rare). Not thread-safe.
    /// </remarks>
    public interface ITelemetryBatch : IDisposable
    {
        /// <summary>The locked row of <paramref name="deviceId"/> (created with nothing accepted when new), or null when it was not named at begin.</summary>
        DeviceState? Device(string deviceId);

        /// <summary>True when (device, boot, sequence) is stored, in the database or earlier in this batch.</summary>
        bool IsStored(string deviceId, long boot, long sequence);

        /// <summary>The recorded gap that holds (boot, sequence) of the device, or null.</summary>
        GapRange? FindGap(string deviceId, long boot, long sequence);

        /// <summary>Records missing sequences.</summary>
        void AddGap(GapRange gap);

        /// <summary>Removes <paramref name="sequence"/> from <paramref name="gap"/> (splitting it, or deleting it when it was the last).</summary>
        void FillGap(GapRange gap, long sequence);

        /// <summary>The recorded presence of <paramref name="deviceId"/> (read in this transaction, under the device's row lock), or null.</summary>
        DevicePresence? Presence(string deviceId);

        /// <summary>Records <paramref name="presence"/> (inserted or replaced; written at once, states are rare). The device must be locked by this batch.</summary>
        void SetPresence(DevicePresence presence);

        /// <summary>Stores an accepted message (the caller has checked that it is not stored yet).</summary>
        void AddTelemetry(StoredTelemetry telemetry);

        /// <summary>Stores a rejection.</summary>
        void AddRejection(RejectionRecord rejection);

        /// <summary>Adds to the count of rejections that the rate limit kept out of the rejections table.</summary>
        void AddSuppressedRejections(long count);

        /// <summary>Writes the buffered rows and the changed device rows and commits.</summary>
        void Commit();
    }
}
