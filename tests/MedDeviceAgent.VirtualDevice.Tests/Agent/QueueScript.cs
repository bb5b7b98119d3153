using System;
using System.Collections.Generic;

namespace MedDeviceAgent.VirtualDevice.Tests.Agent
{
    /// <summary>
    /// A fixed, seeded sequence of queue operations: appends of random sizes (0 to the largest
    /// message) and acknowledgements of the oldest message, enough to fill the queue, drop by records
    /// and by bytes, and wrap the ring several times.
    /// </summary>
    internal static class QueueScript
    {
        /// <summary>One step: an append of <paramref name="Payload"/>, or an ack (Payload null).</summary>
        internal readonly record struct Step(byte[]? Payload)
        {
            public bool IsAck => Payload == null;
        }

        public static List<Step> Build(int seed, int steps, int maxMessageSize)
        {
#pragma warning disable CA5394 // Test data.
            Random random = new Random(seed);
            List<Step> script = new List<Step>();
            int held = 0;
            for (int i = 0; i < steps; i++)
            {
                if (held > 0 && random.Next(10) < 3)
                {
                    script.Add(new Step(null));
                    held--;
                    continue;
                }

                byte[] payload = new byte[random.Next(0, maxMessageSize + 1)];
                random.NextBytes(payload);
                script.Add(new Step(payload));
                held++;
            }
#pragma warning restore CA5394

            return script;
        }
    }
}
