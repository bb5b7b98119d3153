using System;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Agent.Support;
using MedDeviceAgent.VirtualDevice.Tests.Support;
using Xunit.Abstractions;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>
    /// Allocations per telemetry message of the device agent on the host build: build the reading, encode, MAC (portable
    /// HMAC), append to the flash queue and delete it after its (simulated) PUBACK, on preallocated in-memory flash.
    /// </summary>
    [Collection(SerialCollection.Name)]
    public sealed class DeviceAgentAllocationTests
    {
        private readonly ITestOutputHelper _output;

        public DeviceAgentAllocationTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void CaptureTelemetry_AfterWarmUp_AllocatesAtMost16BytesPerMessage()
        {
            OutboundQueueLimits limits = new OutboundQueueLimits(64, 64 * 256, 256);
            MemoryStorage flash = new MemoryStorage(limits.DataCapacity);
            flash.Preallocate(OutboundQueue.DataName, OutboundQueue.IndexNameA, OutboundQueue.IndexNameB);
            AgentRig rig = new AgentRig(medium: flash, limits: limits);
            DeviceAgent agent = rig.Boot(new FakeBroker());
            agent.Start(0);
            for (int i = 0; i < 200; i++)
            {
                agent.CaptureTelemetry(i * 1000L);
                agent.Queue.Ack(agent.Queue.OldestId);
            }

            // The least of three batches: a per-message allocation shows in every batch, one-off runtime work in one at most.
            const int n = 1000;
            long least = long.MaxValue;
            for (int batch = 0; batch < 3 && least != 0; batch++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < n; i++)
                {
                    agent.CaptureTelemetry(1000000L + (i * 1000L));
                    agent.Queue.Ack(agent.Queue.OldestId);
                }

                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            double perMessage = (double)least / n;
            _output.WriteLine("encode + MAC + queue append + ack: " + perMessage + " bytes allocated per telemetry message");
            Assert.Equal(0, agent.Queue.Count);
            Assert.Equal(0, agent.Dropped);
            Assert.True(perMessage <= 16, perMessage + " bytes per message");
        }
    }
}
