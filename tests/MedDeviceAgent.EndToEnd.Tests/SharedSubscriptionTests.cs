using System.Linq;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.EndToEnd.Tests.Support;
using MedDeviceAgent.TestSupport;
using MedDeviceAgent.TestSupport.Ingest;

namespace MedDeviceAgent.EndToEnd.Tests
{
    /// <summary>Scenario h: two <c>mda monitor</c> processes on one MQTT 5 shared subscription into one PostgreSQL, one killed mid-stream (and started again: its session holds what was in flight to it).</summary>
    [Collection(ChainCollection.Name)]
    public sealed class SharedSubscriptionTests
    {
        private readonly ChainFixture _fixture;

        /// <summary>Uses the shared PKI.</summary>
        public SharedSubscriptionTests(ChainFixture fixture)
        {
            _fixture = fixture;
        }

        /// <summary>
        /// Every message of the real agents stored exactly once; a message may arrive after newer ones (a late delivery
        /// into its recorded gap), none is missing at the end. Mosquitto only: the embedded broker (MQTTnet server)
        /// refuses a shared subscription (SUBACK SharedSubscriptionsNotSupported), and the monitor then never reports
        /// itself connected (Ingest.Tests covers a refused subscription).
        /// </summary>
        [Theory]
        [InlineData(ChainBroker.Mosquitto)]
        public async Task Chain_TwoMonitorsOnSharedSubscriptionOneKilled_EveryMessageStoredOnce(string broker)
        {
            await using Chain chain = await Chain.StartAsync(_fixture, broker, StoreKind.Postgres);
            string second = _fixture.NextOperator();
            MdaProcess one = chain.StartMonitorProcess(share: "ingest");
            chain.StartMonitorProcess(second, share: "ingest");
            chain.StartDevices(4, periodMs: 50);
            chain.WaitStored(15);
            chain.Kill(one);
            long atKill = Stored(chain);
            int[] before = chain.Devices.Select(d => d.Acknowledged.Count).ToArray();
            chain.WaitAcknowledged(before.Max() + 20);
            Assert.True(Stored(chain) > atKill, "the other monitor stopped ingesting\n" + chain.Diagnostics());

            chain.StartMonitorProcess(share: "ingest");
            chain.Finish();
            Assert.Empty(chain.AssertEveryMessageExactlyOnce(replaysAllowed: true, ordered: false));
        }

        private static long Stored(Chain chain)
        {
            using ITelemetryStore store = StoreKind.Open(chain.Db);
            return store.ReadTotals().Telemetry;
        }
    }
}
