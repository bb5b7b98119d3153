using System;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Firmware.Core.Cbor;

namespace MedDeviceAgent.Firmware.Core.Tests.Agent
{
    /// <summary>
    /// The state topic's payloads read back (<see cref="StatePayload.TryRead"/>) against the encoder the agent uses
    /// (<see cref="StatePayload.Write"/>, <see cref="StatePayload.CreateOfflineWill"/>), and every way a payload is refused.
    /// </summary>
    public class StatePayloadTests
    {
        /// <summary>docs/mqtt-wire-format.md: online, firmware 1.0.0, boot 2, phase 0, floor 3.</summary>
        private const string DocExample = "A60001" + "01F5" + "0265312E302E30" + "0302" + "0400" + "0503";

        private readonly CborReader _reader = new CborReader(new byte[0], 0, 0);

        [Fact]
        public void Write_DocumentedExample_KnownBytesReadBack()
        {
            byte[] bytes = Written(true, "1.0.0", 2, 0, 3);
            Assert.Equal(DocExample, Convert.ToHexString(bytes));
            StateReport report = new StateReport();
            Assert.True(StatePayload.TryRead(_reader, bytes, 0, bytes.Length, report));
            Assert.True(report.Online);
            Assert.False(report.FromWill);
            Assert.Equal(("1.0.0", 2L, 0, 3L), (report.FirmwareVersion, report.Boot, report.UpdatePhase, report.SecurityFloor));
        }

        [Fact]
        public void TryRead_OfflineWill_OfflineFromWillNoFields()
        {
            byte[] will = StatePayload.CreateOfflineWill();
            Assert.Equal("676F66666C696E65", Convert.ToHexString(will));
            StateReport report = new StateReport { Online = true, FirmwareVersion = "9.9.9", Boot = 4, SecurityFloor = 2 };
            Assert.True(StatePayload.TryRead(_reader, will, 0, will.Length, report));
            Assert.False(report.Online);
            Assert.True(report.FromWill);
            Assert.Null(report.FirmwareVersion);
            Assert.Equal((-1L, 0, 0L), (report.Boot, report.UpdatePhase, report.SecurityFloor));
        }

        [Fact]
        public void TryRead_CleanStopMap_OfflineWithFields()
        {
            byte[] bytes = Written(false, "2.4.1", 7, 3, 12);
            StateReport report = new StateReport();
            Assert.True(StatePayload.TryRead(_reader, bytes, 0, bytes.Length, report));
            Assert.False(report.Online);
            Assert.False(report.FromWill);
            Assert.Equal(("2.4.1", 7L, 3, 12L), (report.FirmwareVersion, report.Boot, report.UpdatePhase, report.SecurityFloor));
        }

        [Fact]
        public void TryRead_LargestState_FitsMaxStateSizeAndReadsBack()
        {
            string version = new string('9', 32);
            byte[] bytes = Written(true, version, 0xFFFFFFFFL, int.MaxValue, long.MaxValue);
            Assert.True(bytes.Length <= StatePayload.MaxStateSize, bytes.Length + " bytes");
            StateReport report = new StateReport();
            Assert.True(StatePayload.TryRead(_reader, bytes, 0, bytes.Length, report));
            Assert.Equal((version, 0xFFFFFFFFL, int.MaxValue, long.MaxValue), (report.FirmwareVersion, report.Boot, report.UpdatePhase, report.SecurityFloor));
        }

        [Fact]
        public void TryRead_MessageInsideALargerBuffer_ReadsOnlyItsSlice()
        {
            byte[] bytes = Convert.FromHexString("FFFF" + DocExample + "FF");
            StateReport report = new StateReport();
            Assert.True(StatePayload.TryRead(_reader, bytes, 2, bytes.Length - 3, report));
            Assert.Equal(2, report.Boot);
        }

