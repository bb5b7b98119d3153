using System.Linq;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.EndToEnd.Tests.Support;
using MedDeviceAgent.Protocol;
using MedDeviceAgent.TestSupport.Ingest;

namespace MedDeviceAgent.EndToEnd.Tests
{
    /// <summary>Scenario g: a genuine message delivered twice because its PUBACK was lost (the broker-to-device direction black-holed).</summary>
    [Collection(ChainCollection.Name)]
    public sealed class DuplicateDeliveryTests
    {
        private readonly ChainFixture _fixture;

        /// <summary>Uses the shared PKI.</summary>
        public DuplicateDeliveryTests(ChainFixture fixture)
        {
            _fixture = fixture;
        }

        /// <summary>The broker got the message and the monitor stored it, the device never saw the PUBACK and sends it again after its reconnect: stored once, the copy recorded as Replayed.</summary>
        [Theory]
        [MemberData(nameof(ChainMatrix.BrokersAndStores), MemberType = typeof(ChainMatrix))]
        public async Task Chain_PubAckLost_MessageSentAgainStoredOnceRecordedAsReplayed(string broker, string store)
        {
            await using Chain chain = await Chain.StartAsync(_fixture, broker, store);
            chain.StartMonitor();
            chain.StartDevices(3, periodMs: 50);
            chain.WaitAcknowledged(10);

            ChainDevice device = chain.Devices[0];
            using (ITelemetryStore view = StoreKind.Open(chain.Db))
            {
                device.Relay.Blackhole(RelayDirection.ServerToClient);

                // Stored, but not acknowledged to the device; then the device gives up on the PUBACK and drops the link.
                bool storedNotAcknowledged = Poll.Until(() => view.ReadSequences(device.DeviceId).Count > device.Acknowledged.Count, Chain.Wait);
                Assert.True(storedNotAcknowledged, "no message reached the store past the black hole\n" + chain.Diagnostics());
                Assert.True(Poll.Until(() => !device.IsConnected, Chain.Wait), "the device did not notice the lost PUBACK\n" + chain.Diagnostics());
                device.Relay.Restore();
                Assert.True(Poll.Until(() => view.ReadRejections(1000).Any(r => r.ClaimedDevice == device.DeviceId && r.Result == TelemetryResult.Replayed), Chain.Wait), "the copy was not recorded as Replayed\n" + chain.Diagnostics());
            }

            chain.Finish();
            Assert.Empty(chain.AssertEveryMessageExactlyOnce(replaysAllowed: true));
        }
    }
}
