using System;
using System.Threading;
using MedDeviceAgent.Firmware.Core.Platform;

namespace MedDeviceAgent.Firmware.Core.Tests.Platform
{
    /// <summary>The per-thread registration of the core's yield hook.</summary>
    public class WorkYieldTests
    {
        [Fact]
        public void Point_HookOnlyOnAnotherLiveThread_CallsNothing()
        {
            RecordingWorkYield other = new RecordingWorkYield();
            using ManualResetEventSlim entered = new ManualResetEventSlim();
            using ManualResetEventSlim done = new ManualResetEventSlim();
            Thread thread = new Thread(() =>
            {
                using (WorkYield.Enter(other))
                {
                    entered.Set();
                    done.Wait();
                }
            });
            thread.Start();
            entered.Wait();

            WorkYield.Point();
            done.Set();
            thread.Join();

            Assert.Equal(0, other.Calls);
        }

        [Fact]
        public void Point_HookEntered_CalledOncePerPoint()
        {
            RecordingWorkYield hook = new RecordingWorkYield();
            using (WorkYield.Enter(hook))
            {
                WorkYield.Point();
                WorkYield.Point();
            }

            WorkYield.Point();
            Assert.Equal(2, hook.Calls);
        }

        [Fact]
        public void Point_AnotherThreadsHook_NotCalledFromThisThread()
        {
            RecordingWorkYield mine = new RecordingWorkYield();
            RecordingWorkYield theirs = new RecordingWorkYield();
            using (WorkYield.Enter(mine))
            {
                Thread other = new Thread(() =>
                {
                    using (WorkYield.Enter(theirs))
                    {
                        WorkYield.Point();
                    }
                });
                other.Start();
                other.Join();
                WorkYield.Point();
            }

            Assert.Equal(1, mine.Calls);
            Assert.Equal(1, theirs.Calls);
        }

        [Fact]
        public void Dispose_NestedScope_RestoresTheOuterHook()
        {
            RecordingWorkYield outer = new RecordingWorkYield();
            RecordingWorkYield inner = new RecordingWorkYield();
            using (WorkYield.Enter(outer))
            {
                WorkYieldScope scope = WorkYield.Enter(inner);
                WorkYield.Point();
                scope.Dispose();
                scope.Dispose();
                WorkYield.Point();
            }

            Assert.Equal(1, inner.Calls);
            Assert.Equal(1, outer.Calls);
        }

        [Fact]
        public void Enter_NullHook_Throws()
        {
            Assert.Throws<ArgumentNullException>(() => WorkYield.Enter(null!));
        }
    }
}