        [Theory]
        [InlineData("", "empty")]
        [InlineData(DocExample + "00", "trailing byte")]
        [InlineData("A60002" + "01F5" + "0265312E302E30" + "0302" + "0400" + "0503", "version 2")]
        [InlineData("A5000101F50265312E302E3003020400", "missing security floor")]
        [InlineData("A7000101F50265312E302E30030204000503" + "0600", "extra key 6")]
        [InlineData("A6000101F50265312E302E3004000302" + "0503", "keys out of order")]
        [InlineData("A600010101" + "0265312E302E30" + "0302" + "0400" + "0503", "online as integer")]
        [InlineData("A6000101F6" + "0265312E302E30" + "0302" + "0400" + "0503", "online null")]
        [InlineData("A6000101F5" + "0260" + "0302" + "0400" + "0503", "empty firmware version")]
        [InlineData("A6000101F5" + "0245312E302E30" + "0302" + "0400" + "0503", "firmware version as bytes")]
        [InlineData("A6000101F5" + "0265312E302E30" + "031802" + "0400" + "0503", "non-shortest boot")]
        [InlineData("A6000101F5" + "0265312E302E30" + "031B0000000100000000" + "0400" + "0503", "boot over 32 bits")]
        [InlineData("A6000101F5" + "0265312E302E30" + "0302" + "0400" + "0523", "negative floor")]
        [InlineData("A6000101F5" + "0265312E302E30" + "0302" + "041A80000000" + "0503", "phase over int")]
        [InlineData("A6000101F5" + "0265C3282E302E" + "0302" + "0400" + "0503", "invalid UTF-8 version")]
        [InlineData("BF000101F50265312E302E30030204000503FF", "indefinite-length map")]
        [InlineData("A66176010101F50265312E302E30030204000503", "text key")]
        [InlineData("86000101F50265312E302E30030204000503", "array, not a map")]
        [InlineData("D8" + "18" + "A6000101F50265312E302E30030204000503", "tagged map")]
        [InlineData("666F6E6C696E65", "another text: online")]
        [InlineData("676F66666C696E6500", "will with a trailing byte")]
        [InlineData("786F66666C696E65", "non-shortest will head")]
        [InlineData("476F66666C696E65", "will as a byte string")]
        [InlineData("F5", "a bare boolean")]
        public void TryRead_HostilePayload_RefusedAndReportUnchanged(string hex, string why)
        {
            byte[] bytes = Convert.FromHexString(hex);
            StateReport report = new StateReport { Online = true, FirmwareVersion = "keep", Boot = 42, UpdatePhase = 1, SecurityFloor = 5 };
            Assert.False(StatePayload.TryRead(_reader, bytes, 0, bytes.Length, report), why);
            Assert.True(report.Online);
            Assert.False(report.FromWill);
            Assert.Equal(("keep", 42L, 1, 5L), (report.FirmwareVersion, report.Boot, report.UpdatePhase, report.SecurityFloor));
        }

        [Fact]
        public void TryRead_EveryTruncationOfAValidMap_Refused()
        {
            byte[] bytes = Written(true, "1.0.0", 2, 0, 3);
            StateReport report = new StateReport();
            for (int length = 0; length < bytes.Length; length++)
            {
                Assert.False(StatePayload.TryRead(_reader, bytes, 0, length, report), length + " bytes");
            }
        }

        [Fact]
        public void TryRead_OverMaxStateSize_RefusedBeforeParsing()
        {
            // A valid will followed by padding would be refused for trailing bytes too; a map over the bound is refused for its size.
            byte[] bytes = new byte[StatePayload.MaxStateSize + 1];
            byte[] will = StatePayload.CreateOfflineWill();
            Array.Copy(will, bytes, will.Length);
            Assert.False(StatePayload.TryRead(_reader, bytes, 0, bytes.Length, new StateReport()));
            Assert.True(StatePayload.TryRead(_reader, bytes, 0, will.Length, new StateReport()));
        }

        [Fact]
        public void TryRead_NullArguments_Throw()
        {
            byte[] will = StatePayload.CreateOfflineWill();
            Assert.Throws<ArgumentNullException>(() => StatePayload.TryRead(null!, will, 0, will.Length, new StateReport()));
            Assert.Throws<ArgumentNullException>(() => StatePayload.TryRead(_reader, null!, 0, 0, new StateReport()));
            Assert.Throws<ArgumentNullException>(() => StatePayload.TryRead(_reader, will, 0, will.Length, null!));
        }

        private static byte[] Written(bool online, string version, long boot, int phase, long floor)
        {
            CborWriter writer = new CborWriter(StatePayload.MaxStateSize);
            StatePayload.Write(writer, online, version, boot, phase, floor);
            return writer.ToArray();
        }
    }
}
