using System.Linq;
using System.Threading.Tasks;
using MedDeviceAgent.Companion.Ingest;
using MedDeviceAgent.EndToEnd.Tests.Support;
using MedDeviceAgent.TestSupport.Ingest;

namespace MedDeviceAgent.EndToEnd.Tests
{
    /// <summary>Scenario b: <c>mda monitor</c> killed with SIGKILL mid-stream and started again; the devices publish throughout.</summary>
    [Collection(ChainCollection.Name)]
    public sealed class MonitorKillTests
    {
        private readonly ChainFixture _fixture;

        /// <summary>Uses the shared PKI.</summary>
        public MonitorKillTests(ChainFixture fixture)
        {
            _fixture = fixture;
        }

        /// <summary>What the broker kept in the monitor's persistent session while it was dead arrives after the restart; a message committed but not acknowledged comes again and is recorded as Replayed, never stored twice.</summary>
        [Theory]
        [MemberData(nameof(ChainMatrix.BrokersAndStores), MemberType = typeof(ChainMatrix))]
        public async Task Chain_MonitorKilledAndRestarted_EveryMessageStoredOnceInOrder(string broker, string store)
        {
            await using Chain chain = await Chain.StartAsync(_fixture, broker, store);
            MdaProcess first = chain.StartMonitorProcess();
            chain.StartDevices(3, periodMs: 50);
            chain.WaitStored(15);
            chain.Kill(first);
            long atKill = Stored(chain);

            // The devices go on: their messages wait in the monitor's session on the broker.
            int[] before = chain.Devices.Select(d => d.Acknowledged.Count).ToArray();
            chain.WaitAcknowledged(before.Max() + 20);
            Assert.Equal(atKill, Stored(chain));

            chain.StartMonitorProcess();
            chain.Finish();

            Assert.Empty(chain.AssertEveryMessageExactlyOnce(replaysAllowed: true));
            Assert.True(Stored(chain) > atKill + 40, "killed mid-stream: " + atKill + " stored at the kill, " + Stored(chain) + " at the end");
        }

        private static long Stored(Chain chain)
        {
            using ITelemetryStore store = StoreKind.Open(chain.Db);
            return store.ReadTotals().Telemetry;
        }
    }
}
