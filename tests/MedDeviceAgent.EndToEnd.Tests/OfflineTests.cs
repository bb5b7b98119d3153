using System.Threading;
using System.Threading.Tasks;
using MedDeviceAgent.EndToEnd.Tests.Support;

namespace MedDeviceAgent.EndToEnd.Tests
{
    /// <summary>Scenario d: one device's link goes dead (black hole both ways, no reset) for many telemetry periods, then comes back.</summary>
    [Collection(ChainCollection.Name)]
    public sealed class OfflineTests
    {
        private const int Period = 50;
        private const int RefusedPeriod = 100;

        private readonly ChainFixture _fixture;

        /// <summary>Uses the shared PKI.</summary>
        public OfflineTests(ChainFixture fixture)
        {
            _fixture = fixture;
        }

        /// <summary>
        /// The device notices only by its timeouts, keeps taking telemetry into its flash queue while the link is dead for 60 periods, and once
        /// the link is back sends the backlog oldest first: everything arrives once, in order; the other devices are not
        /// disturbed.
        /// </summary>
        [Theory]
        [MemberData(nameof(ChainMatrix.BrokersAndStores), MemberType = typeof(ChainMatrix))]
        public async Task Chain_DeviceOfflineForManyPeriods_BacklogStoredOnceInOrder(string broker, string store)
        {
            await using Chain chain = await Chain.StartAsync(_fixture, broker, store);
            chain.StartMonitor();
            chain.StartDevices(3, periodMs: Period);
            chain.WaitAcknowledged(10);

            ChainDevice offline = chain.Devices[0];
            offline.Relay.Blackhole(RelayDirection.Both);
            int queuedAtCut = offline.Queued.Count;
            int othersAtCut = chain.Devices[1].Acknowledged.Count;

            // 60 periods. While a connection attempt hangs (up to its timeout) the agent's single loop takes no reading:
            // the device queues one reading per attempt, not one per period (docs/device-agent.md, Timing).
            Thread.Sleep(60 * Period);
            Assert.True(Poll.Until(() => !offline.IsConnected && offline.QueueCount >= 3, Chain.Wait), "the device did not go offline and queue\n" + chain.Diagnostics());
            int backlog = offline.QueueCount;
            int othersDuring = chain.Devices[1].Acknowledged.Count;
            offline.Relay.Restore();

            chain.Finish();
            Assert.Empty(chain.AssertEveryMessageExactlyOnce(replaysAllowed: true));
            Assert.True(backlog >= 3, "backlog " + backlog);
            Assert.True(othersDuring > othersAtCut, "the other devices were held up: " + othersAtCut + " then " + othersDuring);
            Assert.True(offline.Relay.DroppedBytes > 0, "the black hole dropped nothing");
        }

        /// <summary>
        /// The device's network refuses it (every connection reset at once) for 100 periods: connection attempts fail
        /// fast, so it takes a reading every period; once back it sends the backlog (more than the broker's publish
        /// burst) oldest first: everything arrives once, in order.
        /// </summary>
        [Theory]
        [MemberData(nameof(ChainMatrix.BrokersAndStores), MemberType = typeof(ChainMatrix))]
        public async Task Chain_DeviceRefusedForManyPeriods_BacklogStoredOnceInOrder(string broker, string store)
        {
            await using Chain chain = await Chain.StartAsync(_fixture, broker, store);
            chain.StartMonitor();

            // Half the embedded broker's publish rate (BrokerLimits.PublishesPerSecond, 20/s): a device that produced at the
            // limit could never send its backlog, which the broker only takes at the limit (held, never dropped).
            chain.StartDevices(3, periodMs: RefusedPeriod);
            chain.WaitAcknowledged(10);

            ChainDevice offline = chain.Devices[0];
            offline.Relay.Refuse = true;
            offline.Relay.Sever();
            Assert.True(Poll.Until(() => !offline.IsConnected && offline.QueueCount >= 100, Chain.Wait), "the device did not queue 100 periods offline\n" + chain.Diagnostics());
            offline.Relay.Refuse = false;

            chain.Finish();
            Assert.Empty(chain.AssertEveryMessageExactlyOnce(replaysAllowed: true));
        }
    }
}
