using System;
using MedDeviceAgent.TestSupport.Faults;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests.Faults
{
    /// <summary>The clock decorator whose time jumps.</summary>
    public class JumpingClockTests
    {
        [Fact]
        public void UtcNowSeconds_NoJump_FollowsTheWrappedClock()
        {
            ManualClock inner = new ManualClock(1000, true);
            JumpingClock clock = new JumpingClock(inner);

            Assert.Equal(1000, clock.UtcNowSeconds);
            inner.Advance(5);
            Assert.Equal(1005, clock.UtcNowSeconds);
            Assert.True(clock.IsTrusted);
            Assert.Equal(2, clock.Reads);
        }

        [Fact]
        public void UtcNowSeconds_JumpForwardThenBack_MovesEveryLaterReading()
        {
            ManualClock inner = new ManualClock(1000, true);
            JumpingClock clock = new JumpingClock(inner);

            clock.Jump(3600);
            Assert.Equal(4600, clock.UtcNowSeconds);
            clock.Jump(-7200);
            Assert.Equal(-2600, clock.UtcNowSeconds);
            Assert.Equal(-3600, clock.OffsetSeconds);
            Assert.Equal(1000, inner.UtcNowSeconds);
        }

        [Fact]
        public void UtcNowSeconds_JumpAtRead_AppliesFromThatReadingOn()
        {
            JumpingClock clock = new JumpingClock(new ManualClock(1000, true));
            clock.JumpAtRead(3, -500);

            Assert.Equal(1000, clock.UtcNowSeconds);
            Assert.Equal(1000, clock.UtcNowSeconds);
            Assert.Equal(500, clock.UtcNowSeconds);
            Assert.Equal(500, clock.UtcNowSeconds);
            Assert.Equal(-500, clock.OffsetSeconds);
        }

        [Fact]
        public void JumpAtRead_AReadingAlreadyPast_Throws()
        {
            JumpingClock clock = new JumpingClock(new ManualClock(1000, true));
            _ = clock.UtcNowSeconds;

            Assert.Throws<ArgumentOutOfRangeException>(() => clock.JumpAtRead(1, 10));
        }

        [Fact]
        public void IsTrusted_Override_ReplacesTheWrappedClocksTrust()
        {
            ManualClock inner = new ManualClock(1000, true);
            JumpingClock clock = new JumpingClock(inner) { TrustOverride = false };
            Assert.False(clock.IsTrusted);

            clock.TrustOverride = null;
            inner.IsTrusted = false;
            Assert.False(clock.IsTrusted);
            inner.IsTrusted = true;
            Assert.True(clock.IsTrusted);
        }
    }
}
