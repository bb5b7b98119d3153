using System;
using System.Collections.Generic;
using System.Linq;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.Firmware.Core.Agent;
using MedDeviceAgent.Ingest.Tests.Support;
using MedDeviceAgent.Protocol;
using Xunit;

namespace MedDeviceAgent.Ingest.Tests
{
    /// <summary>
    /// Presence from the retained state topic on both databases: the agent's state map and Last Will recorded as
    /// broker-asserted presence, idempotently, every hostile state rejected with its reason, telemetry unaffected.
    /// </summary>
    public sealed class PresenceStoreTests
    {
        private readonly TestDevice _a = new TestDevice("dev-a");
        private readonly TestDevice _b = new TestDevice("dev-b");

        private TestKeys Keys => new TestKeys().Add(_a).Add(_b);

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_OnlineWillOnline_PresenceFollowsWithSinceAndFieldsKept(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            IngestProcessor processor = new IngestProcessor(Keys);

            IngestOutcome online = processor.Process(store, new[] { new IngestMessage(_a.StateTopic, TestDevice.State(true, 3, "2.0.1", 0, 6), 1000) })[0];
            Assert.Equal(TelemetryResult.StateRecorded, online.Result);
            Assert.True(online.StateAccepted);
            Assert.False(online.Stored);
            DevicePresence p = store.ReadPresence().Single();
            Assert.Equal(("dev-a", "pump", true, false, 1000L, 1000L), (p.DeviceId, p.DeviceClass, p.Online, p.FromWill, p.SinceMs, p.StateMs));
            Assert.Equal(("2.0.1", 3L, 0, 6L, 1L), (p.FirmwareVersion, p.Boot, p.UpdatePhase, p.SecurityFloor, p.States));

            // The link drops: the broker publishes the will. Offline since then; the last known fields stay.
            Assert.Equal(TelemetryResult.StateRecorded, processor.Process(store, new[] { new IngestMessage(_a.StateTopic, StatePayload.CreateOfflineWill(), 2000) })[0].Result);
            p = store.ReadPresence().Single();
            Assert.Equal((false, true, 2000L, 2000L, 2L), (p.Online, p.FromWill, p.SinceMs, p.StateMs, p.States));
            Assert.Equal(("2.0.1", 3L, 6L), (p.FirmwareVersion, p.Boot, p.SecurityFloor));
            Assert.Equal((0L, 1L), (store.ReadTotals().Online, store.ReadTotals().Offline));

            // Back online (same boot: a reconnect).
            Assert.Equal(TelemetryResult.StateRecorded, processor.Process(store, new[] { new IngestMessage(_a.StateTopic, TestDevice.State(true, 3, "2.0.1", 0, 6), 3000) })[0].Result);
            p = store.ReadPresence().Single();
            Assert.Equal((true, false, 3000L, 3L), (p.Online, p.FromWill, p.SinceMs, p.States));

            // A new boot comes online without an offline seen in between: a new online period.
            processor.Process(store, new[] { new IngestMessage(_a.StateTopic, TestDevice.State(true, 4, "2.0.1", 0, 6), 4000) });
            Assert.Equal((true, 4000L, 4L), (store.ReadPresence().Single().Online, store.ReadPresence().Single().SinceMs, store.ReadPresence().Single().Boot));

            // A clean stop (online false in the state map) is offline, not from the will.
            processor.Process(store, new[] { new IngestMessage(_a.StateTopic, TestDevice.State(false, 4, "2.0.1", 0, 6), 5000) });
            p = store.ReadPresence().Single();
            Assert.Equal((false, false, 5000L, 5L), (p.Online, p.FromWill, p.SinceMs, p.States));
            Assert.Equal(0, store.ReadTotals().Rejections);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_SameStateDeliveredAgain_StateUnchangedAndNothingWritten(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            byte[] state = TestDevice.State(true, 1);
            Assert.Equal(TelemetryResult.StateRecorded, new IngestProcessor(Keys).Process(store, new[] { new IngestMessage(_a.StateTopic, state, 1000) })[0].Result);

            // Retained: delivered again at every subscribe, by a restarted monitor (a new processor) or a second one.
            for (int i = 0; i < 3; i++)
            {
                IngestOutcome again = new IngestProcessor(Keys).Process(store, new[] { new IngestMessage(_a.StateTopic, state, 5000 + i) })[0];
                Assert.Equal(TelemetryResult.StateUnchanged, again.Result);
                Assert.Equal(1000, again.Presence!.SinceMs);
            }

            IngestOutcome[] both = new IngestProcessor(Keys).Process(store, new[] { new IngestMessage(_a.StateTopic, StatePayload.CreateOfflineWill(), 6000), new IngestMessage(_a.StateTopic, StatePayload.CreateOfflineWill(), 6001) });
            Assert.Equal(new[] { TelemetryResult.StateRecorded, TelemetryResult.StateUnchanged }, both.Select(o => o.Result));
            DevicePresence p = store.ReadPresence().Single();
            Assert.Equal((2L, 6000L, 6000L), (p.States, p.StateMs, p.SinceMs));
            Assert.Single(store.ReadDevices());
            Assert.Equal(0, store.ReadTotals().Rejections);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_HostileStates_EachRecordedWithItsReasonAndTelemetryStillStored(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            IngestProcessor processor = new IngestProcessor(Keys);
            byte[] trailing = TestDevice.State(true, 1).Concat(new byte[] { 0x00 }).ToArray();
            List<IngestMessage> batch = new List<IngestMessage>
            {
                _a.Received(1, 0),
                new IngestMessage(_a.StateTopic, new byte[StatePayload.MaxStateSize + 1], 1),
                new IngestMessage(_a.StateTopic, new byte[0], 2),
                new IngestMessage(_a.StateTopic, new byte[] { 0xA6, 0x00 }, 3),
                new IngestMessage(_a.StateTopic, trailing, 4),
                new IngestMessage(_a.StateTopic, System.Text.Encoding.ASCII.GetBytes("online"), 5),
                new IngestMessage("mda/v1/pump/dev-z/state", TestDevice.State(true, 1), 6),
                new IngestMessage("mda/v1/heater/dev-a/state", TestDevice.State(true, 1), 7),
                new IngestMessage("mda/v1/pump/dev-a/state/x", TestDevice.State(true, 1), 8),
                _a.Received(1, 1),
                new IngestMessage(_b.StateTopic, TestDevice.State(true, 9), 9),
                _b.Received(9, 0),
            };

            IngestOutcome[] outcomes = processor.Process(store, batch);

            Assert.Equal(
                new[]
                {
                    TelemetryResult.Accepted, TelemetryResult.TooLarge, TelemetryResult.TooLarge, TelemetryResult.InvalidState, TelemetryResult.InvalidState,
                    TelemetryResult.InvalidState, TelemetryResult.UnknownDevice, TelemetryResult.StateWrongClass, TelemetryResult.InvalidTopic, TelemetryResult.Accepted,
                    TelemetryResult.StateRecorded, TelemetryResult.Accepted,
                },
                outcomes.Select(o => o.Result));
            Assert.Equal(new[] { (1L, 0L), (1L, 1L) }, store.ReadSequences("dev-a"));
            Assert.Equal(new[] { (9L, 0L) }, store.ReadSequences("dev-b"));
            Assert.Equal("dev-b", store.ReadPresence().Single().DeviceId);
            IReadOnlyList<RejectionRecord> rejections = store.ReadRejections(20);
            Assert.Equal(8, rejections.Count);
            Assert.Equal(3, rejections.Count(r => r.Result == TelemetryResult.InvalidState && r.ClaimedDevice == "dev-a"));
            Assert.Equal(StatePayload.MaxStateSize + 1, rejections.Single(r => r.Result == TelemetryResult.TooLarge && r.Size > 0).Size);
            Assert.Equal("dev-z", rejections.Single(r => r.Result == TelemetryResult.UnknownDevice).ClaimedDevice);
            Assert.Equal(7, store.ReadTotals().StateRejections);
            Assert.DoesNotContain(store.ReadDevices(), d => d.DeviceId == "dev-z");
            DeviceState a = store.ReadDevices().Single(d => d.DeviceId == "dev-a");
            Assert.Equal((1L, 1L, 2L), (a.LastBoot, a.LastSequence, a.Messages));
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_StateBeforeTelemetry_NeverBindsClassNorMovesTheMark(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            IngestProcessor processor = new IngestProcessor(Keys);

            // The first thing seen is a state on another class's topic, claiming boot 99.
            Assert.Equal(TelemetryResult.StateRecorded, processor.Process(store, new[] { new IngestMessage("mda/v1/heater/dev-a/state", TestDevice.State(true, 99), 1) })[0].Result);
            DeviceState before = store.ReadDevices().Single();
            Assert.Equal((null, -1L, 0L), (before.DeviceClass, before.LastBoot, before.Messages));

            // Until telemetry binds a class, the presence's class is the one a state must name.
            Assert.Equal(TelemetryResult.StateWrongClass, processor.Process(store, new[] { new IngestMessage(_a.StateTopic, TestDevice.State(true, 99), 2) })[0].Result);

            // Authentic telemetry decides: boot 1 is accepted (the state's boot 99 is no mark), and the class is pump.
            IngestOutcome[] telemetry = processor.Process(store, new[] { _a.Received(1, 0), _a.Received(1, 1) });
            Assert.All(telemetry, o => Assert.Equal(TelemetryResult.Accepted, o.Result));
            DeviceState after = store.ReadDevices().Single();
            Assert.Equal(("pump", 1L, 1L), (after.DeviceClass, after.LastBoot, after.LastSequence));

            // From now on the bound class is the telemetry's.
            IngestOutcome[] states = processor.Process(store, new[] { new IngestMessage("mda/v1/heater/dev-a/state", TestDevice.State(true, 1), 3), new IngestMessage(_a.StateTopic, TestDevice.State(true, 1), 4) });
            Assert.Equal(new[] { TelemetryResult.StateWrongClass, TelemetryResult.StateRecorded }, states.Select(o => o.Result));
            Assert.Equal("pump", store.ReadPresence().Single().DeviceClass);
            Assert.Equal(TelemetryResult.Accepted, processor.Process(store, new[] { _a.Received(1, 2) })[0].Result);
        }

        [Theory]
        [MemberData(nameof(StoreKind.Both), MemberType = typeof(StoreKind))]
        public void Process_TelemetryWithDropTotal_DeviceQueueDropsRecorded(string kind)
        {
            using ITelemetryStore store = StoreKind.Open(StoreKind.NewDatabase(kind));
            IngestProcessor processor = new IngestProcessor(Keys);
            IngestOutcome[] outcomes = processor.Process(store, new[]
            {
                _a.Received(1, 0),
                new IngestMessage(_a.Topic, _a.Message(1, 1, queueDropped: 41), 2),
            });
            Assert.Equal(41, outcomes[1].QueueDrops);
            Assert.Equal(41, store.ReadDevices().Single().QueueDrops);
            processor.Process(store, new[] { new IngestMessage(_a.Topic, _a.Message(1, 2, queueDropped: 44), 3) });
            Assert.Equal(44, store.ReadDevices().Single().QueueDrops);
        }
    }
}
