using System;
using System.Security.Cryptography;
using MedDeviceAgent.Firmware.Core.Platform;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.Firmware.Core.Trust;
using MedDeviceAgent.Firmware.Core.Update;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.VirtualDevice.Platform;
using MedDeviceAgent.VirtualDevice.Tests.Fixtures;
using MedDeviceAgent.VirtualDevice.Tests.Support;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>
    /// State record format 2 (trust, update and reserved-counter sections) and the in-place,
    /// power-safe upgrade of a device that holds format-1 records (issue 6, item 2).
    /// </summary>
    public class StateUpgradeTests
    {
        private static readonly TestKey Root = TestKey.Create(CoseAlgorithm.EdDSA);
        private static readonly TestKey Signer = TestKey.Create(CoseAlgorithm.EdDSA);

        [Fact]
        public void Load_Format1Fixture_ReadsEveryFieldOfTheOldRecord()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            StateRecordFormat1.WriteTo(flash);
            DeviceState state = new DeviceState();
            StateStore store = new StateStore(flash);

            Assert.True(store.Load(new DeviceStateCodec(state)));

            Assert.Equal(DeviceStateCodec.Format1, store.LoadedFormat);
            AssertFixtureState(state, bootCount: 7);
        }

        [Fact]
        public void Load_Format1Fixture_UpgradesInPlaceOverTheOlderRecord()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            StateRecordFormat1.WriteTo(flash);
            StateStore store = new StateStore(flash);

            Assert.True(store.Load(new DeviceStateCodec(new DeviceState())));

            Assert.True(store.Upgraded);
            Assert.Equal(3, store.Sequence);
            Assert.Equal(DeviceStateCodec.Format2, RecordOnFlash(flash, StateStore.RecordA).Format);
            Assert.Equal(3, RecordOnFlash(flash, StateStore.RecordA).Sequence);
            Assert.Equal(Convert.FromHexString(StateRecordFormat1.RecordBHex), ReadBlob(flash, StateStore.RecordB));

            DeviceState reloaded = new DeviceState();
            StateStore again = new StateStore(flash);
            Assert.True(again.Load(new DeviceStateCodec(reloaded)));
            Assert.Equal(DeviceStateCodec.Format2, again.LoadedFormat);
            Assert.False(again.Upgraded);
            AssertFixtureState(reloaded, bootCount: 7);
            Assert.Equal(0, reloaded.CommandCounter);
            Assert.Equal(new byte[32], reloaded.EventLogHead);
        }

        [Fact]
        public void Format1Writer_FixtureState_ReproducesTheFixtureBytes()
        {
            // The test's format-1 writer (used to make old devices below) writes exactly what the first firmware did.
            MemoryStorage flash = new MemoryStorage(4096);
            StateRecordFormat1.WriteTo(flash);
            DeviceState state = new DeviceState();
            DeviceStateCodec codec = new DeviceStateCodec(state);
            Assert.True(codec.Decode(DeviceStateCodec.Format1, Convert.FromHexString(StateRecordFormat1.RecordBHex), StateStore.HeaderSize, 0x010C));

            Assert.Equal(Convert.FromHexString(StateRecordFormat1.RecordBHex), Format1Record(state, 2));
            state.Update.BootCount = 6;
            Assert.Equal(Convert.FromHexString(StateRecordFormat1.RecordAHex), Format1Record(state, 1));
        }

        [Fact]
        public void SaveThenLoad_Format2_RoundTripsEveryFieldIncludingTheReservedCounters()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            DeviceState state = FullState();
            new StateStore(flash).Save(new DeviceStateCodec(state));
            DeviceState loaded = new DeviceState();

            StateStore store = new StateStore(flash);
            Assert.True(store.Load(new DeviceStateCodec(loaded)));

            Assert.Equal(DeviceStateCodec.Format2, store.LoadedFormat);
            Assert.Equal(0x1122334455667788L, loaded.CommandCounter);
            Assert.Equal(41L, loaded.EventLogSequence);
            Assert.Equal(state.EventLogHead, loaded.EventLogHead);
            Assert.Equal(12L, loaded.TelemetryBootCounter);
            Assert.Equal(long.MaxValue, loaded.TelemetrySequence);
            Assert.Equal(state.Trust.Root.KeyId, loaded.Trust.Root.KeyId);
            Assert.Equal(CoseAlgorithm.ES256, loaded.Trust.Root.Algorithm);
            Assert.Equal(TrustState.MaxRevokedKeys, loaded.Trust.RevokedCount);
            Assert.Equal(state.Trust.RevokedKeyIds, loaded.Trust.RevokedKeyIds);
            Assert.Equal(new string('v', 64), loaded.Trust.VendorId);
            Assert.Equal(UpdatePhase.Trial, loaded.Update.Phase);
            Assert.Equal(int.MaxValue, loaded.Update.Pending.Size);
            Assert.Equal(long.MaxValue, loaded.Update.SecurityFloor);
            Assert.Equal((int)UpdateResult.HealthCheckFailed, loaded.Update.LastResult);
            Assert.Equal(99, loaded.Update.BootCount);
        }

        [Fact]
        public void Encode_LargestState_FitsTheRecord()
        {
            DeviceState state = FullState();
            byte[] buffer = new byte[StateStore.MaxRecordSize];

            int length = new DeviceStateCodec(state).Encode(buffer, StateStore.HeaderSize, StateStore.MaxBodySize);

            Assert.InRange(length, 900, 1100);
        }

        [Fact]
        public void Load_Format2SectionsOutOfOrderOrCut_RecordRefused()
        {
            DeviceState state = FullState();
            byte[] body = new byte[StateStore.MaxBodySize];
            int length = new DeviceStateCodec(state).Encode(body, 0, body.Length);
            DeviceStateCodec codec = new DeviceStateCodec(new DeviceState());

            Assert.True(codec.Decode(DeviceStateCodec.Format2, body, 0, length));
            Assert.False(codec.Decode(DeviceStateCodec.Format2, body, 0, length - 1));
            Assert.False(codec.Decode(DeviceStateCodec.Format2, Append(body, length, 0), 0, length + 1));
            Assert.False(codec.Decode(DeviceStateCodec.Format1, body, 0, length));
            Assert.False(codec.Decode(3, body, 0, length));
            body[0] = DeviceStateCodec.UpdateSection;
            Assert.False(codec.Decode(DeviceStateCodec.Format2, body, 0, length));
        }

        [Fact]
        public void PowerOn_Format1DevicePowerCutAtEveryWriteOfTheUpgrade_ComesBackWithTheOldOrTheNewRecordNeverLost()
        {
            int writes = CountPowerOnWrites();
            Assert.True(writes >= 2, "the upgrade and the boot record are two writes, got " + writes);
            Random random = new Random(6);
            int runs = 0;
            int oldSeen = 0;
            int newSeen = 0;
            for (int cut = 1; cut <= writes; cut++)
            {
                foreach (int tear in new[] { 0, 1, random.Next(2, 300), random.Next(300, 600), int.MaxValue })
                {
                    MemoryStorage flash = OldDevice(out DeviceState expected);
                    CuttingStorage cutting = new CuttingStorage(flash, cut, tear);
                    SimDevice device = new SimDevice(cutting, new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true), 1 << 16, new UpdateOptions());
                    Assert.Throws<CuttingStorage.PowerCut>(() => device.PowerOn());

                    // Straight after the cut, before anything else writes: a whole record is on flash.
                    string where = "cut at write " + cut + ", torn after " + tear + " bytes";
                    StoredRecord newest = NewestDecodable(flash, out DeviceState seen);
                    Assert.True(newest.Format == DeviceStateCodec.Format1 || newest.Format == DeviceStateCodec.Format2, where + ": no record readable");
                    oldSeen += newest.Format == DeviceStateCodec.Format1 ? 1 : 0;
                    newSeen += newest.Format == DeviceStateCodec.Format2 ? 1 : 0;
                    AssertSameDevice(expected, seen, where);

                    // Powered on again it boots the factory image, in format 2, and still updates.
                    SimDevice again = new SimDevice(flash, new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true), 1 << 16, new UpdateOptions());
                    Assert.True(again.PowerOn(), where + ": did not boot");
                    Assert.Equal(0, again.Engine.BootedSlot);
                    Assert.Equal(DeviceStateCodec.Format2, NewestDecodable(flash, out seen).Format);
                    AssertSameDevice(expected, seen, where);
                    runs++;
                }
            }

            Assert.Equal(writes * 5, runs);
            Assert.True(oldSeen > 0 && newSeen > 0, "the cuts left the old record " + oldSeen + " times and the new one " + newSeen + " times");
            MemoryStorage last = OldDevice(out _);
            SimDevice updated = new SimDevice(last, new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true), 1 << 16, new UpdateOptions());
            Assert.True(updated.PowerOn());
            PackageForge forge = new PackageForge(Root, Signer) { Vendor = TestDevice.Vendor, DeviceClass = TestDevice.DeviceClass, SecurityCounter = 5 };
            Assert.Equal(UpdateResult.Accepted, updated.Install(new MemoryPackageSource(forge.Build()), new VerificationReport()));
            Assert.Equal(5, updated.Engine.State.Update.SecurityFloor);
        }

        /// <summary>A device provisioned by today's engine, then given the first firmware's records of the same state (A older, B newest).</summary>
        private static MemoryStorage OldDevice(out DeviceState expected)
        {
            MemoryStorage flash = new MemoryStorage(1 << 17);
            SimDevice device = new SimDevice(flash, new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true), 1 << 16, new UpdateOptions());
            TrustAnchor anchor = new TrustAnchor();
            anchor.Set(1, Root.Algorithm, Root.RawPublicKey, 0, Root.RawPublicKey.Length);
            device.Engine.Provision(TestDevice.Vendor, TestDevice.DeviceClass, "dev-old", anchor, TestDevice.FactoryImage, 1, 0, 0, 1);
            expected = new DeviceState();
            expected.CopyFrom(device.Engine.State);
            expected.Trust.RevocationVersion = 1;
            expected.Trust.RevokedCount = 1;
            expected.Trust.RevokedKeyIds[0] = 0x5A;
            expected.Update.BootCount = 3;
            byte[] older = Format1Record(expected, 1);
            byte[] newest = Format1Record(expected, 2);
            flash.Delete(StateStore.RecordA);
            flash.Delete(StateStore.RecordB);
            flash.Write(StateStore.RecordA, 0, older, 0, older.Length);
            flash.Write(StateStore.RecordB, 0, newest, 0, newest.Length);
            return flash;
        }

        private static int CountPowerOnWrites()
        {
            CuttingStorage counting = new CuttingStorage(OldDevice(out _), long.MaxValue, 0);
            SimDevice device = new SimDevice(counting, new ManualClock(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true), 1 << 16, new UpdateOptions());
            Assert.True(device.PowerOn());
            Assert.True(device.Engine.BootedSlot == 0);
            return (int)counting.Writes;
        }

        /// <summary>Same device: identity, root, revocation, images, floor, phase; the boot count may have advanced by the boot that was cut.</summary>
        private static void AssertSameDevice(DeviceState expected, DeviceState seen, string where)
        {
            Assert.True(expected.Trust.DeviceId == seen.Trust.DeviceId && expected.Trust.VendorId == seen.Trust.VendorId && expected.Trust.DeviceClass == seen.Trust.DeviceClass, where + ": identity");
            Assert.True(expected.Trust.Root.KeyId.AsSpan().SequenceEqual(seen.Trust.Root.KeyId) && expected.Trust.Root.Sequence == seen.Trust.Root.Sequence, where + ": root");
            Assert.True(seen.Trust.RevocationVersion == 1 && seen.Trust.RevokedCount == 1 && seen.Trust.RevokedKeyIds[0] == 0x5A, where + ": revocation list");
            Assert.True(seen.Update.ActiveSlot == 0 && seen.Update.Active.Digest.AsSpan().SequenceEqual(expected.Update.Active.Digest), where + ": active image");
            Assert.True(seen.Update.SecurityFloor == 1 && seen.Update.Phase == UpdatePhase.None, where + ": floor and phase");
            Assert.True(seen.Update.BootCount >= 3 && seen.Update.BootCount <= 5, where + ": boot count " + seen.Update.BootCount);
        }

        private static void AssertFixtureState(DeviceState s, int bootCount)
        {
            Assert.Equal("acme", s.Trust.VendorId);
            Assert.Equal("pump-x1", s.Trust.DeviceClass);
            Assert.Equal("dev-0001", s.Trust.DeviceId);
            Assert.Equal(2, s.Trust.Root.Sequence);
            Assert.Equal(CoseAlgorithm.EdDSA, s.Trust.Root.Algorithm);
            Assert.Equal(32, s.Trust.Root.KeyLength);
            Assert.Equal(StateRecordFormat1.RootKey(), s.Trust.Root.Key.AsSpan(0, 32).ToArray());
            Assert.Equal(SHA256.HashData(StateRecordFormat1.RootKey()).AsSpan(0, 16).ToArray(), s.Trust.Root.KeyId);
            Assert.Equal(3, s.Trust.RevocationVersion);
            Assert.Equal(2, s.Trust.RevokedCount);
            Assert.True(s.Trust.IsRevoked(Filled(16, 0x77), 0));
            Assert.True(s.Trust.IsRevoked(Counting(16, 0xC0), 0));
            Assert.Equal(1, s.Update.ActiveSlot);
            Assert.Equal("1.1.0", s.Update.Active.VersionText);
            Assert.Equal(2, s.Update.Active.SecurityCounter);
            Assert.Equal(20, s.Update.Active.Size);
            Assert.Equal(Counting(32, 0x10), s.Update.Active.Digest);
            Assert.Equal(2, s.Update.SecurityFloor);
            Assert.Equal(UpdatePhase.Staging, s.Update.Phase);
            Assert.Equal(0, s.Update.PendingSlot);
            Assert.Equal("1.2.0", s.Update.Pending.VersionText);
            Assert.Equal(3, s.Update.Pending.SecurityCounter);
            Assert.Equal(10240, s.Update.Pending.Size);
            Assert.Equal(Counting(32, 0x50), s.Update.Pending.Digest);
            Assert.Equal(4096, s.Update.StagedBytes);
            Assert.Equal((int)UpdateResult.Accepted, s.Update.LastResult);
            Assert.Equal(bootCount, s.Update.BootCount);
        }

        private static DeviceState FullState()
        {
            DeviceState state = new DeviceState();
            state.Trust.SetIdentity(new string('v', 64), new string('c', 64), new string('d', 64));
            TestKey p256 = TestKey.Create(CoseAlgorithm.ES256);
            state.Trust.Root.Set(int.MaxValue, CoseAlgorithm.ES256, p256.RawPublicKey, 0, p256.RawPublicKey.Length);
            state.Trust.RevocationVersion = int.MaxValue;
            state.Trust.RevokedCount = TrustState.MaxRevokedKeys;
            RandomNumberGenerator.Fill(state.Trust.RevokedKeyIds);
            state.Update.ActiveSlot = 0;
            state.Update.Active.Size = 4;
            state.Update.SecurityFloor = long.MaxValue;
            state.Update.Phase = UpdatePhase.Trial;
            state.Update.PendingSlot = 1;
            state.Update.Pending.Size = int.MaxValue;
            state.Update.StagedBytes = int.MaxValue;
            state.Update.LastResult = (int)UpdateResult.HealthCheckFailed;
            state.Update.BootCount = 99;
            state.CommandCounter = 0x1122334455667788L;
            state.EventLogSequence = 41;
            RandomNumberGenerator.Fill(state.EventLogHead);
            state.TelemetryBootCounter = 12;
            state.TelemetrySequence = long.MaxValue;
            return state;
        }

        /// <summary>A format-1 record as the first firmware wrote it: its header, its body (the shared groups in format-1 order), SHA-256.</summary>
        private static byte[] Format1Record(DeviceState state, int sequence)
        {
            byte[] buffer = new byte[StateStore.MaxRecordSize];
            RecordWriter w = new RecordWriter();
            w.Reset(buffer, StateStore.HeaderSize, StateStore.MaxBodySize);
            TrustStateCodec.WriteIdentity(w, state.Trust);
            UpdateStateCodec.WriteConfirmed(w, state.Update);
            TrustStateCodec.WriteRoot(w, state.Trust.Root);
            TrustStateCodec.WriteRevocation(w, state.Trust);
            UpdateStateCodec.WritePending(w, state.Update);
            Assert.True(w.Ok);
            int body = w.Length;
            new byte[] { 0x4D, 0x44, 0x53, 0x54, 1, 0, 0, 0 }.CopyTo(buffer, 0);
            LittleEndian.WriteInt32(buffer, 8, sequence);
            LittleEndian.WriteInt32(buffer, 12, body);
            SHA256.HashData(buffer.AsSpan(0, StateStore.HeaderSize + body)).CopyTo(buffer, StateStore.HeaderSize + body);
            return buffer.AsSpan(0, StateStore.HeaderSize + body + 32).ToArray();
        }

        private readonly record struct StoredRecord(int Format, int Sequence);

        /// <summary>Header of a blob as stored (no validation).</summary>
        private static StoredRecord RecordOnFlash(IStorage flash, string name)
        {
            byte[] blob = ReadBlob(flash, name);
            return new StoredRecord(blob[4], LittleEndian.ReadInt32(blob, 8));
        }

        /// <summary>The newest record whose digest holds and whose body decodes, read without writing anything.</summary>
        private static StoredRecord NewestDecodable(IStorage flash, out DeviceState state)
        {
            StoredRecord best = new StoredRecord(0, -1);
            state = new DeviceState();
            foreach (string name in new[] { StateStore.RecordA, StateStore.RecordB })
            {
                byte[] blob = ReadBlob(flash, name);
                if (blob.Length < StateStore.HeaderSize + 32)
                {
                    continue;
                }

                int sequence = LittleEndian.ReadInt32(blob, 8);
                int body = LittleEndian.ReadInt32(blob, 12);
                if (body < 0 || body > blob.Length - StateStore.HeaderSize - 32
                    || !SHA256.HashData(blob.AsSpan(0, StateStore.HeaderSize + body)).AsSpan().SequenceEqual(blob.AsSpan(StateStore.HeaderSize + body, 32)))
                {
                    continue;
                }

                DeviceState candidate = new DeviceState();
                if (sequence > best.Sequence && new DeviceStateCodec(candidate).Decode(blob[4], blob, StateStore.HeaderSize, body))
                {
                    best = new StoredRecord(blob[4], sequence);
                    state = candidate;
                }
            }

            return best;
        }

        private static byte[] ReadBlob(IStorage flash, string name)
        {
            int length = flash.GetLength(name);
            byte[] blob = new byte[Math.Max(0, length)];
            flash.Read(name, 0, blob, 0, blob.Length);
            return blob;
        }

        private static byte[] Append(byte[] body, int length, byte extra)
        {
            byte[] longer = new byte[length + 1];
            Array.Copy(body, longer, length);
            longer[length] = extra;
            return longer;
        }

        private static byte[] Filled(int count, byte value)
        {
            byte[] bytes = new byte[count];
            Array.Fill(bytes, value);
            return bytes;
        }

        private static byte[] Counting(int count, int first)
        {
            byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++)
            {
                bytes[i] = (byte)(first + i);
            }

            return bytes;
        }

        /// <summary>
        /// Wraps any storage and cuts the power at the chosen mutating call: that write reaches the
        /// medium torn after <c>tear</c> bytes (all of them when larger), then the call throws.
        /// </summary>
        private sealed class CuttingStorage : IStorage
        {
            private readonly IStorage _inner;
            private readonly long _cutAt;
            private readonly int _tear;

            public CuttingStorage(IStorage inner, long cutAt, int tear)
            {
                _inner = inner;
                _cutAt = cutAt;
                _tear = tear;
            }

            public long Writes { get; private set; }

            public int GetLength(string name) => _inner.GetLength(name);

            public int Read(string name, int position, byte[] buffer, int offset, int count) => _inner.Read(name, position, buffer, offset, count);

            public void Write(string name, int position, byte[] buffer, int offset, int count)
            {
                if (++Writes == _cutAt)
                {
                    _inner.Write(name, position, buffer, offset, Math.Min(count, _tear));
                    throw new PowerCut();
                }

                _inner.Write(name, position, buffer, offset, count);
            }

            public void Delete(string name)
            {
                if (++Writes == _cutAt)
                {
                    throw new PowerCut();
                }

                _inner.Delete(name);
            }

            public sealed class PowerCut : Exception
            {
                public PowerCut()
                    : base("power cut")
                {
                }
            }
        }
    }
}
