using System.Linq;
using System.Threading.Tasks;
using MedDeviceAgent.EndToEnd.Tests.Support;

namespace MedDeviceAgent.EndToEnd.Tests
{
    /// <summary>Scenario e: the power of a connected device is cut at every write (boot, boot claim, queue appends, acknowledgements), on file flash, with the real broker and monitor.</summary>
    [Collection(ChainCollection.Name)]
    public sealed class PowerCutTests
    {
        /// <summary>Writes cut: the first cut at the first write after a power-on, the next at the second, and so on.</summary>
        public const int Writes = 24;

        private readonly ChainFixture _fixture;

        /// <summary>Uses the shared PKI.</summary>
        public PowerCutTests(ChainFixture fixture)
        {
            _fixture = fixture;
        }

        /// <summary>After each power-on the agent resumes under a new boot counter; nothing acknowledged is lost, no (boot, sequence) is reused, the store holds each message once.</summary>
        [Theory]
        [MemberData(nameof(ChainMatrix.BrokersAndStores), MemberType = typeof(ChainMatrix))]
        public async Task Chain_PowerCutAtEveryWrite_NothingAcknowledgedLostEachStoredOnce(string broker, string store)
        {
            await using Chain chain = await Chain.StartAsync(_fixture, broker, store);
            chain.StartMonitor();
            chain.StartDevices(2, periodMs: 50);
            chain.WaitAcknowledged(5);

            ChainDevice device = chain.Devices[0];
            device.CutAtEveryWrite(Writes);
            Assert.True(Poll.Until(() => device.CutsDone || device.IsDone, Chain.Wait), "the cuts did not all happen\n" + chain.Diagnostics());
            int acknowledgedAfterCuts = device.Acknowledged.Count;
            chain.WaitAcknowledged(acknowledgedAfterCuts + 5);

            chain.Finish();
            Assert.Empty(chain.AssertEveryMessageExactlyOnce(replaysAllowed: true));
            Assert.Equal(Writes, device.PowerCuts);
            Assert.True(device.Boots.Count >= 2, "boots " + string.Join(",", device.Boots));
            Assert.Equal(device.Boots.Count, device.Boots.Distinct().Count());
        }
    }
}
