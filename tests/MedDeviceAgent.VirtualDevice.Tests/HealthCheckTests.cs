using System;
using System.Text;
using MedDeviceAgent.Firmware;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// Both health checks judge the image's bytes, [0, imageSize) of the slot, and nothing after
    /// them: the virtual device's marker scan and the ESP32 self-test (its source linked in here).
    /// </summary>
    public class HealthCheckTests
    {
        private static readonly byte[] Marker = Encoding.ASCII.GetBytes(MarkerHealthCheck.FailMarker);

        [Fact]
        public void MarkerCheck_MarkerAfterImageSize_Healthy()
        {
            MemoryStorage flash = SlotWith(1000, markerAt: 1000);

            Assert.True(new MarkerHealthCheck(flash).Check(1, 1000));
        }

        [Fact]
        public void MarkerCheck_MarkerEndingOnLastImageByte_Unhealthy()
        {
            MemoryStorage flash = SlotWith(1000, markerAt: 1000 - Marker.Length);

            Assert.False(new MarkerHealthCheck(flash).Check(1, 1000));
        }

        [Fact]
        public void MarkerCheck_MarkerStraddlingImageEnd_Healthy()
        {
            MemoryStorage flash = SlotWith(1000, markerAt: 1000 - Marker.Length + 1);

            Assert.True(new MarkerHealthCheck(flash).Check(1, 1000));
        }

        [Fact]
        public void MarkerCheck_MarkerAcrossScanBlocks_Unhealthy()
        {
            MemoryStorage flash = SlotWith(200 * 1024, markerAt: (64 * 1024) - 5);

            Assert.False(new MarkerHealthCheck(flash).Check(1, 200 * 1024));
        }

        [Fact]
        public void SelfTest_SlotHoldsImage_Healthy()
        {
            MemoryStorage flash = SlotWith(1000, markerAt: -1);

            Assert.True(new SelfTestHealthCheck(flash).Check(1, 1000));
            Assert.True(new SelfTestHealthCheck(flash).Check(1, 10));
        }

        [Theory]
        [InlineData(false, 0)]
        [InlineData(false, 5001)] // the slot holds 1,000 image bytes + 4,000 stale bytes
        [InlineData(true, 0)]
        [InlineData(true, 5001)]
        public void Check_SizeZeroOrBeyondSlot_Unhealthy(bool selfTest, int imageSize)
        {
            MemoryStorage flash = SlotWith(1000, markerAt: -1);
            IHealthCheck check = selfTest ? new SelfTestHealthCheck(flash) : new MarkerHealthCheck(flash);

            Assert.False(check.Check(1, imageSize));
        }

        [Fact]
        public void SelfTest_SlotMissing_Unhealthy()
        {
            Assert.False(new SelfTestHealthCheck(new MemoryStorage(4096)).Check(0, 1));
        }

        /// <summary>Flash whose slot 1 holds <paramref name="imageSize"/> bytes followed by 4,000 stale bytes, the marker written at <paramref name="markerAt"/> (negative: nowhere).</summary>
        private static MemoryStorage SlotWith(int imageSize, int markerAt)
        {
            byte[] slot = new byte[imageSize + 4000];
            Array.Fill(slot, (byte)'x');
            if (markerAt >= 0)
            {
                Marker.CopyTo(slot, markerAt);
            }

            MemoryStorage flash = new MemoryStorage(slot.Length);
            flash.Write(UpdateEngine.SlotName(1), 0, slot, 0, slot.Length);
            return flash;
        }
    }
}
