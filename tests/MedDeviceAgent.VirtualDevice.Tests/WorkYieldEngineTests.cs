using System;
using System.Collections.Generic;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Boards;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// The update engine reaches a yield point at least once per staging block and per block of the boot-time
    /// image check, so a device keeps feeding its watchdog and running its MQTT threads during a whole update.
    /// </summary>
    public class WorkYieldEngineTests
    {
        [Fact]
        public void Install_HookEntered_AtMostOneStagedBlockBetweenYields()
        {
            BoardProfile board = BoardCatalog.Get("esp32-4mb");
            TestDevice device = new TestDevice(board: board);
            PackageForge forge = device.Forge(counter: 3);
            forge.Payload = new byte[20 * 4096];
            new Random(11).NextBytes(forge.Payload);
            byte[] package = forge.Build();
            WriteCountingYield hook = new WriteCountingYield(device.Storage);
            int blocksSinceYield = 0;
            int mostBlocksBetweenYields = 0;
            hook.Yielded = () => blocksSinceYield = 0;
            device.Device.PayloadProgress = (done, total) => mostBlocksBetweenYields = Math.Max(mostBlocksBetweenYields, ++blocksSinceYield);

            UpdateResult result;
            using (WorkYield.Enter(hook))
            {
                result = device.Install(package);
            }

            Assert.Equal(UpdateResult.Accepted, result);
            Assert.Equal(1, mostBlocksBetweenYields);

            // Staging 20 blocks and the test boot's check of the new image (20 more) both pass yield points.
            Assert.True(hook.WriteCounts.Count >= 40 + 33, "yields " + hook.WriteCounts.Count);
            long most = 0;
            for (int i = 1; i < hook.WriteCounts.Count; i++)
            {
                most = Math.Max(most, hook.WriteCounts[i] - hook.WriteCounts[i - 1]);
            }

            // A block and its checkpoint; at the end of staging, the last block and the two state records of the
            // hand-over to the test boot (staged, then trial).
            Assert.True(most <= 3, "writes between two yields: " + most);
        }

        [Fact]
        public void PowerOn_HookEntered_YieldsForEveryBlockOfTheImageCheck()
        {
            TestDevice device = new TestDevice(board: BoardCatalog.Get("esp32-4mb"));
            PackageForge forge = device.Forge(counter: 3);
            forge.Payload = new byte[10 * 4096];
            Assert.Equal(UpdateResult.Accepted, device.Install(forge.Build()));
            WriteCountingYield hook = new WriteCountingYield(device.Storage);

            using (WorkYield.Enter(hook))
            {
                Assert.True(device.Device.PowerOn());
            }

            Assert.True(hook.WriteCounts.Count >= 10, "yields " + hook.WriteCounts.Count);
        }

        [Fact]
        public void Verify_HookOnAnotherThread_NeverCalledByThisThreadsUpdate()
        {
            TestDevice device = new TestDevice();
            RecordingCount other = new RecordingCount();
            using System.Threading.ManualResetEventSlim entered = new System.Threading.ManualResetEventSlim();
            using System.Threading.ManualResetEventSlim done = new System.Threading.ManualResetEventSlim();
            System.Threading.Thread thread = new System.Threading.Thread(() =>
            {
                using (WorkYield.Enter(other))
                {
                    entered.Set();
                    done.Wait();
                }
            });
            thread.Start();
            entered.Wait();

            UpdateResult result = device.Verify(device.Forge().Build());
            done.Set();
            thread.Join();

            Assert.Equal(UpdateResult.Accepted, result);
            Assert.Equal(0, other.Calls);
        }

        /// <summary>Records the storage's write count at every yield.</summary>
        private sealed class WriteCountingYield : IWorkYield
        {
            private readonly FaultInjectingStorage _storage;

            public WriteCountingYield(FaultInjectingStorage storage)
            {
                _storage = storage;
            }

            public List<long> WriteCounts { get; } = new List<long>();

            public Action? Yielded { get; set; }

            public void Yield()
            {
                WriteCounts.Add(_storage.WriteCount);
                Yielded?.Invoke();
            }
        }

        private sealed class RecordingCount : IWorkYield
        {
            public int Calls { get; private set; }

            public void Yield() => Calls++;
        }
    }
}
