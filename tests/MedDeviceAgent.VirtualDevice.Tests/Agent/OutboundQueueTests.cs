using System;
using System.Linq;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>The outbound queue's contract: order, ids, ack, drop-oldest by records and by bytes, persistence across reboots, damage recovery, limits.</summary>
    public class OutboundQueueTests
    {
        private static readonly OutboundQueueLimits Limits = new OutboundQueueLimits(maxRecords: 4, maxBytes: 100, maxMessageSize: 40);

        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void Append_ThreeMessages_PeekReturnsOldestFirstAndAckDeletesInOrder(string kind)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 1 << 12);
            OutboundQueue queue = Opened(medium.Mount(), new RecordingEventSink());

            Assert.Equal(1, queue.Append(Message(1, 10), 0, 10));
            Assert.Equal(2, queue.Append(Message(2, 0), 0, 0));
            Assert.Equal(3, queue.Append(Message(3, 40), 0, 40));

            Assert.Equal(3, queue.Count);
            Assert.Equal(50, queue.PayloadBytes);
            byte[] buffer = new byte[Limits.MaxMessageSize];
            Assert.Equal(10, queue.PeekOldest(buffer, 0));
            Assert.Equal(1, queue.OldestId);
            Assert.Equal(Message(1, 10), buffer.AsSpan(0, 10).ToArray());
            Assert.Equal(10, queue.PeekOldest(buffer, 0)); // a peek does not remove
            Assert.True(queue.Ack(1));
            Assert.Equal(0, queue.PeekOldest(buffer, 0));
            Assert.Equal(2, queue.OldestId);
            Assert.True(queue.Ack(2));
            Assert.Equal(40, queue.PeekOldest(buffer, 0));
            Assert.Equal(Message(3, 40), buffer.AsSpan(0, 40).ToArray());
            Assert.True(queue.Ack(3));
            Assert.Equal(-1, queue.PeekOldest(buffer, 0));
            Assert.Equal(0, queue.OldestId);
            Assert.Equal(0, queue.Count);
        }

        [Fact]
        public void Ack_IdOtherThanTheOldest_ReturnsFalseAndKeepsEverything()
        {
            using FlashMedium medium = FlashMedium.Create(FlashMedium.MemoryKind, 1 << 12);
            FaultInjectingStorage storage = new FaultInjectingStorage(medium.Mount());
            OutboundQueue queue = Opened(storage, new RecordingEventSink());
            queue.Append(Message(1, 5), 0, 5);
            queue.Append(Message(2, 5), 0, 5);
            long writes = storage.WriteCount;

            Assert.False(queue.Ack(2));  // not the oldest
            Assert.False(queue.Ack(0));
            Assert.False(queue.Ack(99)); // never appended
            Assert.True(queue.Ack(1));
            Assert.False(queue.Ack(1));  // a duplicate PUBACK after a reconnect

            Assert.Equal(writes + 1, storage.WriteCount); // only the real ack wrote
            Assert.Equal(1, queue.Count);
            Assert.Equal(2, queue.OldestId);
        }

        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void Append_FullByRecords_DropsTheOldestAndPersistsTheCounter(string kind)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 1 << 12);
            RecordingEventSink events = new RecordingEventSink();
            OutboundQueue queue = Opened(medium.Mount(), events);
            for (int i = 1; i <= 6; i++)
            {
                queue.Append(Message(i, 3), 0, 3);
            }

            Assert.Equal(4, queue.Count);
            Assert.Equal(3, queue.OldestId);
            Assert.Equal(2, queue.Dropped);
            Assert.Equal(new[] { new SecurityEvent(SecurityEventCode.QueueMessageDropped, 1), new SecurityEvent(SecurityEventCode.QueueMessageDropped, 2) }, events.History);

            // Reboot: the messages and the counter are still there.
            OutboundQueue reopened = Opened(medium.Mount(), new RecordingEventSink());
            Assert.Equal(2, reopened.Dropped);
            QueueSnapshot content = QueueDrain.Drain(reopened, Limits.MaxMessageSize);
            Assert.Equal(new long[] { 3, 4, 5, 6 }, content.Messages.Select(m => m.Id));
            Assert.Equal(Message(6, 3), content.Messages[3].Payload);
        }

        [Fact]
        public void Append_FullByBytes_DropsOldestUntilTheMessageFits()
        {
            using FlashMedium medium = FlashMedium.Create(FlashMedium.MemoryKind, 1 << 12);
            RecordingEventSink events = new RecordingEventSink();
            OutboundQueue queue = Opened(medium.Mount(), events);
            queue.Append(Message(1, 40), 0, 40);
            queue.Append(Message(2, 30), 0, 30);
            queue.Append(Message(3, 20), 0, 20); // 90 of 100 bytes

            queue.Append(Message(4, 40), 0, 40); // needs 30 more: drops 1 (40 bytes)

            Assert.Equal(1, queue.Dropped);
            Assert.Equal(90, queue.PayloadBytes);
            Assert.Equal(2, queue.OldestId);

            queue.Append(Message(5, 40), 0, 40); // 130 > 100: drops 2 (30 bytes) -> 100
            Assert.Equal(2, queue.Dropped);
            Assert.Equal(100, queue.PayloadBytes);
            Assert.Equal(new long[] { 3, 4, 5 }, QueueDrain.Drain(queue, Limits.MaxMessageSize).Messages.Select(m => m.Id));
            Assert.Equal(2, events.History.Count(e => e.Code == SecurityEventCode.QueueMessageDropped));
        }

        [Fact]
        public void Append_LargerThanTheLargestMessage_ThrowsAndStoresNothing()
        {
            using FlashMedium medium = FlashMedium.Create(FlashMedium.MemoryKind, 1 << 12);
            IStorage storage = medium.Mount();
            OutboundQueue queue = Opened(storage, new RecordingEventSink());

            Assert.Throws<ArgumentException>(() => queue.Append(new byte[41], 0, 41));
            Assert.Throws<ArgumentException>(() => queue.Append(new byte[10], 5, 6));
            Assert.Throws<ArgumentException>(() => queue.PeekOldest(new byte[39], 0));

            Assert.Equal(0, queue.Count);
            Assert.Equal(-1, storage.GetLength(OutboundQueue.DataName));
            Assert.True(queue.IsOpen);
        }

        [Fact]
        public void Operations_BeforeOpen_Throw()
        {
            OutboundQueue queue = new OutboundQueue(new MemoryStorage(1 << 12), new RecordingEventSink(), Limits);
            Assert.Throws<InvalidOperationException>(() => queue.Append(new byte[1], 0, 1));
            Assert.Throws<InvalidOperationException>(() => queue.PeekOldest(new byte[40], 0));
            Assert.Throws<InvalidOperationException>(() => queue.Ack(1));
        }

        [Fact]
        public void Append_StorageFault_ClosesTheQueueUntilOpenedAgain()
        {
            using FlashMedium medium = FlashMedium.Create(FlashMedium.MemoryKind, 1 << 12);
            FaultInjectingStorage storage = new FaultInjectingStorage(medium.Mount());
            OutboundQueue queue = Opened(storage, new RecordingEventSink());
            queue.Append(Message(1, 5), 0, 5);
            storage.CutAfter(2);

            Assert.Throws<PowerCutException>(() => queue.Append(Message(2, 5), 0, 5));
            Assert.False(queue.IsOpen);
            storage.PowerOn();
            Assert.Throws<InvalidOperationException>(() => queue.Append(Message(3, 5), 0, 5));

            queue.Open();
            Assert.Equal(1, queue.Count);
            Assert.Equal(2, queue.Append(Message(3, 5), 0, 5));
        }

        [Theory]
        [InlineData(FlashMedium.MemoryKind)]
        [InlineData(FlashMedium.FileKind)]
        public void Ack_PowerCutDuringItsIndexWrite_DeliversTheMessageAgainAfterPowerOn(string kind)
        {
            using FlashMedium medium = FlashMedium.Create(kind, 1 << 12);
            FaultInjectingStorage storage = new FaultInjectingStorage(medium.Mount(), seed: 5);
            OutboundQueue queue = Opened(storage, new RecordingEventSink());
            queue.Append(Message(1, 20), 0, 20);
            queue.Append(Message(2, 20), 0, 20);
            storage.CutAfter(1); // the ack's one write, torn

            Assert.Throws<PowerCutException>(() => queue.Ack(1)); // the PUBACK came, its ack did not persist
            storage.PowerOn();

            OutboundQueue reopened = Opened(medium.Mount(), new RecordingEventSink());
            byte[] buffer = new byte[Limits.MaxMessageSize];
            Assert.Equal(20, reopened.PeekOldest(buffer, 0));
            Assert.Equal(1, reopened.OldestId); // published again: at least once, the ingest deduplicates
            Assert.Equal(Message(1, 20), buffer.AsSpan(0, 20).ToArray());
            Assert.Equal(2, reopened.Count);
        }

        [Fact]
        public void PeekOldest_PayloadDamaged_SkipsThatRecordAndReportsTheCorruption()
        {
            MemoryStorage flash = new MemoryStorage(1 << 12);
            RecordingEventSink events = new RecordingEventSink();
            OutboundQueue queue = Opened(flash, events);
            queue.Append(Message(1, 10), 0, 10);
            queue.Append(Message(2, 10), 0, 10);
            FlipByte(flash, OutboundQueue.DataName, OutboundQueue.HeaderSize + 3); // inside message 1's payload

            OutboundQueue reopened = Opened(flash, events);
            byte[] buffer = new byte[Limits.MaxMessageSize];
            Assert.Equal(10, reopened.PeekOldest(buffer, 0));

            Assert.Equal(2, reopened.OldestId);
            Assert.Equal(Message(2, 10), buffer.AsSpan(0, 10).ToArray());
            Assert.Equal(1, reopened.CorruptionsRecovered);
            Assert.Equal(new SecurityEvent(SecurityEventCode.QueueCorruptionRecovered, 1), events.History.Single());
            Assert.Equal(1, Opened(flash, new RecordingEventSink()).CorruptionsRecovered); // persisted
        }

        [Fact]
        public void PeekOldest_HeaderDamaged_DiscardsTheQueueAndReportsHowMany()
        {
            MemoryStorage flash = new MemoryStorage(1 << 12);
            RecordingEventSink events = new RecordingEventSink();
            OutboundQueue queue = Opened(flash, events);
            queue.Append(Message(1, 10), 0, 10);
            queue.Append(Message(2, 10), 0, 10);
            queue.Append(Message(3, 10), 0, 10);
            FlipByte(flash, OutboundQueue.DataName, 5); // message 1's id

            Assert.Equal(-1, queue.PeekOldest(new byte[Limits.MaxMessageSize], 0));

            Assert.Equal(0, queue.Count);
            Assert.Equal(new SecurityEvent(SecurityEventCode.QueueCorruptionRecovered, 3), events.History.Single());
            Assert.Equal(4, queue.Append(Message(4, 1), 0, 1)); // ids keep increasing
        }

        [Fact]
        public void Open_BothIndexRecordsDamaged_OpensEmptyAndReportsUnknownLoss()
        {
            MemoryStorage flash = new MemoryStorage(1 << 12);
            OutboundQueue queue = Opened(flash, new RecordingEventSink());
            queue.Append(Message(1, 10), 0, 10);
            queue.Append(Message(2, 10), 0, 10);
            FlipByte(flash, OutboundQueue.IndexNameA, StateStore.HeaderSize + 2);
            FlipByte(flash, OutboundQueue.IndexNameB, StateStore.HeaderSize + 2);

            RecordingEventSink events = new RecordingEventSink();
            OutboundQueue reopened = Opened(flash, events);

            Assert.Equal(0, reopened.Count);
            Assert.Equal(1, reopened.CorruptionsRecovered);
            Assert.Equal(new SecurityEvent(SecurityEventCode.QueueCorruptionRecovered, -1), events.History.Single());
            Assert.Equal(1, reopened.Append(Message(9, 3), 0, 3));
        }

        [Fact]
        public void Open_OneIndexRecordDamaged_LoadsTheOtherSilently()
        {
            MemoryStorage flash = new MemoryStorage(1 << 12);
            OutboundQueue queue = Opened(flash, new RecordingEventSink());
            queue.Append(Message(1, 10), 0, 10);
            queue.Append(Message(2, 10), 0, 10); // second index write goes to queue.b
            FlipByte(flash, OutboundQueue.IndexNameB, StateStore.HeaderSize + 2);

            RecordingEventSink events = new RecordingEventSink();
            OutboundQueue reopened = Opened(flash, events);

            Assert.Equal(new long[] { 1 }, QueueDrain.Drain(reopened, Limits.MaxMessageSize).Messages.Select(m => m.Id));
            Assert.Empty(events.History);
        }

        [Fact]
        public void Open_WithOtherLimits_DiscardsTheMessagesAsCountedDrops()
        {
            MemoryStorage flash = new MemoryStorage(1 << 12);
            OutboundQueue queue = Opened(flash, new RecordingEventSink());
            queue.Append(Message(1, 10), 0, 10);
            queue.Append(Message(2, 10), 0, 10);

            RecordingEventSink events = new RecordingEventSink();
            OutboundQueue resized = new OutboundQueue(flash, events, new OutboundQueueLimits(8, 200, 40));
            resized.Open();

            Assert.Equal(0, resized.Count);
            Assert.Equal(2, resized.Dropped);
            Assert.Equal(2, events.History.Count(e => e.Code == SecurityEventCode.QueueMessageDropped));
            Assert.Equal(3, resized.Append(Message(3, 1), 0, 1));
        }

        [Fact]
        public void Open_NeverWritten_IsEmptyWritesNothingAndReportsNothing()
        {
            using FlashMedium medium = FlashMedium.Create(FlashMedium.MemoryKind, 1 << 12);
            FaultInjectingStorage storage = new FaultInjectingStorage(medium.Mount());
            RecordingEventSink events = new RecordingEventSink();
            OutboundQueue queue = Opened(storage, events);

            Assert.Equal(0, queue.Count);
            Assert.Equal(0, queue.Dropped);
            Assert.Equal(0, storage.WriteCount);
            Assert.Empty(events.History);
        }

        [Fact]
        public void Limits_OutOfRange_Throw()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new OutboundQueueLimits(0, 100, 10));
            Assert.Throws<ArgumentOutOfRangeException>(() => new OutboundQueueLimits(1, 100, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new OutboundQueueLimits(1, 9, 10));
            Assert.Throws<ArgumentOutOfRangeException>(() => new OutboundQueueLimits(int.MaxValue, int.MaxValue, 10));
            Assert.Equal(100 + (4 * 48) + 40 + 48, Limits.DataCapacity);
        }

        [Fact]
        public void StateStore_NamedRecords_DoNotTouchTheDeviceState()
        {
            MemoryStorage flash = new MemoryStorage(1 << 12);
            OutboundQueue queue = Opened(flash, new RecordingEventSink());
            queue.Append(Message(1, 10), 0, 10);
            queue.Append(Message(2, 10), 0, 10);

            Assert.Equal(-1, flash.GetLength(StateStore.RecordA));
            Assert.Equal(-1, flash.GetLength(StateStore.RecordB));
            Assert.Equal(StateStore.HeaderSize + 64 + 32, flash.GetLength(OutboundQueue.IndexNameA));
        }

        internal static byte[] Message(int seed, int length)
        {
            byte[] message = new byte[length];
            for (int i = 0; i < length; i++)
            {
                message[i] = (byte)((seed * 31) + i);
            }

            return message;
        }

        private static void FlipByte(IStorage storage, string name, int position)
        {
            byte[] one = new byte[1];
            Assert.Equal(1, storage.Read(name, position, one, 0, 1));
            one[0] ^= 0x20;
            storage.Write(name, position, one, 0, 1);
        }

        private static OutboundQueue Opened(IStorage storage, IEventSink events)
        {
            OutboundQueue queue = new OutboundQueue(storage, events, Limits);
            queue.Open();
            return queue;
        }
    }
}
