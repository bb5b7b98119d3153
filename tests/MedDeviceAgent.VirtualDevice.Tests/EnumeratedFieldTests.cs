using System;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// Every enumerated field is checked against its exact allowed set on its full width before any
    /// narrowing cast (issue 6, item 11, third defect): signed statements carry 64-bit integers,
    /// and a state record that passes its checksum may still hold a value no firmware wrote.
    /// </summary>
    public class EnumeratedFieldTests
    {
        private const long TwoTo32 = 1L << 32;

        [Theory]
        [InlineData(TwoTo32 + 1)] // cut to 32 bits: 1, UpdateSigner
        [InlineData(TwoTo32 + 2)] // cut to 32 bits: 2, CommandSigner
        [InlineData(long.MaxValue)]
        [InlineData(3L)]
        [InlineData(0L)]
        public void Install_DelegationRoleOutsideTheKnownSet_RejectedAsWrongKeyRole(long role)
        {
            TestDevice device = new TestDevice();
            PackageForge forge = device.Forge();
            forge.RoleValue = role;

            AssertRejected(device, forge.Build(), UpdateResult.WrongKeyRole);
        }

        [Theory]
        [InlineData(CoseAlgorithm.EdDSA, TwoTo32 - 8)] // cut to 32 bits: -8, EdDSA
        [InlineData(CoseAlgorithm.EdDSA, -TwoTo32 - 8)]
        [InlineData(CoseAlgorithm.ES256, TwoTo32 - 7)] // cut to 32 bits: -7, ES256
        [InlineData(CoseAlgorithm.ES256, -TwoTo32 - 7)]
        [InlineData(CoseAlgorithm.EdDSA, 8L)]
        public void Install_DelegationAlgorithmOutsideTheKnownSet_RejectedAsInvalidDelegation(CoseAlgorithm algorithm, long value)
        {
            TestDevice device = new TestDevice(algorithm);
            PackageForge forge = device.Forge();
            forge.DelegationAlgorithmValue = value;

            AssertRejected(device, forge.Build(), UpdateResult.InvalidDelegation);
        }

        [Theory]
        [InlineData(CoseAlgorithm.EdDSA, TwoTo32 - 8)]
        [InlineData(CoseAlgorithm.ES256, TwoTo32 - 7)]
        [InlineData(CoseAlgorithm.EdDSA, -TwoTo32 - 8)]
        public void Install_RotationAlgorithmOutsideTheKnownSet_RejectedAsInvalidRootChain(CoseAlgorithm algorithm, long value)
        {
            TestDevice device = new TestDevice();
            TestKey root2 = TestKey.Create(algorithm);
            PackageForge forge = RootedAt(device, root2);
            forge.Rotations.Add(PackageForge.Rotation(device.Root, root2, 2, value));

            AssertRejected(device, forge.Build(), UpdateResult.InvalidRootChain);
            Assert.Equal(1, device.Trust.Root.Sequence);
        }

        [Fact]
        public void Install_RotationSequenceCutTo32BitsWouldBeNext_RejectedAsInvalidRootChain()
        {
            TestDevice device = new TestDevice();
            TestKey root2 = TestKey.Create(CoseAlgorithm.EdDSA);
            PackageForge forge = RootedAt(device, root2);
            forge.Rotations.Add(PackageForge.Rotation(device.Root, root2, TwoTo32 + 2));

            AssertRejected(device, forge.Build(), UpdateResult.InvalidRootChain);
        }

        [Fact]
        public void Install_ExactValuesStillAccepted_RotationAndDelegationWithLongEncodings()
        {
            // The same statements written through the 64-bit paths of the forge still verify.
            TestDevice device = new TestDevice();
            TestKey root2 = TestKey.Create(CoseAlgorithm.EdDSA);
            PackageForge forge = RootedAt(device, root2);
            forge.RoleValue = (long)KeyRole.UpdateSigner;
            forge.DelegationAlgorithmValue = (long)CoseAlgorithm.EdDSA;
            forge.Rotations.Add(PackageForge.Rotation(device.Root, root2, 2L, (long)CoseAlgorithm.EdDSA));

            Assert.Equal(UpdateResult.Accepted, device.Install(forge.Build()));
            Assert.Equal(2, device.Trust.Root.Sequence);
        }

        [Theory]
        [InlineData("root algorithm unknown")]
        [InlineData("root key length not the algorithm's")]
        [InlineData("root sequence 0")]
        [InlineData("phase unknown")]
        [InlineData("active slot 2")]
        [InlineData("pending slot 5")]
        [InlineData("staging into the active slot")]
        [InlineData("staged beyond the pending image")]
        [InlineData("negative floor")]
        [InlineData("negative image size")]
        public void Load_NewestRecordHoldsAValueOutsideItsSet_RefusedAndThePreviousRecordLoaded(string damage)
        {
            MemoryStorage flash = new MemoryStorage(4096);
            StateStore store = new StateStore(flash);
            DeviceState good = SampleState();
            store.Save(new DeviceStateCodec(good));
            DeviceState bad = SampleState();
            Spoil(bad, damage);
            store.Save(new DeviceStateCodec(bad));

            DeviceState loaded = new DeviceState();
            StateStore reopened = new StateStore(flash);

            Assert.True(reopened.Load(new DeviceStateCodec(loaded)));
            Assert.Equal(1, reopened.Sequence);
            Assert.Equal(UpdatePhase.Staging, loaded.Update.Phase);
            Assert.Equal(1, loaded.Update.ActiveSlot);
            Assert.Equal(CoseAlgorithm.EdDSA, loaded.Trust.Root.Algorithm);
            Assert.Equal(9, loaded.Update.SecurityFloor);
        }

        [Fact]
        public void Load_OnlyRecordHoldsAnUnknownRootAlgorithm_NoStateAndTrustsNothing()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            DeviceState bad = SampleState();
            Spoil(bad, "root algorithm unknown");
            new StateStore(flash).Save(new DeviceStateCodec(bad));
            DeviceState loaded = new DeviceState();

            Assert.False(new StateStore(flash).Load(new DeviceStateCodec(loaded)));
            Assert.Equal(0, loaded.Trust.Root.KeyLength);
        }

        [Fact]
        public void Load_NextSaveAfterRefusedNewest_OverwritesTheRefusedRecord()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            StateStore store = new StateStore(flash);
            store.Save(new DeviceStateCodec(SampleState()));
            DeviceState bad = SampleState();
            Spoil(bad, "phase unknown");
            store.Save(new DeviceStateCodec(bad));

            DeviceState loaded = new DeviceState();
            StateStore reopened = new StateStore(flash);
            DeviceStateCodec codec = new DeviceStateCodec(loaded);
            Assert.True(reopened.Load(codec));
            loaded.Update.SecurityFloor = 11;
            reopened.Save(codec);

            // The good record (state.a) is kept; the save replaced the refused one (state.b).
            DeviceState again = new DeviceState();
            Assert.True(new StateStore(flash).Load(new DeviceStateCodec(again)));
            Assert.Equal(11, again.Update.SecurityFloor);
            Assert.Equal(2, new StateStoreProbe(flash).SequenceOf(StateStore.RecordB));
            Assert.Equal(1, new StateStoreProbe(flash).SequenceOf(StateStore.RecordA));
        }

        /// <summary>A package whose delegation and revocation list are signed by <paramref name="newRoot"/> (the caller adds the rotation to it).</summary>
        private static PackageForge RootedAt(TestDevice device, TestKey newRoot)
        {
            PackageForge forge = device.Forge();
            forge.Root = newRoot;
            forge.DelegationSigner = newRoot;
            forge.RevocationSigner = newRoot;
            return forge;
        }

        private static void Spoil(DeviceState state, string damage)
        {
            switch (damage)
            {
                case "root algorithm unknown":
                    state.Trust.Root.Algorithm = (CoseAlgorithm)7;
                    break;
                case "root key length not the algorithm's":
                    state.Trust.Root.Algorithm = CoseAlgorithm.ES256;
                    break;
                case "root sequence 0":
                    state.Trust.Root.Sequence = 0;
                    break;
                case "phase unknown":
                    state.Update.Phase = (UpdatePhase)9;
                    break;
                case "active slot 2":
                    state.Update.ActiveSlot = 2;
                    break;
                case "pending slot 5":
                    state.Update.PendingSlot = 5;
                    break;
                case "staging into the active slot":
                    state.Update.PendingSlot = state.Update.ActiveSlot;
                    break;
                case "staged beyond the pending image":
                    state.Update.StagedBytes = state.Update.Pending.Size + 1;
                    break;
                case "negative floor":
                    state.Update.SecurityFloor = -1;
                    break;
                case "negative image size":
                    state.Update.Active.Size = -5;
                    break;
                default:
                    throw new ArgumentException(damage);
            }
        }

        private static DeviceState SampleState()
        {
            DeviceState state = new DeviceState();
            state.Trust.SetIdentity("acme", "pump", "sn-1");
            byte[] key = new byte[32];
            key[0] = 1;
            state.Trust.Root.Set(1, CoseAlgorithm.EdDSA, key, 0, key.Length);
            state.Update.ActiveSlot = 1;
            state.Update.Active.Size = 1234;
            state.Update.SecurityFloor = 9;
            state.Update.Phase = UpdatePhase.Staging;
            state.Update.PendingSlot = 0;
            state.Update.Pending.Size = 8192;
            state.Update.StagedBytes = 4096;
            return state;
        }

        private static void AssertRejected(TestDevice device, byte[] package, UpdateResult expected)
        {
            long floor = device.State.SecurityFloor;
            Assert.Equal(expected, device.Verify(package));
            Assert.Equal(expected, device.Install(package));
            Assert.Equal(0, device.State.ActiveSlot);
            Assert.Equal(floor, device.State.SecurityFloor);
            Assert.Equal(UpdatePhase.None, device.State.Phase);
        }

        /// <summary>Reads the sequence number from a record's header (bytes 8-11), whatever its body.</summary>
        private sealed class StateStoreProbe
        {
            private readonly MemoryStorage _flash;

            public StateStoreProbe(MemoryStorage flash) => _flash = flash;

            public int SequenceOf(string record)
            {
                byte[] header = new byte[StateStore.HeaderSize];
                _flash.Read(record, 0, header, 0, header.Length);
                return LittleEndian.ReadInt32(header, 8);
            }
        }
    }
}
