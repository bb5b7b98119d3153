using System;
using System.Security.Cryptography;
using System.Text;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// An image is its declared bytes and nothing else: staging leaves no byte of an earlier image in
    /// the slot, the health check judges only [0, size), and an empty payload is no image at all.
    /// (Defects found by the held-out attack campaign, issue 6 item 11.)
    /// </summary>
    public class ImageBoundsTests
    {
        private const int LongImageSize = 4021;
        private const int ShortImageSize = 1000;

        [Fact]
        public void Install_HealthyImageAfterRevertedLongerImage_Confirms()
        {
            TestDevice device = new TestDevice();
            Assert.Equal(UpdateResult.HealthCheckFailed, device.Install(LongBrokenImage(device).Build()));

            PackageForge healthy = ShortHealthyImage(device);
            Assert.Equal(UpdateResult.Accepted, device.Install(healthy.Build()));

            Assert.Equal(1, device.State.ActiveSlot);
            Assert.Equal(3, device.State.SecurityFloor);
            Assert.Equal(SHA256.HashData(healthy.Payload), device.BootedImageDigest());
        }

        [Fact]
        public void Install_AfterLongerImageInSlot_SlotHoldsOnlyTheNewImage()
        {
            TestDevice device = new TestDevice();
            Assert.Equal(UpdateResult.HealthCheckFailed, device.Install(LongBrokenImage(device).Build()));
            Assert.Equal(LongImageSize, device.Storage.GetLength(UpdateEngine.SlotName(1)));

            device.Install(ShortHealthyImage(device).Build());

            Assert.Equal(ShortImageSize, device.Storage.GetLength(UpdateEngine.SlotName(1)));
        }

        [Fact]
        public void Install_ZeroLengthPayloadOverPreviousImage_RejectedAsInvalidManifest()
        {
            TestDevice device = new TestDevice();
            Assert.Equal(UpdateResult.Accepted, device.Install(device.Forge(2, "image two").Build()));
            byte[] empty = EmptyPayload(device).Build();

            Assert.Equal(UpdateResult.InvalidManifest, device.Verify(empty));
            Assert.Equal(UpdateResult.InvalidManifest, device.Install(empty));

            Assert.Equal("1.1.0", device.State.Active.VersionText);
            Assert.Equal(1, device.State.ActiveSlot);
            Assert.Equal(2, device.State.SecurityFloor);
            Assert.Equal(UpdatePhase.None, device.State.Phase);
        }

        [Fact]
        public void Install_ZeroLengthPayloadOnFreshDevice_RejectedAsInvalidManifest()
        {
            TestDevice device = new TestDevice();
            byte[] empty = EmptyPayload(device).Build();

            Assert.Equal(UpdateResult.InvalidManifest, device.Verify(empty));
            Assert.Equal(UpdateResult.InvalidManifest, device.Install(empty));
            Assert.Equal(0, device.State.ActiveSlot);
            Assert.Equal(1, device.State.SecurityFloor);
        }

        private static PackageForge LongBrokenImage(TestDevice device)
        {
            // The marker lies beyond the first 1,000 bytes: only a check of stale bytes can see it
            // once the shorter image is staged over it.
            byte[] image = new byte[LongImageSize];
            Array.Fill(image, (byte)'a');
            Encoding.ASCII.GetBytes(MarkerHealthCheck.FailMarker).CopyTo(image, 3000);
            PackageForge forge = device.Forge(counter: 2);
            forge.Payload = image;
            return forge;
        }

        private static PackageForge ShortHealthyImage(TestDevice device)
        {
            byte[] image = new byte[ShortImageSize];
            Array.Fill(image, (byte)'b');
            PackageForge forge = device.Forge(counter: 3);
            forge.Payload = image;
            return forge;
        }

        private static PackageForge EmptyPayload(TestDevice device)
        {
            PackageForge forge = device.Forge(counter: 3);
            forge.Version = new[] { 2, 0, 0 };
            forge.Payload = Array.Empty<byte>();
            return forge;
        }
    }
}
