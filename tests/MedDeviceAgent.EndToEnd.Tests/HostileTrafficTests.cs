using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.EndToEnd.Tests.Support;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Ingest;

namespace MedDeviceAgent.EndToEnd.Tests
{
    /// <summary>
    /// Scenario f: while the real devices stream, a client holding a device identity (its bundle: certificate, key and
    /// telemetry key; MQTTnet) publishes genuine messages and hostile ones on its own topic, as a compromised device or a
    /// broker in the middle would.
    /// </summary>
    [Collection(ChainCollection.Name)]
    public sealed class HostileTrafficTests
    {
        private readonly ChainFixture _fixture;

        /// <summary>Uses the shared PKI.</summary>
        public HostileTrafficTests(ChainFixture fixture)
        {
            _fixture = fixture;
        }

        /// <summary>
        /// Forged (bad MAC), another device's key id, replayed, reordered (an older boot after a newer one), oversized,
        /// not CBOR and CBOR that is not a COSE_Mac0: each rejected and recorded with its reason; the identity's genuine
        /// messages and every real device's stored exactly once, in order.
        /// </summary>
        [Theory]
        [MemberData(nameof(ChainMatrix.BrokersAndStores), MemberType = typeof(ChainMatrix))]
        public async Task Chain_HostileMessagesBetweenGenuineOnes_EachRejectedAndRecordedIngestGoesOn(string broker, string store)
        {
            await using Chain chain = await Chain.StartAsync(_fixture, broker, store);
            chain.StartMonitor();
            chain.StartDevices(3, periodMs: 50);
            chain.WaitStored(5);

            (string id, string bundle) = _fixture.IssueDevice("hostile");
            IssuedDevice hostile = new IssuedDevice(id, bundle, ChainDevice.DeviceClass);
            TestDevice impostor = new TestDevice(chain.Devices[0].DeviceId, ChainDevice.DeviceClass);
            await using (DevicePublisher client = new DevicePublisher(hostile, chain.Broker.Port))
            {
                byte[] forged = hostile.Telemetry.Message(1, 3);
                forged[^3] ^= 0x40;
                byte[] replayed = hostile.Telemetry.Message(1, 1);
                List<(string Step, byte[] Payload)> script = new List<(string, byte[])>
                {
                    ("genuine", hostile.Telemetry.Message(1, 0)),
                    ("genuine", replayed),
                    ("genuine", hostile.Telemetry.Message(1, 2)),
                    ("forged", forged),
                    ("genuine", hostile.Telemetry.Message(1, 3)),
                    ("replayed", replayed),
                    ("wrong device", impostor.Message(1, 4)),
                    ("genuine", hostile.Telemetry.Message(2, 0)),
                    ("reordered", hostile.Telemetry.Message(1, 4)),
                    ("oversized", new byte[2000]),
                    ("not CBOR", new byte[] { 0x1C, 0x00 }),
                    ("not COSE", new byte[] { 0x83, 0x01, 0x02, 0x03 }),
                    ("genuine", hostile.Telemetry.Message(2, 1)),
                };
                foreach ((string step, byte[] payload) in script)
                {
                    await client.PublishAsync(payload);
                    chain.WaitAcknowledged(chain.Devices.Min(d => d.Acknowledged.Count) + 1);
                }
            }

            chain.Finish();
            IReadOnlyList<RejectionRecord> others = Array.Empty<RejectionRecord>();
            using (ITelemetryStore view = StoreKind.Open(chain.Db))
            {
                Assert.True(Poll.Until(() => view.ReadSequences(hostile.Id).Count == 6 && view.ReadRejections(1000).Count(r => r.ClaimedDevice == hostile.Id) == 7, Chain.Wait), "hostile traffic not all recorded\n" + chain.Diagnostics());
                Assert.Equal(new[] { (1L, 0L), (1L, 1L), (1L, 2L), (1L, 3L), (2L, 0L), (2L, 1L) }, view.ReadSequences(hostile.Id));
            }

            others = chain.AssertEveryMessageExactlyOnce(replaysAllowed: false);
            Assert.Equal(
                new[] { TelemetryResult.TooLarge, TelemetryResult.MalformedCbor, TelemetryResult.InvalidCose, TelemetryResult.WrongDevice, TelemetryResult.BadMac, TelemetryResult.Replayed, TelemetryResult.StaleBoot }.OrderBy(r => r),
                others.Where(r => r.ClaimedDevice == hostile.Id).Select(r => r.Result).OrderBy(r => r));
            Assert.All(others, r => Assert.Equal(hostile.Id, r.ClaimedDevice));
            Assert.Contains(others, r => r.Result == TelemetryResult.TooLarge && r.Size == 2000);
        }
    }
}
