using System;
using System.Security.Cryptography;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Boards;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests.Boards
{
    /// <summary>Per board: the engine refuses at the manifest a payload one byte larger than the slot the board file gives, and takes one that fills it.</summary>
    public class BoardSlotCapacityTests
    {
        public static TheoryData<string> Boards()
        {
            TheoryData<string> names = new TheoryData<string>();
            foreach (string name in BoardCatalog.Names)
            {
                names.Add(name);
            }

            return names;
        }

        [Theory]
        [MemberData(nameof(Boards))]
        public void Install_PayloadOneByteOverBoardSlot_PayloadTooLargeBeforeAnyWrite(string name)
        {
            BoardProfile board = BoardCatalog.Get(name);
            TestDevice device = new TestDevice(board: board);
            Assert.Equal(board.SlotCapacityBytes, device.Device.Installer.SlotCapacity);
            PackageForge forge = device.Forge(counter: 3);
            forge.Payload = new byte[board.SlotCapacityBytes + 1];
            long writesBefore = device.Storage.WriteCount;
            int progressCalls = 0;
            device.Device.PayloadProgress = (done, total) => progressCalls++;

            UpdateResult result = device.Install(forge.Build());

            Assert.Equal(UpdateResult.PayloadTooLarge, result);
            Assert.Equal(writesBefore, device.Storage.WriteCount);
            Assert.Equal(0, progressCalls);
            Assert.Equal(-1, device.Storage.GetLength(UpdateEngine.SlotName(1)));
            Assert.Equal(UpdatePhase.None, device.State.Phase);
        }

        [Theory]
        [MemberData(nameof(Boards))]
        public void Install_PayloadExactlyBoardSlot_Confirmed(string name)
        {
            BoardProfile board = BoardCatalog.Get(name);
            TestDevice device = new TestDevice(board: board);
            PackageForge forge = device.Forge(counter: 3);
            forge.Payload = new byte[board.SlotCapacityBytes];
            new Random(7).NextBytes(forge.Payload);

            Assert.Equal(UpdateResult.Accepted, device.Install(forge.Build()));

            Assert.Equal(1, device.State.ActiveSlot);
            Assert.Equal(board.SlotCapacityBytes, device.State.Active.Size);
            Assert.Equal(SHA256.HashData(forge.Payload), device.BootedImageDigest());
        }

        [Theory]
        [MemberData(nameof(Boards))]
        public void Verify_PayloadOneByteOverBoardSlot_PayloadTooLarge(string name)
        {
            TestDevice device = new TestDevice(board: BoardCatalog.Get(name));
            PackageForge forge = device.Forge(counter: 3);
            forge.Payload = new byte[BoardCatalog.Get(name).SlotCapacityBytes + 1];

            Assert.Equal(UpdateResult.PayloadTooLarge, device.Verify(forge.Build()));
        }
    }
}
