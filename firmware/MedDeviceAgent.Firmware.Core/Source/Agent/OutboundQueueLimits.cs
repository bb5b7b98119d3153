using System;

namespace MedDeviceAgent.Firmware.Core.Agent
{
    /// <summary>
    /// The fixed capacity of an <see cref="OutboundQueue"/>: how many messages it keeps, how many
    /// payload bytes in all, and the largest single message. Validated once, at construction.
    /// </summary>
    /// <remarks>
    /// Flash: the queue's data file is <see cref="DataCapacity"/> bytes, the payload budget plus a
    /// <see cref="OutboundQueue.RecordOverhead"/>-byte frame per record plus one largest record of
    /// slack (a record never wraps, so the end of the ring may stay unused). RAM does not grow with
    /// any of these: the queue reads one record at a time into the caller's buffer.
    /// Compatibility: the limits are stored in the queue's index; opening a queue with other limits
    /// discards what it holds (counted as drops).
    /// </remarks>
    public sealed class OutboundQueueLimits
    {
        /// <summary>Creates limits of <paramref name="maxRecords"/> messages, <paramref name="maxBytes"/> payload bytes, messages of at most <paramref name="maxMessageSize"/> bytes.</summary>
        /// <exception cref="ArgumentOutOfRangeException">A limit is below 1, <paramref name="maxBytes"/> is below <paramref name="maxMessageSize"/>, or the data file would exceed 1 GiB.</exception>
        public OutboundQueueLimits(int maxRecords, int maxBytes, int maxMessageSize)
        {
            if (maxRecords < 1 || maxMessageSize < 1 || maxBytes < maxMessageSize)
            {
                throw new ArgumentOutOfRangeException(nameof(maxRecords), "Limits must be positive and maxBytes at least maxMessageSize");
            }

            long capacity = (long)maxBytes + ((long)maxRecords * OutboundQueue.RecordOverhead) + maxMessageSize + OutboundQueue.RecordOverhead;
            if (capacity > (1 << 30))
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes), "The queue's data file would exceed 1 GiB");
            }

            MaxRecords = maxRecords;
            MaxBytes = maxBytes;
            MaxMessageSize = maxMessageSize;
            DataCapacity = (int)capacity;
        }

        /// <summary>Most messages held at once; appending one more drops the oldest.</summary>
        public int MaxRecords { get; private set; }

        /// <summary>Most payload bytes held at once (frames not counted); an append that would exceed it drops the oldest first.</summary>
        public int MaxBytes { get; private set; }

        /// <summary>Largest payload one message may have.</summary>
        public int MaxMessageSize { get; private set; }

        /// <summary>Size in bytes of the ring the records live in (the data file never grows past it).</summary>
        public int DataCapacity { get; private set; }
    }
}
