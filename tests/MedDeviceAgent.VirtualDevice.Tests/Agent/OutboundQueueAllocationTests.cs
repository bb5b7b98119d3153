using System;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;
using Xunit.Abstractions;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>
    /// Allocations per queue operation on the host build, on allocation-free flash (preallocated
    /// <see cref="MemoryStorage"/>), measured with GC.GetAllocatedBytesForCurrentThread after a warm-up:
    /// append (drops included), peek and ack allocate nothing, so a device offline for hours does not
    /// churn its 50-110 KB heap.
    /// </summary>
    [Collection(SerialCollection.Name)]
    public class OutboundQueueAllocationTests
    {
        private readonly ITestOutputHelper _output;

        public OutboundQueueAllocationTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void AppendPeekAck_AfterWarmUp_AllocateNothingPerMessage()
        {
            OutboundQueueLimits limits = new OutboundQueueLimits(maxRecords: 64, maxBytes: 8192, maxMessageSize: 256);
            MemoryStorage flash = new MemoryStorage(limits.DataCapacity);
            flash.Preallocate(OutboundQueue.DataName, OutboundQueue.IndexNameA, OutboundQueue.IndexNameB);
            CountingEventSink events = new CountingEventSink();
            OutboundQueue queue = new OutboundQueue(flash, events, limits);
            queue.Open();
            byte[] message = OutboundQueueTests.Message(7, 200);
            byte[] buffer = new byte[limits.MaxMessageSize];
            for (int i = 0; i < 100; i++)
            {
                // Warm-up: fills the queue, the later appends drop.
                queue.Append(message, 0, message.Length);
            }

            // The least of up to three batches: a per-message allocation shows in every batch, the
            // runtime's one-off work on this thread (tiered re-JIT) in one at most.
            const int n = 1000;
            long appendBytes = long.MaxValue;
            long before;
            for (int batch = 0; batch < 3 && appendBytes != 0; batch++)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < n; i++)
                {
                    queue.Append(message, 0, message.Length); // full by bytes: each append drops one
                }

                appendBytes = Math.Min(appendBytes, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            int read = 0;
            int acked = 0;
            before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 40; i++)
            {
                read += queue.PeekOldest(buffer, 0);
                acked += queue.Ack(queue.OldestId) ? 1 : 0;
            }

            long drainBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(40 * 200, read);
            Assert.Equal(40, acked);
            _output.WriteLine("append (with drop): " + ((double)appendBytes / n) + " bytes per message; peek + ack: " + (drainBytes / 40.0) + " bytes per message");
            Assert.True(queue.Dropped >= n, "the measured appends should each have dropped one");
            Assert.Equal(queue.Dropped, events.Drops);
            Assert.Equal(0, appendBytes);
            Assert.Equal(0, drainBytes);
        }

        [Fact]
        public void Append_WithoutDrops_AllocatesZeroBytes()
        {
            OutboundQueueLimits limits = new OutboundQueueLimits(maxRecords: 4000, maxBytes: 1 << 20, maxMessageSize: 256);
            MemoryStorage flash = new MemoryStorage(limits.DataCapacity);
            flash.Preallocate(OutboundQueue.DataName, OutboundQueue.IndexNameA, OutboundQueue.IndexNameB);
            OutboundQueue queue = new OutboundQueue(flash, new RecordingEventSink(), limits);
            queue.Open();
            byte[] message = OutboundQueueTests.Message(3, 200);
            for (int i = 0; i < 200; i++)
            {
                // Warm-up past the runtime's tier-up of the append path.
                queue.Append(message, 0, message.Length);
            }

            // A per-message allocation shows in every batch; the runtime's own one-off work on this
            // thread (tiered re-JIT, type loading) can land in one batch under load, so the least of
            // three batches is the steady state.
            long allocated = long.MaxValue;
            for (int batch = 0; batch < 3 && allocated != 0; batch++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 1000; i++)
                {
                    queue.Append(message, 0, message.Length);
                }

                allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            _output.WriteLine("append: " + (allocated / 1000.0) + " bytes per message");
            Assert.Equal(0, queue.Dropped);
            Assert.Equal(0, allocated);
        }

        /// <summary>An event sink that only counts (the recording sink's growing list would be measured otherwise).</summary>
        private sealed class CountingEventSink : IEventSink
        {
            public long Drops { get; private set; }

            public void Record(SecurityEventCode code, long detail)
            {
                if (code == SecurityEventCode.QueueMessageDropped)
                {
                    Drops++;
                }
            }
        }
    }
}
