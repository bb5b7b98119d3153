using System;
using System.Collections.Generic;
using System.Linq;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>
    /// Cuts the power at every single write of a scripted sequence of appends, acknowledgements and
    /// drops (three data writes and one or two index writes per append, one per ack), each cut tearing
    /// its write at a seeded random byte, and proves after power-on that the queue holds exactly what it
    /// held before or after the interrupted operation (for an append that dropped: also the state with
    /// the drops made and the message not yet stored): same ids, same bytes, same order, drop counter
    /// matching, nothing reported corrupt, and the queue keeps working.
    /// </summary>
    public class OutboundQueuePowerCutTests
    {
        private static readonly OutboundQueueLimits Limits = new OutboundQueueLimits(maxRecords: 5, maxBytes: 160, maxMessageSize: 60);

        [Theory]
        [InlineData(FlashMedium.MemoryKind, 11, 60, 0)]
        [InlineData(FlashMedium.MemoryKind, 11, 60, 7919)]
        [InlineData(FlashMedium.MemoryKind, 12, 60, 0)]
        [InlineData(FlashMedium.FileKind, 13, 40, 0)]
        public void Operations_PowerCutAtEveryWrite_QueueHoldsBeforeOrAfterStateNeverCorrupt(string kind, int scriptSeed, int steps, int tearSeedOffset)
        {
            List<QueueScript.Step> script = QueueScript.Build(scriptSeed, steps, Limits.MaxMessageSize);
            long totalWrites = CountWrites(kind, script, out QueueSnapshot uncut);
            Assert.True(uncut.Dropped > 0, "the script should drop messages (dropped " + uncut.Dropped + ")");
            Assert.True(totalWrites > 3 * steps, "expected several writes per operation, got " + totalWrites);

            for (int cut = 1; cut <= totalWrites; cut++)
            {
                RunCut(kind, script, cut, cut + tearSeedOffset);
            }
        }

        [Fact]
        public void Script_WithoutCuts_MatchesTheModelAndWrapsTheRing()
        {
            List<QueueScript.Step> script = QueueScript.Build(11, 200, Limits.MaxMessageSize);
            using FlashMedium medium = FlashMedium.Create(FlashMedium.MemoryKind, 1 << 12);
            IStorage storage = medium.Mount();
            OutboundQueue queue = Opened(storage, new RecordingEventSink());
            QueueModel model = new QueueModel(Limits);
            long appendedBytes = 0;
            foreach (QueueScript.Step step in script)
            {
                Apply(queue, model, step, null);
                appendedBytes += step.Payload?.Length + OutboundQueue.RecordOverhead ?? 0;
                Assert.True(storage.GetLength(OutboundQueue.DataName) <= Limits.DataCapacity, "the data file grew past its capacity");
            }

            Assert.True(appendedBytes > 3 * Limits.DataCapacity, "the script should wrap the ring several times");
            Assert.True(model.Snapshot().SameAs(QueueDrain.Drain(queue, Limits.MaxMessageSize)));
        }

        private static long CountWrites(string kind, List<QueueScript.Step> script, out QueueSnapshot final)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 1 << 12);
            FaultInjectingStorage storage = new FaultInjectingStorage(medium.Mount());
            OutboundQueue queue = Opened(storage, new RecordingEventSink());
            QueueModel model = new QueueModel(Limits);
            foreach (QueueScript.Step step in script)
            {
                Apply(queue, model, step, null);
            }

            long writes = storage.WriteCount;
            final = model.Snapshot();
            Assert.True(final.SameAs(QueueDrain.Drain(queue, Limits.MaxMessageSize)), "uncut run differs from the model");
            return writes;
        }

        /// <summary>One cut at the <paramref name="cut"/>-th write of the script, torn at a byte seeded by <paramref name="tearSeed"/>.</summary>
        private static void RunCut(string kind, List<QueueScript.Step> script, int cut, int tearSeed)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 1 << 12);
            FaultInjectingStorage storage = new FaultInjectingStorage(medium.Mount(), seed: tearSeed);
            RecordingEventSink events = new RecordingEventSink();
            OutboundQueue queue = Opened(storage, events);
            QueueModel model = new QueueModel(Limits);
            storage.CutAtWrite = cut;
            List<QueueSnapshot> allowed = new List<QueueSnapshot>();
            bool died = false;
            foreach (QueueScript.Step step in script)
            {
                allowed.Clear();
                allowed.Add(model.Snapshot());
                try
                {
                    Apply(queue, model, step, allowed);
                }
                catch (PowerCutException)
                {
                    died = true;
                    break;
                }
            }

            Assert.True(died, "cut " + cut + " did not happen");
            Assert.False(queue.IsOpen, "cut " + cut + ": the queue stayed open after a storage fault");
            allowed.Add(model.Snapshot());

            // Power on: a new queue over the remounted medium.
            storage.PowerOn();
            RecordingEventSink after = new RecordingEventSink();
            OutboundQueue reopened = Opened(medium.Mount(), after);
            QueueSnapshot found = QueueDrain.Drain(reopened, Limits.MaxMessageSize);
            Assert.True(allowed.Any(a => a.SameAs(found)), "cut " + cut + ": found " + found + ", allowed " + string.Join(" or ", allowed));
            Assert.Equal(0, reopened.CorruptionsRecovered);
            Assert.DoesNotContain(after.History, e => e.Code == SecurityEventCode.QueueCorruptionRecovered);

            // And it keeps working: the next message gets the next id and reads back.
            byte[] next = new byte[] { 1, 2, 3, (byte)cut };
            long id = reopened.Append(next, 0, next.Length);
            long lastId = found.Messages.Count == 0 ? 0 : found.Messages[^1].Id;
            Assert.True(id > lastId, "cut " + cut + ": id " + id + " reused after " + lastId);
            byte[] buffer = new byte[Limits.MaxMessageSize];
            Assert.Equal(next.Length, reopened.PeekOldest(buffer, 0));
            Assert.Equal(next, buffer.AsSpan(0, next.Length).ToArray());
        }

        /// <summary>Runs one step on the model and the queue; for an append that drops, adds the state between its drops and its store to <paramref name="intermediate"/> first.</summary>
        private static void Apply(OutboundQueue queue, QueueModel model, QueueScript.Step step, List<QueueSnapshot>? intermediate)
        {
            if (step.IsAck)
            {
                if (model.Messages.Count == 0)
                {
                    return;
                }

                long oldest = model.OldestId;
                Assert.Equal(oldest, queue.OldestId);
                Assert.True(queue.Ack(oldest));
                model.Ack();
                return;
            }

            long droppedBefore = model.Dropped;
            QueueSnapshot afterDrops = model.Append(step.Payload!);
            if (intermediate != null && model.Dropped > droppedBefore)
            {
                intermediate.Add(afterDrops);
            }

            long id = queue.Append(step.Payload!, 0, step.Payload!.Length);
            Assert.Equal(model.Messages[^1].Id, id);
            Assert.Equal(model.Dropped, queue.Dropped);
            Assert.Equal(model.Messages.Count, queue.Count);
        }

        private static OutboundQueue Opened(IStorage storage, IEventSink events)
        {
            OutboundQueue queue = new OutboundQueue(storage, events, Limits);
            queue.Open();
            return queue;
        }
    }
}
