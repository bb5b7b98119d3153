using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Agent;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>Reads a queue's whole content the way the connection owner does: peek the oldest, ack it, repeat.</summary>
    internal static class QueueDrain
    {
        public static QueueSnapshot Drain(OutboundQueue queue, int maxMessageSize)
        {
            long dropped = queue.Dropped;
            List<(long Id, byte[] Payload)> messages = new List<(long Id, byte[] Payload)>();
            byte[] buffer = new byte[maxMessageSize];
            int guard = 0;
            while (true)
            {
                int length = queue.PeekOldest(buffer, 0);
                if (length < 0)
                {
                    break;
                }

                long id = queue.OldestId;
                messages.Add((id, buffer.AsSpan(0, length).ToArray()));
                Assert.True(queue.Ack(id), "ack of the oldest id " + id + " refused");
                Assert.True(++guard < 100_000, "queue never drained");
            }

            Assert.Equal(0, queue.Count);
            Assert.Equal(0, queue.PayloadBytes);
            return new QueueSnapshot(messages, dropped);
        }
    }
}
