using System;
using System.Threading.Tasks;
using MedDeviceAgent.TestSupport.Faults;

namespace MedDeviceAgent.VirtualDevice.Tests.Faults
{
    /// <summary>The package-source decorator that fails or stalls at an offset.</summary>
    public class FaultingPackageSourceTests
    {
        private static readonly byte[] Data = Bytes(100);

        [Fact]
        public void Read_NoFault_PassesEveryByteThrough()
        {
            using FaultingPackageSource source = new FaultingPackageSource(new MemoryPackageSource(Data));
            byte[] buffer = new byte[100];

            Assert.Equal(100, source.Length);
            Assert.Equal(100, source.Read(0, buffer, 0, 100));
            Assert.Equal(Data, buffer);
            Assert.Equal(0, source.FaultsRaised);
        }

        [Fact]
        public void Read_EndOfDataAtOffset_ReturnsTheBytesBeforeItThenZero()
        {
            using FaultingPackageSource source = new FaultingPackageSource(new MemoryPackageSource(Data), PackageSourceFault.EndOfData, 40);
            byte[] buffer = new byte[64];

            Assert.Equal(30, source.Read(10, buffer, 0, 64));
            Assert.Equal(Data.AsSpan(10, 30).ToArray(), buffer.AsSpan(0, 30).ToArray());
            Assert.Equal(0, source.Read(40, buffer, 0, 64));
            Assert.Equal(1, source.FaultsRaised);
        }

        [Fact]
        public void Read_TransportErrorAtOffset_ThrowsOnceThenTheConnectionIsHealthy()
        {
            using FaultingPackageSource source = new FaultingPackageSource(new MemoryPackageSource(Data), PackageSourceFault.TransportError, 50);
            byte[] buffer = new byte[20];

            Assert.Equal(20, source.Read(0, buffer, 0, 20));
            TransportFaultException fault = Assert.Throws<TransportFaultException>(() => source.Read(50, buffer, 0, 20));
            Assert.Equal(50, fault.Position);
            Assert.Equal(20, source.Read(50, buffer, 0, 20));
            Assert.Equal(Data.AsSpan(50, 20).ToArray(), buffer);
            Assert.Equal(1, source.FaultsRaised);
        }

        [Fact]
        public void Read_FaultNotOnce_FaultsEveryReadAtOrPastTheOffset()
        {
            using FaultingPackageSource source = new FaultingPackageSource(new MemoryPackageSource(Data), PackageSourceFault.TransportError, 50) { Once = false };
            byte[] buffer = new byte[10];

            Assert.Throws<TransportFaultException>(() => source.Read(50, buffer, 0, 10));
            Assert.Throws<TransportFaultException>(() => source.Read(60, buffer, 0, 10));
            Assert.Equal(10, source.Read(30, buffer, 0, 10));
            Assert.Equal(2, source.FaultsRaised);
        }

        [Fact]
        public async Task Read_StallAtOffset_BlocksUntilReleasedThenDeliversTheBytes()
        {
            using FaultingPackageSource source = new FaultingPackageSource(new MemoryPackageSource(Data), PackageSourceFault.Stall, 30);
            byte[] buffer = new byte[10];
            Task<int> reading = Task.Run(() => source.Read(30, buffer, 0, 10));

            Assert.True(source.WaitUntilStalled(TimeSpan.FromSeconds(10)), "the read never stalled");
            await Task.Delay(50);
            Assert.False(reading.IsCompleted, "a stalled read returned before its release");
            source.Release();

            Assert.Equal(10, await reading.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(Data.AsSpan(30, 10).ToArray(), buffer);
        }

        [Fact]
        public void Read_StallNeverReleased_ThrowsTimeoutInsteadOfHanging()
        {
            using FaultingPackageSource source = new FaultingPackageSource(new MemoryPackageSource(Data), PackageSourceFault.Stall, 0) { StallTimeout = TimeSpan.FromMilliseconds(20) };

            Assert.Throws<TimeoutException>(() => source.Read(0, new byte[4], 0, 4));
        }

        private static byte[] Bytes(int count)
        {
            byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++)
            {
                bytes[i] = (byte)(i + 1);
            }

            return bytes;
        }
    }
}
