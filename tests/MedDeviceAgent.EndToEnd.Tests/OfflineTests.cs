using System.Threading.Tasks;
using MedDeviceAgent.EndToEnd.Tests.Support;

namespace MedDeviceAgent.EndToEnd.Tests
{
    /// <summary>Scenario d: one device's link goes dead (black hole both ways, no reset) for many telemetry periods, then comes back.</summary>
    [Collection(ChainCollection.Name)]
    public sealed class OfflineTests
    {
        private readonly ChainFixture _fixture;

        /// <summary>Uses the shared PKI.</summary>
        public OfflineTests(ChainFixture fixture)
        {
            _fixture = fixture;
        }

        /// <summary>
        /// The device notices only by its timeouts, keeps taking telemetry into its flash queue for 60 periods, and once
        /// the link is back sends the backlog oldest first: everything arrives once, in order; the other devices are not
        /// disturbed.
        /// </summary>
        [Theory]
        [MemberData(nameof(ChainMatrix.BrokersAndStores), MemberType = typeof(ChainMatrix))]
        public async Task Chain_DeviceOfflineForManyPeriods_BacklogStoredOnceInOrder(string broker, string store)
        {
            await using Chain chain = await Chain.StartAsync(_fixture, broker, store);
            chain.StartMonitor();
            chain.StartDevices(3, periodMs: 50);
            chain.WaitAcknowledged(10);

            ChainDevice offline = chain.Devices[0];
            offline.Relay.Blackhole(RelayDirection.Both);
            int queuedAtCut = offline.Queued.Count;
            Assert.True(Poll.Until(() => offline.Queued.Count - queuedAtCut >= 60 && !offline.IsConnected, Chain.Wait), "the device did not queue 60 periods offline\n" + chain.Diagnostics());
            int backlog = offline.QueueCount;
            offline.Relay.Restore();

            chain.Finish();
            Assert.Empty(chain.AssertEveryMessageExactlyOnce(replaysAllowed: true));
            Assert.True(backlog >= 50, "backlog " + backlog);
            Assert.True(offline.Relay.DroppedBytes > 0, "the black hole dropped nothing");
        }
    }
}
