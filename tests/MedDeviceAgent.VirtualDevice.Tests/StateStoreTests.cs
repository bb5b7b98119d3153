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
            new StateStore(flash).Save(new DeviceStateCodec(state));

            DeviceState loaded = new DeviceState();
            Assert.True(new StateStore(flash).Load(new DeviceStateCodec(loaded)));

            Assert.Equal("acme", loaded.Trust.VendorId);
            Assert.Equal("pump", loaded.Trust.DeviceClass);
            Assert.Equal("sn-1", loaded.Trust.DeviceId);
            Assert.Equal(1, loaded.Update.ActiveSlot);
            Assert.Equal("3.4.5", loaded.Update.Active.VersionText);
            Assert.Equal(9, loaded.Update.SecurityFloor);
            Assert.Equal(2, loaded.Trust.RevocationVersion);
            Assert.Equal(1, loaded.Trust.RevokedCount);
            Assert.True(loaded.Trust.IsRevoked(new byte[] { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 }, 0));
            Assert.Equal(UpdatePhase.Staging, loaded.Update.Phase);
            Assert.Equal(4096, loaded.Update.StagedBytes);
            Assert.Equal(state.Update.Active.Digest, loaded.Update.Active.Digest);
        }

        [Fact]
        public void Load_NewestRecordDamaged_FallsBackToThePreviousOne()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            StateStore store = new StateStore(flash);
            DeviceState state = SampleState();
            DeviceStateCodec codec = new DeviceStateCodec(state);
            store.Save(codec);
            state.Update.SecurityFloor = 10;
            store.Save(codec);

            // The second save went to state.b: flip a byte of it.
            byte[] one = new byte[1];
            flash.Read(StateStore.RecordB, 40, one, 0, 1);
            one[0] ^= 0xFF;
            flash.Write(StateStore.RecordB, 40, one, 0, 1);

            DeviceState loaded = new DeviceState();
            Assert.True(new StateStore(flash).Load(new DeviceStateCodec(loaded)));
            Assert.Equal(9, loaded.Update.SecurityFloor);
        }

        [Fact]
        public void Load_BothRecordsDamagedOrAbsent_ReturnsFalse()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            Assert.False(new StateStore(flash).Load(new DeviceStateCodec(new DeviceState())));

            new StateStore(flash).Save(new DeviceStateCodec(SampleState()));
            flash.Write(StateStore.RecordA, 0, new byte[] { 0 }, 0, 1);
            Assert.False(new StateStore(flash).Load(new DeviceStateCodec(new DeviceState())));
        }

        [Fact]
        public void Save_AlternatesRecordsWithRisingSequence()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            StateStore store = new StateStore(flash);
            DeviceStateCodec codec = new DeviceStateCodec(SampleState());
            store.Save(codec);
            store.Save(codec);
            store.Save(codec);

            Assert.Equal(3, store.Sequence);
            Assert.True(flash.GetLength(StateStore.RecordA) > 0);
            Assert.True(flash.GetLength(StateStore.RecordB) > 0);
            StateStore reopened = new StateStore(flash);
            Assert.True(reopened.Load(new DeviceStateCodec(new DeviceState())));
            Assert.Equal(3, reopened.Sequence);
        }

        private static DeviceState SampleState()
        {
            DeviceState state = new DeviceState();
            state.Trust.SetIdentity("acme", "pump", "sn-1");
            state.Update.ActiveSlot = 1;
            state.Update.Active.Major = 3;
            state.Update.Active.Minor = 4;
            state.Update.Active.Patch = 5;
            state.Update.Active.Size = 1234;
            state.Update.Active.Digest[0] = 0xAB;
            state.Update.SecurityFloor = 9;
            state.Trust.RevocationVersion = 2;
            state.Trust.RevokedCount = 1;
            for (int i = 0; i < 16; i++)
            {
                state.Trust.RevokedKeyIds[i] = 7;
            }

            state.Update.Phase = UpdatePhase.Staging;
            state.Update.Pending.Size = 8192;
            state.Update.StagedBytes = 4096;
            return state;
        }
    }
}
