using System;
using System.Collections.Generic;
using System.Linq;
using MedDeviceAgent.Firmware.Core.Agent;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>
    /// What an <see cref="OutboundQueue"/> should hold, kept in plain lists: the messages (id and
    /// bytes, oldest first) and the drop counter, with the queue's drop rule (oldest first while the
    /// records or payload bytes would exceed the limits).
    /// </summary>
    internal sealed class QueueModel
    {
        private readonly OutboundQueueLimits _limits;

        public QueueModel(OutboundQueueLimits limits)
        {
            _limits = limits;
        }

        public List<(long Id, byte[] Payload)> Messages { get; } = new List<(long Id, byte[] Payload)>();

        public long NextId { get; private set; } = 1;

        public long Dropped { get; private set; }

        public long OldestId => Messages.Count == 0 ? 0 : Messages[0].Id;

        /// <summary>A snapshot: the messages and the drop counter.</summary>
        public QueueSnapshot Snapshot() => new QueueSnapshot(Messages.Select(m => (m.Id, m.Payload)).ToList(), Dropped);

        /// <summary>Applies an append; returns the snapshot after its drops and before the message is stored.</summary>
        public QueueSnapshot Append(byte[] payload)
        {
            while (Messages.Count > 0 && (Messages.Count >= _limits.MaxRecords || Messages.Sum(m => m.Payload.Length) + payload.Length > _limits.MaxBytes))
            {
                Messages.RemoveAt(0);
                Dropped++;
            }

            QueueSnapshot afterDrops = Snapshot();
            Messages.Add((NextId++, payload));
            return afterDrops;
        }

        public void Ack()
        {
            Messages.RemoveAt(0);
        }
    }

    /// <summary>The content of a queue at one moment: messages oldest first and the drop counter.</summary>
    internal sealed record QueueSnapshot(List<(long Id, byte[] Payload)> Messages, long Dropped)
    {
        public bool SameAs(QueueSnapshot other)
        {
            return Dropped == other.Dropped && Messages.Count == other.Messages.Count
                && Messages.Zip(other.Messages).All(p => p.First.Id == p.Second.Id && p.First.Payload.AsSpan().SequenceEqual(p.Second.Payload));
        }

        public override string ToString()
        {
            return "[" + string.Join(",", Messages.Select(m => m.Id + ":" + m.Payload.Length)) + "] dropped " + Dropped;
        }
    }
}
