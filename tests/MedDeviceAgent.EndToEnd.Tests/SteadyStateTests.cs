using System.Threading.Tasks;
using MedDeviceAgent.EndToEnd.Tests.Support;

namespace MedDeviceAgent.EndToEnd.Tests
{
    /// <summary>Scenario a: devices publish through the broker into the store with nothing going wrong.</summary>
    [Collection(ChainCollection.Name)]
    public sealed class SteadyStateTests
    {
        private readonly ChainFixture _fixture;

        /// <summary>Uses the shared PKI.</summary>
        public SteadyStateTests(ChainFixture fixture)
        {
            _fixture = fixture;
        }

        /// <summary>Three devices, 50 ms period: every message stored once, in order, no rejection.</summary>
        [Theory]
        [MemberData(nameof(ChainMatrix.BrokersAndStores), MemberType = typeof(ChainMatrix))]
        public async Task Chain_SteadyState_EveryMessageStoredOnceInOrder(string broker, string store)
        {
            await using Chain chain = await Chain.StartAsync(_fixture, broker, store);
            chain.StartMonitor();
            chain.StartDevices(3, periodMs: 50);
            chain.WaitAcknowledged(25);
            chain.Finish();

            Assert.Empty(chain.AssertEveryMessageExactlyOnce(replaysAllowed: false));
        }
    }
}
