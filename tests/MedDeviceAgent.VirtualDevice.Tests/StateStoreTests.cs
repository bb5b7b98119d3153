using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    public class StateStoreTests
    {
        [Fact]
        public void Save_ThenLoad_RoundTripsEveryField()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            DeviceState state = SampleState();
            new StateStore(flash).Save(state);

            DeviceState loaded = new DeviceState();
            Assert.True(new StateStore(flash).Load(loaded));

            Assert.Equal("acme", loaded.VendorId);
            Assert.Equal("pump", loaded.DeviceClass);
            Assert.Equal("sn-1", loaded.DeviceId);
            Assert.Equal(1, loaded.ActiveSlot);
            Assert.Equal("3.4.5", loaded.Active.VersionText);
            Assert.Equal(9, loaded.SecurityFloor);
            Assert.Equal(2, loaded.RevocationVersion);
            Assert.Equal(1, loaded.RevokedCount);
            Assert.True(loaded.IsRevoked(new byte[] { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 }, 0));
            Assert.Equal(UpdatePhase.Staging, loaded.Phase);
            Assert.Equal(4096, loaded.StagedBytes);
            Assert.Equal(state.Active.Digest, loaded.Active.Digest);
        }

        [Fact]
        public void Load_NewestRecordDamaged_FallsBackToThePreviousOne()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            StateStore store = new StateStore(flash);
            DeviceState state = SampleState();
            store.Save(state);
            state.SecurityFloor = 10;
            store.Save(state);

            // The second save went to state.b: flip a byte of it.
            byte[] one = new byte[1];
            flash.Read(StateStore.RecordB, 40, one, 0, 1);
            one[0] ^= 0xFF;
            flash.Write(StateStore.RecordB, 40, one, 0, 1);

            DeviceState loaded = new DeviceState();
            Assert.True(new StateStore(flash).Load(loaded));
            Assert.Equal(9, loaded.SecurityFloor);
        }

        [Fact]
        public void Load_BothRecordsDamagedOrAbsent_ReturnsFalse()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            Assert.False(new StateStore(flash).Load(new DeviceState()));

            new StateStore(flash).Save(SampleState());
            flash.Write(StateStore.RecordA, 0, new byte[] { 0 }, 0, 1);
            Assert.False(new StateStore(flash).Load(new DeviceState()));
        }

        [Fact]
        public void Save_AlternatesRecordsWithRisingSequence()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            StateStore store = new StateStore(flash);
            DeviceState state = SampleState();
            store.Save(state);
            store.Save(state);
            store.Save(state);

            Assert.Equal(3, store.Sequence);
            Assert.True(flash.GetLength(StateStore.RecordA) > 0);
            Assert.True(flash.GetLength(StateStore.RecordB) > 0);
            StateStore reopened = new StateStore(flash);
            Assert.True(reopened.Load(new DeviceState()));
            Assert.Equal(3, reopened.Sequence);
        }

        private static DeviceState SampleState()
        {
            DeviceState state = new DeviceState();
            state.SetIdentity("acme", "pump", "sn-1");
            state.ActiveSlot = 1;
            state.Active.Major = 3;
            state.Active.Minor = 4;
            state.Active.Patch = 5;
            state.Active.Size = 1234;
            state.Active.Digest[0] = 0xAB;
            state.SecurityFloor = 9;
            state.RevocationVersion = 2;
            state.RevokedCount = 1;
            for (int i = 0; i < 16; i++)
            {
                state.RevokedKeyIds[i] = 7;
            }

            state.Phase = UpdatePhase.Staging;
            state.StagedBytes = 4096;
            return state;
        }
    }
}
