using System;
using MedDeviceAgent.Firmware.Core.Storage;
using MedDeviceAgent.VirtualDevice.Platform;

namespace MedDeviceAgent.VirtualDevice.Tests
{
    /// <summary>StateStore over records of other names and a smaller buffer (the outbound queue's index): the same A/B behaviour, its own files.</summary>
    public class StateStoreNamedRecordsTests
    {
        [Fact]
        public void Save_NamedRecords_AlternatesBetweenThemAndLeavesTheDeviceRecordsAlone()
        {
            MemoryStorage flash = new MemoryStorage(4096);
            StateStore store = new StateStore(flash, "x.a", "x.b", 128);

            store.Save(new IntCodec { Value = 6 });
            store.Save(new IntCodec { Value = 7 });

            Assert.Equal(StateStore.HeaderSize + 4 + 32, flash.GetLength("x.a"));
            Assert.Equal(StateStore.HeaderSize + 4 + 32, flash.GetLength("x.b"));
            Assert.Equal(-1, flash.GetLength(StateStore.RecordA));
            Assert.Equal(-1, flash.GetLength(StateStore.RecordB));
            IntCodec loaded = new IntCodec();
            StateStore again = new StateStore(flash, "x.a", "x.b", 128);
            Assert.True(again.Load(loaded));
            Assert.Equal(2, again.Sequence);
            Assert.Equal(7, loaded.Value);
            Assert.False(new StateStore(flash).Load(new IntCodec()));
        }

        [Fact]
        public void Save_BodyLargerThanTheSmallerBuffer_Throws()
        {
            StateStore store = new StateStore(new MemoryStorage(4096), "x.a", "x.b", StateStore.HeaderSize + 32 + 3);
            Assert.Throws<InvalidOperationException>(() => store.Save(new IntCodec { Value = 1 }));
        }

        [Theory]
        [InlineData("x.a", "x.a", 128)]
        [InlineData("", "x.b", 128)]
        [InlineData("x.a", "x.b", 47)]
        [InlineData("x.a", "x.b", StateStore.MaxRecordSize + 1)]
        public void Constructor_BadNamesOrSize_Throws(string a, string b, int size)
        {
            Assert.Throws<ArgumentException>(() => new StateStore(new MemoryStorage(4096), a, b, size));
        }

        /// <summary>A one-field codec: a 4-byte body.</summary>
        private sealed class IntCodec : IStateCodec
        {
            public int Value { get; set; }

            public int Format => 1;

            public int Encode(byte[] buffer, int offset, int capacity)
            {
                if (capacity < 4)
                {
                    return -1;
                }

                LittleEndian.WriteInt32(buffer, offset, Value);
                return 4;
            }

            public bool Decode(int format, byte[] buffer, int offset, int length)
            {
                if (format != 1 || length != 4)
                {
                    return false;
                }

                Value = LittleEndian.ReadInt32(buffer, offset);
                return true;
            }
        }
    }
}
